import { z } from 'zod';
import { mayAnswer } from '../../domain/scoring/round.js';
import { AppError } from '../../errors.js';
import { cardContextOf } from '../card-context.js';
import { cardAction } from '../router.js';
import { notAnEvaluatorText, personalRoundCard } from './round-view.js';
import { formCard } from './scoring-cards.js';

export const roundRef = z.object({ roundId: z.string().regex(/^[0-9a-f-]{36}$/, 'roundId') });

/** "Bedöm" on the round card: the score form, for the clicker only (prefilled when answering again). */
export const openRoundFormAction = cardAction({
  verb: 'round.open',
  data: roundRef,
  async handle(scope, { roundId }) {
    const { evaluations } = scope.services;
    const round = await evaluations.round(scope.tenantId, roundId);
    if (!round || round.conversationKey !== scope.conversationKey) throw new AppError('notFound');
    if (round.status !== 'open') return { kind: 'card', card: await personalRoundCard(scope, round) };
    // A stale Bedöm (from before the card knew who is looking) pressed by someone who is not an evaluator.
    if (!mayAnswer(round, scope.sender)) return { kind: 'message', text: notAnEvaluatorText(scope, round) };
    return { kind: 'card', card: formCard(round, await evaluations.answerOf(scope.tenantId, roundId, scope.sender), cardContextOf(scope)) };
  },
});
