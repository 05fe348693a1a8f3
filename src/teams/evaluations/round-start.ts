import { z } from 'zod';
import { FOCUS_AREAS, PHASES } from '../../domain/initiatives/initiative.js';
import { personKeys } from '../../domain/people/person.js';
import { NAME_MAX_LENGTH } from '../../domain/initiatives/initiative.js';
import { renderCard } from '../cards.js';
import { plainText } from '../card-context.js';
import { cardAction } from '../router.js';
import { beginRound } from './begin-round.js';

const person = z.object({ id: z.string().max(200).optional(), aadObjectId: z.string().max(100).optional(), name: z.string().max(200) });

/** A button of the "which initiative?" card: an existing initiative, or a new one with focus area and phase. */
export const startRoundChoiceAction = cardAction({
  verb: 'round.start',
  data: z.object({
    text: z.string().max(NAME_MAX_LENGTH + 400),
    evaluators: z.array(person).max(200),
    by: z.string().max(200),
    initiativeId: z.string().regex(/^[0-9a-f-]{36}$/).optional(),
    create: z.literal('new').optional(),
    focusArea: z.enum(FOCUS_AREAS).optional(),
    phase: z.enum(PHASES).optional(),
  }),
  async handle(scope, data) {
    if (!personKeys(scope.sender).includes(data.by)) {
      const starter = data.by ? await scope.people.resolve(data.by) : undefined;
      return { kind: 'message', text: scope.t('evaluate.unknown.onlyStarter', { name: starter?.name ?? '?' }) };
    }
    const choice = data.initiativeId
      ? { initiativeId: data.initiativeId }
      : { create: { focusArea: data.focusArea ?? 'other', phase: data.phase ?? 'concept' } };
    const outcome = await beginRound(scope, { text: data.text, evaluators: data.evaluators }, choice);
    if (outcome.kind === 'message') return { kind: 'message', text: outcome.text };
    if (outcome.kind === 'choose') return { kind: 'card', card: outcome.card };
    const note = renderCard('notice', { text: scope.t('evaluate.unknown.chosen', { person: plainText(scope.sender.name), name: plainText(outcome.name) }) });
    return { kind: 'card', card: note, updateMessage: true };
  },
});
