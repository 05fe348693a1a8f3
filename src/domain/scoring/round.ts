import { createHash } from 'node:crypto';
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
  /**
   * What the round has counted, kept up to date with every answer under the round's ETag (so the progress and the
   * means never re-list the answers). Absent on rounds stored before tallies existed: built once from the answers.
   */
  tally?: RoundTally;
}

/** A round's running count: enough to give the result's means, ranges and counts without reading any answer. */
export interface RoundTally {
  /** Answers counted. */
  answers: number;
  /**
   * Criterion id → how many answers gave each score (index score − SCORE_MIN). Sum, count, minimum and maximum
   * follow exactly, and an answer replaced is taken out again by subtracting its old scores.
   */
  histogram: Record<string, number[]>;
  /** The criterion ids in the order an entry's score digits follow. */
  criteria: string[];
  /**
   * Per answer (`tallyKey` of its id: 12 hex digits of its SHA-256, no person's id in the round): the scores counted
   * for it (what a re-submit subtracts), one digit per criterion, and when it was first submitted (ms, base 36):
   * `"34512.lt0x3k00"`. Packed, because every answer rewrites the round: ≈ 30 bytes per evaluator.
   */
  entries: Record<string, string>;
}

/** What the tally holds for one answer. */
export interface TallyEntry {
  scores: Record<string, number>;
  submittedAt: string;
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
  /** The evaluator's earlier answer (its first submission time is kept). */
  previous?: Pick<Answer, 'submittedAt'>,
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
  return { criteria, overallMean: overallMeanOf(criteria), answers: answers.length, comments: commentsOf(round, set, answers) };
}

/** The overall mean is the mean of the criterion means (criteria without answers left out). */
function overallMeanOf(criteria: CriterionResult[]): number {
  const withValues = criteria.filter((c) => c.count > 0);
  return withValues.length ? withValues.reduce((t, c) => t + c.mean, 0) / withValues.length : Number.NaN;
}

/** Every comment, oldest answer first; with the evaluator's name unless the round is anonymous. */
function commentsOf(round: Round, set: CriteriaSet, answers: Answer[]): RoundResult['comments'] {
  const comments: RoundResult['comments'] = [];
  for (const answer of [...answers].sort((a, b) => a.submittedAt.localeCompare(b.submittedAt))) {
    const by = round.anonymous ? undefined : answer.evaluator.name;
    for (const criterion of set.criteria) {
      const text = answer.comments[criterion.id];
      if (text) comments.push({ criterionId: criterion.id, text, ...(by ? { by } : {}) });
    }
    if (answer.overallComment) comments.push({ text: answer.overallComment, ...(by ? { by } : {}) });
  }
  return comments;
}

export function emptyTally(): RoundTally {
  return { answers: 0, histogram: {}, criteria: [], entries: {} };
}

/** The key an answer is counted under in the tally (a digest of the answer id, which holds the evaluator's key). */
export function tallyKey(answerId: string): string {
  return createHash('sha256').update(answerId).digest('hex').slice(0, 12);
}

/** What the tally counted for an answer id, if anything. */
export function countedAnswer(tally: RoundTally, id: string): TallyEntry | undefined {
  const packed = tally.entries[tallyKey(id)];
  if (packed === undefined) return undefined;
  const [digits = '', at = '0'] = packed.split('.');
  const scores: Record<string, number> = {};
  tally.criteria.forEach((criterionId, i) => {
    const value = Number(digits[i]);
    if (Number.isInteger(value) && digits[i] !== undefined) scores[criterionId] = value;
  });
  return { scores, submittedAt: new Date(parseInt(at, 36)).toISOString() };
}

/** The tally with `answer` counted; an earlier answer of the same id is taken out first (a re-submit replaces). */
export function withAnswer(tally: RoundTally, answer: Pick<Answer, 'id' | 'scores' | 'submittedAt'>): RoundTally {
  const histogram: Record<string, number[]> = {};
  for (const [criterionId, counts] of Object.entries(tally.histogram)) histogram[criterionId] = [...counts];
  const add = (scores: Record<string, number>, delta: 1 | -1) => {
    for (const [criterionId, value] of Object.entries(scores)) {
      if (!Number.isInteger(value) || value < SCORE_MIN || value > SCORE_MAX) continue;
      const counts = (histogram[criterionId] ??= new Array<number>(SCORE_MAX - SCORE_MIN + 1).fill(0));
      counts[value - SCORE_MIN] = Math.max(0, counts[value - SCORE_MIN]! + delta);
    }
  };
  const before = countedAnswer(tally, answer.id);
  if (before) add(before.scores, -1);
  add(answer.scores, 1);
  const criteria = [...tally.criteria];
  for (const criterionId of Object.keys(answer.scores).sort()) if (!criteria.includes(criterionId)) criteria.push(criterionId);
  const digits = criteria.map((criterionId) => String(answer.scores[criterionId] ?? '-')).join('');
  return {
    answers: tally.answers + (before ? 0 : 1),
    histogram,
    criteria,
    entries: { ...tally.entries, [tallyKey(answer.id)]: `${digits}.${Date.parse(answer.submittedAt).toString(36)}` },
  };
}

/** The tally of stored answers (for a round stored before tallies existed: built once, then kept up to date). */
export function tallyOf(answers: Answer[]): RoundTally {
  return answers.reduce(withAnswer, emptyTally());
}

/** Named evaluators the tally has no answer from. */
export function missingFromTally(round: Round, tally: RoundTally): PersonRef[] {
  return round.evaluators.filter((e) => tally.entries[tallyKey(answerId(round.id, e))] === undefined);
}

/**
 * The result from the tally: per criterion the exact mean (sum / count of integers, so equal to averaging the
 * answers), minimum, maximum and count; comments from the answers given, oldest first. An answer document is
 * written only after the tally counted it, so every answer stored is counted.
 */
export function resultFromTally(round: Round, set: CriteriaSet, tally: RoundTally, answers: Answer[] = []): RoundResult {
  const criteria = set.criteria.map((criterion) => {
    const counts = tally.histogram[criterion.id] ?? [];
    let count = 0;
    let sum = 0;
    let min = Number.NaN;
    let max = Number.NaN;
    counts.forEach((n, index) => {
      if (n <= 0) return;
      const value = index + SCORE_MIN;
      count += n;
      sum += n * value;
      if (Number.isNaN(min)) min = value;
      max = value;
    });
    return { criterionId: criterion.id, mean: count ? sum / count : Number.NaN, min, max, count };
  });
  return { criteria, overallMean: overallMeanOf(criteria), answers: tally.answers, comments: commentsOf(round, set, answers) };
}

/** One decimal, as presented to the Core Team. */
export const oneDecimal = (value: number): number => Math.round(value * 10) / 10;
