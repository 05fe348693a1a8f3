import { z } from 'zod';
import { criteriaSet } from '../../domain/scoring/criteria.js';
import { AppError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import { cardContextOf } from '../card-context.js';
import { cardAction } from '../router.js';
import { answeredCard, roundCard } from './scoring-cards.js';

const PROBLEMS: Record<string, MessageKey> = {
  missingScore: 'evaluate.error.missingScore',
  scoreOutOfRange: 'evaluate.error.scoreOutOfRange',
  commentTooLong: 'evaluate.error.commentTooLong',
  unknownCriterion: 'evaluate.error.unknownCriterion',
  notAnEvaluator: 'evaluate.error.notAnEvaluator',
  closed: 'evaluate.error.closed',
};

/** The score form's inputs: score_<criterion>, comment_<criterion>, overallComment. */
const submission = z
  .object({ roundId: z.string().regex(/^[0-9a-f-]{36}$/, 'roundId'), overallComment: z.string().max(5_000).optional() })
  .catchall(z.unknown());

/** "Skicka bedömningen": stores the answer, shows the evaluator their scores next to the current mean. */
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
    const me = scope.sender;
    const outcome = await evaluations.submitAnswer(scope.tenantId, data.roundId, scope.conversationKey, me, { scores, comments, overallComment: data.overallComment });
    const c = cardContextOf(scope);
    if (!outcome.ok) {
      if (!('round' in outcome)) throw new AppError('notFound');
      const { problem, round } = outcome;
      const set = criteriaSet(round.criteriaSetId)!;
      const criterion = 'criterionId' in problem ? (set.criteria.find((x) => x.id === problem.criterionId)?.name[c.locale] ?? problem.criterionId) : '';
      const text = scope.t(PROBLEMS[problem.code]!, { criterion, max: 'max' in problem ? problem.max : '' });
      if (problem.code === 'closed') return { kind: 'card', card: roundCard(round, round.result?.answers ?? 0, c, text) };
      // The form stays as the person filled it in; the reason is shown to them.
      return { kind: 'message', text };
    }
    roundProgress.answered(outcome.round);
    return { kind: 'card', card: answeredCard(outcome.round, outcome.answer, { means: outcome.means, count: outcome.count }, c, { replaced: outcome.replaced }) };
  },
});

