import type { Feature } from '../router.js';
import { closeRoundCommand } from './close-round.js';
import { closeRoundAction } from './round-close.js';
import { openRoundFormAction } from './round-open.js';
import { submitRoundAction } from './round-submit.js';
import { startRoundCommand } from './start-round.js';

/** Evaluation rounds: start, answer, close. */
export const evaluations: Feature = {
  commands: [startRoundCommand, closeRoundCommand],
  cardActions: [openRoundFormAction, submitRoundAction, closeRoundAction],
};
