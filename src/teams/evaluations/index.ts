import type { Feature } from '../router.js';
import { closeRoundCommand } from './close-round.js';
import { closeRoundAction, confirmCloseRoundAction } from './round-close.js';
import { extendRoundAction, remindRoundAction, reopenRoundAction, viewRoundAction } from './round-lifecycle.js';
import { openRoundFormAction } from './round-open.js';
import { startRoundChoiceAction } from './round-start.js';
import { submitRoundAction } from './round-submit.js';
import { startRoundCommand } from './start-round.js';

/** Evaluation rounds: start (asking when the initiative is unknown), each person's view, answer, the creator's controls. */
export const evaluations: Feature = {
  commands: [startRoundCommand, closeRoundCommand],
  cardActions: [
    openRoundFormAction,
    submitRoundAction,
    closeRoundAction,
    confirmCloseRoundAction,
    startRoundChoiceAction,
    viewRoundAction,
    reopenRoundAction,
    extendRoundAction,
    remindRoundAction,
  ],
};
