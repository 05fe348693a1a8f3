import { z } from 'zod';
import { criteriaSet } from '../../domain/scoring/criteria.js';
import { AppError } from '../../errors.js';
import { errorKey } from '../failure.js';
import { cardAction } from '../router.js';
import { notAnEvaluatorText, personalRoundCard } from './round-view.js';

/** The score form's inputs: score_<criterion>, comment_<criterion>, overallComment. */
const submission = z
  .object({ roundId: z.string().regex(/^[0-9a-f-]{36}$/, 'roundId'), overallComment: z.string().max(5_000).optional() })
  .catchall(z.unknown());

/**
 * "Skicka bedömningen": stores the answer and shows the evaluator their own view of the round card (their
 * scores, and the current mean unless anonymous). The shared progress update that follows cannot take this
 * away: the card's refresh brings each viewer's own view back.
 */
export const submitRoundAction = cardAction({
  verb: 'round.submit',
  data: submission,
  async handle(scope, data) {
    const { evaluations, roundProgress } = scope.services;
    const scores: Record<string, unknown> = {};
    const comments: Record<string, string> = {};
    for (const [key, value] of Object.entries(data)) {
      if (key.startsWith('score_')) scores[key.slice('score_'.length)] = value;
      else if (key.startsWith('comment_') && typeof value === 'string') comments[key.slice('comment_'.length)] = value;
    }
    const outcome = await evaluations.submitAnswer(scope.tenantId, data.roundId, scope.conversationKey, scope.sender, { scores, comments, overallComment: data.overallComment });
    if (!outcome.ok) {
      const { error } = outcome;
      if (!error.detail) throw new AppError('notFound');
      const { problem, round } = error.detail;
      if (problem.code === 'notAnEvaluator') return { kind: 'message', text: notAnEvaluatorText(scope, round) };
      const set = criteriaSet(round.criteriaSetId)!;
      const criterion = 'criterionId' in problem ? (set.criteria.find((x) => x.id === problem.criterionId)?.name[scope.locale] ?? problem.criterionId) : '';
      const text = scope.t(errorKey('roundAnswer', problem), { criterion, max: 'max' in problem ? problem.max : '' });
      if (problem.code === 'closed') return { kind: 'card', card: await personalRoundCard(scope, round, { notice: { text, tone: 'attention' } }) };
      // The form stays as the person filled it in; the reason is shown to them.
      return { kind: 'message', text };
    }
    const saved = outcome.value;
    roundProgress.answered(saved.round);
    return { kind: 'card', card: await personalRoundCard(scope, saved.round, { saved: saved.replaced ? 'updated' : 'saved' }, { answer: saved.answer, current: { means: saved.means, count: saved.count } }) };
  },
});
