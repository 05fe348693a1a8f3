import type { DueDate } from '../dates/due-date.js';
import { personKeys, samePerson, type PersonRef } from '../people/person.js';
import type { CriteriaSet } from './criteria.js';
import { SCORE_MAX, SCORE_MIN } from './criteria.js';

/**
 * An evaluation round: evaluators score one initiative on the criteria of a set, 1–5 each. One answer per
 * evaluator (answering again replaces it until the round closes); the result is the mean per criterion.
 */

export const COMMENT_MAX_LENGTH = 1_000;

export interface PostedMessage {
  conversationId: string;
  activityId: string;
}

export interface Round {
  id: string;
  tenantId: string;
  initiativeId: string;
  initiativeName: string;
  criteriaSetId: string;
  conversationKey: string;
  createdBy: PersonRef;
  createdAt: string;
  deadline?: DueDate;
  anonymous: boolean;
  /** Named evaluators: only they may answer. Empty = anyone in the conversation. */
  evaluators: PersonRef[];
  status: 'open' | 'closed';
  closedAt?: string;
  closedBy?: PersonRef | 'deadline';
  /** When the creator last sent "please answer" to those who had not (at most once a day). */
  remindedAt?: string;
  /** When the creator reopened the round after closing it (answers kept). */
  reopenedAt?: string;
  card?: PostedMessage;
  resultCard?: PostedMessage;
  result?: RoundResult;
}

export interface Answer {
  id: string;
  tenantId: string;
  roundId: string;
  evaluator: PersonRef;
  /** Criterion id → 1..5 */
  scores: Record<string, number>;
  /** Criterion id → optional comment */
  comments: Record<string, string>;
  overallComment?: string;
  submittedAt: string;
  updatedAt: string;
}

export interface CriterionResult {
  criterionId: string;
  /** Exact mean (unrounded); present with one decimal. */
  mean: number;
  min: number;
  max: number;
  count: number;
}

export interface RoundResult {
  criteria: CriterionResult[];
  overallMean: number;
  answers: number;
  comments: Array<{ criterionId?: string; text: string; by?: string }>;
  chartPath?: string;
}

export type AnswerProblem =
  | { code: 'missingScore'; criterionId: string }
  | { code: 'scoreOutOfRange'; criterionId: string; value: unknown }
  | { code: 'unknownCriterion'; criterionId: string }
  | { code: 'commentTooLong'; max: number }
  | { code: 'notAnEvaluator' }
  | { code: 'closed' };

export class AnswerRuleError extends Error {
  constructor(readonly problem: AnswerProblem) {
    super(`answer rule: ${problem.code}`);
    this.name = 'AnswerRuleError';
  }
}

/** Whether `person` may answer this round. */
export function mayAnswer(round: Round, person: PersonRef): boolean {
  return round.evaluators.length === 0 || round.evaluators.some((e) => samePerson(e, person));
}

/** Whether `person` is a named evaluator (not merely someone who may answer an open-to-all round). */
export function isNamedEvaluator(round: Round, person: PersonRef): boolean {
  return round.evaluators.some((e) => samePerson(e, person));
}

/** Named evaluators who have not answered yet. */
export function missingEvaluators(round: Round, answers: Answer[]): PersonRef[] {
  return round.evaluators.filter((e) => !answers.some((a) => samePerson(a.evaluator, e)));
}

/** The answer's id is the round and the evaluator: answering twice replaces, never duplicates. */
export function answerId(roundId: string, evaluator: PersonRef): string {
  const key = personKeys(evaluator)[0] ?? evaluator.name;
  return `${roundId}.${key.replace(/[^A-Za-z0-9-]/g, '_')}`;
}

/** Checks scores (every criterion, integers 1..5, nothing else) and comments, and builds the answer. */
export function buildAnswer(
  round: Round,
  set: CriteriaSet,
  evaluator: PersonRef,
  input: { scores: Record<string, unknown>; comments?: Record<string, string | undefined>; overallComment?: string },
  now: Date,
  previous?: Answer,
): Answer {
  if (round.status !== 'open') throw new AnswerRuleError({ code: 'closed' });
  if (!mayAnswer(round, evaluator)) throw new AnswerRuleError({ code: 'notAnEvaluator' });
  for (const id of Object.keys(input.scores)) {
    if (!set.criteria.some((c) => c.id === id)) throw new AnswerRuleError({ code: 'unknownCriterion', criterionId: id });
  }
  const scores: Record<string, number> = {};
  const comments: Record<string, string> = {};
  for (const criterion of set.criteria) {
    const raw = input.scores[criterion.id];
    if (raw === undefined || raw === null || raw === '') throw new AnswerRuleError({ code: 'missingScore', criterionId: criterion.id });
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(value) || value < SCORE_MIN || value > SCORE_MAX) throw new AnswerRuleError({ code: 'scoreOutOfRange', criterionId: criterion.id, value: raw });
    scores[criterion.id] = value;
    const comment = input.comments?.[criterion.id]?.trim();
    if (comment) {
      if (comment.length > COMMENT_MAX_LENGTH) throw new AnswerRuleError({ code: 'commentTooLong', max: COMMENT_MAX_LENGTH });
      comments[criterion.id] = comment;
    }
  }
  const overallComment = input.overallComment?.trim();
  if (overallComment && overallComment.length > COMMENT_MAX_LENGTH) throw new AnswerRuleError({ code: 'commentTooLong', max: COMMENT_MAX_LENGTH });
  const at = now.toISOString();
  return {
    id: answerId(round.id, evaluator),
    tenantId: round.tenantId,
    roundId: round.id,
    evaluator,
    scores,
    comments,
    ...(overallComment ? { overallComment } : {}),
    submittedAt: previous?.submittedAt ?? at,
    updatedAt: at,
  };
}

/** Per criterion: mean, min, max and count; the overall mean is the mean of the criterion means. */
export function computeResult(round: Round, set: CriteriaSet, answers: Answer[]): RoundResult {
  const criteria = set.criteria.map((criterion) => {
    const values = answers.map((a) => a.scores[criterion.id]).filter((v): v is number => typeof v === 'number');
    const sum = values.reduce((total, v) => total + v, 0);
    return {
      criterionId: criterion.id,
      mean: values.length ? sum / values.length : Number.NaN,
      min: values.length ? Math.min(...values) : Number.NaN,
      max: values.length ? Math.max(...values) : Number.NaN,
      count: values.length,
    };
  });
  const withValues = criteria.filter((c) => c.count > 0);
  const overallMean = withValues.length ? withValues.reduce((t, c) => t + c.mean, 0) / withValues.length : Number.NaN;
  const comments: RoundResult['comments'] = [];
  for (const answer of [...answers].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))) {
    const by = round.anonymous ? undefined : answer.evaluator.name;
    for (const criterion of set.criteria) {
      const text = answer.comments[criterion.id];
      if (text) comments.push({ criterionId: criterion.id, text, ...(by ? { by } : {}) });
    }
    if (answer.overallComment) comments.push({ text: answer.overallComment, ...(by ? { by } : {}) });
  }
  return { criteria, overallMean, answers: answers.length, comments };
}

/** One decimal, as presented to the Core Team. */
export const oneDecimal = (value: number): number => Math.round(value * 10) / 10;
