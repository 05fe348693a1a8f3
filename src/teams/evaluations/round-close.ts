import { AppError } from '../../errors.js';
import { cardContextOf } from '../card-context.js';
import { cardAction } from '../router.js';
import { closeRoundFor } from './close.js';
import { roundCard } from './scoring-cards.js';
import { roundRef } from './round-open.js';

/** "Stäng rundan" on the round card (only its creator may). */
export const closeRoundAction = cardAction({
  verb: 'round.close',
  data: roundRef,
  async handle(scope, { roundId }) {
    const before = await scope.services.evaluations.round(scope.tenantId, roundId);
    if (!before || before.conversationKey !== scope.conversationKey) throw new AppError('notFound');
    const problem = await closeRoundFor(scope, roundId);
    if (problem) return { kind: 'message', text: problem };
    const round = (await scope.services.evaluations.round(scope.tenantId, roundId))!;
    return { kind: 'card', card: roundCard(round, round.result?.answers ?? 0, cardContextOf(scope)), updateMessage: true };
  },
});
