import { randomUUID } from 'node:crypto';
import type { Locale } from '../../i18n/index.js';
import type { DueDate } from '../dates/due-date.js';
import { isOverdue, isValidDateString, todayIn } from '../dates/due-date.js';
import { parseDue } from '../dates/parse-due.js';
import {
  checkDetails,
  initiativeNameKey,
  NAME_MAX_LENGTH,
  newInitiative,
  withDetails,
  withResult,
  withoutResult,
  type FocusArea,
  type Initiative,
  type Phase,
  type InitiativeDetails,
  type InitiativeProblem,
  type LatestResult,
} from '../initiatives/initiative.js';
import { samePerson, type PersonRef } from '../people/person.js';
import { fail, ok, type Failure, type Result } from '../result.js';
import { ConflictError, retryOnConflict, type Clock, type Versioned } from '../ports.js';
import { criteriaSet, DEFAULT_CRITERIA_SET, findCriteriaSet, type CriteriaSet } from './criteria.js';
import {
  AnswerRuleError,
  answerId,
  buildAnswer,
  countedAnswer,
  emptyTally,
  missingFromTally,
  oneDecimal,
  resultFromTally,
  tallyOf,
  withAnswer,
  type Answer,
  type AnswerProblem,
  type Round,
  type RoundResult,
  type RoundTally,
} from './round.js';

/** How often an answer re-reads the round when another process wrote it meanwhile (same-process answers queue). */
const ANSWER_ATTEMPTS = 20;

/** Storage the evaluation service needs (src/store/scoring-repository.ts). */
export interface EvaluationStorage {
  findInitiativeByName(tenantId: string, nameKey: string): Promise<Initiative | undefined>;
  getInitiative(tenantId: string, id: string): Promise<Initiative | undefined>;
  createInitiative(initiative: Initiative): Promise<void>;
  /** Read-modify-write of an initiative, retried on concurrent changes. */
  updateInitiative(tenantId: string, id: string, change: (current: Initiative) => Initiative): Promise<Initiative | undefined>;
  listInitiatives(tenantId: string): Promise<Initiative[]>;
  createRound(round: Round): Promise<void>;
  getRound(tenantId: string, id: string): Promise<Versioned<Round> | undefined>;
  /** Rejects with ConflictError when the round changed since `etag`. */
  replaceRound(round: Round, etag: string): Promise<void>;
  /** Patches bookkeeping fields (posted card ids) without an ETag check, retried on conflicts. */
  patchRound(tenantId: string, id: string, patch: Partial<Pick<Round, 'card' | 'resultCard'>>): Promise<void>;
  openRoundsFor(tenantId: string, conversationKey: string): Promise<Round[]>;
  /** Open rounds of every tenant whose deadline date is on or before `date` (for the scheduler). */
  openRoundsWithDeadlineBy(date: string): Promise<Round[]>;
  getAnswer(tenantId: string, roundId: string, id: string): Promise<Answer | undefined>;
  /** Insert or replace (the id is round + evaluator, so this is idempotent). */
  putAnswer(answer: Answer): Promise<void>;
  listAnswers(tenantId: string, roundId: string): Promise<Answer[]>;
}

/** Draws the result chart and stores it; returns the path it is served under (e.g. /charts/…png). */
export interface ResultCharts {
  forRound(round: Round, set: CriteriaSet, result: RoundResult, locale: Locale): Promise<string>;
}

export type StartProblem = 'emptyName' | 'nameTooLong' | 'unknownCriteria' | 'deadlineInPast' | 'deadlineInvalid';

export interface StartRequest {
  tenantId: string;
  conversationKey: string;
  /** Everything after "bedöm": name, "senast …", "anonymt", "kriterier …" (mentions already removed). */
  text: string;
  evaluators: PersonRef[];
  createdBy: PersonRef;
  /**
   * What to do when no initiative has the typed name: unset = ask (the outcome is 'unknownInitiative' with close
   * matches); `{ initiativeId }` = the person picked an existing one; `{ create }` = a new one, with its details.
   */
  initiative?: { initiativeId: string } | { create: { focusArea: FocusArea; phase: Phase } };
}

export type StartOutcome = Result<
  { round: Round; initiative: Initiative; created: boolean },
  Failure<StartProblem, string> | Failure<'unknownInitiative', { name: string; matches: Initiative[] }>
>;

/** A round action only its creator may take, and why it was refused. */
export type CreatorProblem = 'notFound' | 'notCreator' | 'alreadyClosed' | 'notClosed' | 'deadlineInPast' | 'deadlineInvalid' | 'remindedToday' | 'nobodyMissing';
/** A refusal carries the round as it is now (when there is one), for the creator's own view. */
export type CreatorFailure = Failure<CreatorProblem, Round>;
export type CreatorOutcome = Result<Round, CreatorFailure>;

export type AnswerOutcome =
  Result<
    { answer: Answer; round: Round; count: number; means: Record<string, number>; replaced: boolean },
    /** Refused answers carry the round and the rule's particulars (which criterion, the maximum). */
    Failure<'notFound', never> | Failure<AnswerProblem['code'], { round: Round; problem: AnswerProblem }>
  >;

export type CloseOutcome =
  Result<{ round: Round; initiative?: Initiative }, Failure<'notFound' | 'notCreator' | 'alreadyClosed', Round>>;

const ANONYMOUS = /(?:^|\s)(anonymt|anonym|anonymous|anonymously)(?=\s|$)/i;
const CRITERIA = /(?:^|\s)(?:kriterier|criteria)\s+(\S+(?:\s+phase)?)(?=\s|$)/i;

export class EvaluationService {
  constructor(
    private readonly storage: EvaluationStorage,
    private readonly charts: ResultCharts,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly newId: () => string = () => randomUUID(),
  ) {}

  /** "bedöm Måltider och möten @Petra @Johan senast fredag anonymt kriterier konceptfas" */
  async startRound(request: StartRequest): Promise<StartOutcome> {
    const now = this.clock.now();
    let text = request.text;
    const anonymous = ANONYMOUS.test(text);
    text = text.replace(ANONYMOUS, ' ');
    let set = criteriaSet(DEFAULT_CRITERIA_SET)!;
    const criteriaMatch = CRITERIA.exec(text);
    if (criteriaMatch) {
      const found = findCriteriaSet(criteriaMatch[1]!);
      if (!found) return fail('unknownCriteria', criteriaMatch[1]!);
      set = found;
      text = text.replace(CRITERIA, ' ');
    }
    let deadline: DueDate | undefined;
    const due = parseDue(text, { now, timeZone: this.timeZone });
    if (due.ok) {
      deadline = due.due;
      text = text.slice(0, due.index) + text.slice(due.index + due.matched.length);
    } else if (due.reason === 'past') {
      return fail('deadlineInPast', due.matched);
    } else if (due.reason === 'invalid') {
      return fail('deadlineInvalid', due.matched);
    }
    const name = text.replace(/<at>.*?<\/at>/g, ' ').replace(/\s+/g, ' ').replace(/^[\s:,–-]+|[\s:,–-]+$/g, '').trim();
    if (!name) return fail('emptyName');
    if (name.length > NAME_MAX_LENGTH) return fail('nameTooLong', String(NAME_MAX_LENGTH));

    const choice = request.initiative;
    let initiative = choice && 'initiativeId' in choice ? await this.storage.getInitiative(request.tenantId, choice.initiativeId) : undefined;
    initiative ??= await this.storage.findInitiativeByName(request.tenantId, initiativeNameKey(name));
    let created = false;
    if (!initiative) {
      if (!choice || !('create' in choice)) {
        // A typo must not silently become a second initiative: ask, offering the names it resembles.
        return fail('unknownInitiative', { name, matches: closeMatches(name, await this.storage.listInitiatives(request.tenantId)) });
      }
      initiative = newInitiative({ id: this.newId(), tenantId: request.tenantId, name, createdBy: request.createdBy, ...choice.create }, now);
      await this.storage.createInitiative(initiative);
      created = true;
    }
    const round: Round = {
      id: this.newId(),
      tenantId: request.tenantId,
      initiativeId: initiative.id,
      initiativeName: initiative.name,
      criteriaSetId: set.id,
      conversationKey: request.conversationKey,
      createdBy: request.createdBy,
      createdAt: now.toISOString(),
      ...(deadline ? { deadline } : {}),
      anonymous,
      evaluators: request.evaluators,
      status: 'open',
      tally: emptyTally(),
    };
    await this.storage.createRound(round);
    return ok({ round, initiative, created });
  }

  async round(tenantId: string, roundId: string): Promise<Round | undefined> {
    return (await this.storage.getRound(tenantId, roundId))?.value;
  }

  async answerOf(tenantId: string, roundId: string, evaluator: PersonRef): Promise<Answer | undefined> {
    return this.storage.getAnswer(tenantId, roundId, answerId(roundId, evaluator));
  }

  /**
   * Stores (or replaces) an evaluator's answer and returns the progress and current means. A round of another
   * conversation is 'notFound', like one that does not exist.
   *
   * Three store calls, whatever the round's size: read the round (its tally holds the counts, the per-criterion
   * score histograms and each evaluator's counted scores), write it back with this answer counted (guarded by the
   * ETag read, so a concurrent answer or a close is never lost: the loser re-reads and re-applies), then write the
   * answer document. Answers to one round in this process queue behind each other, so they do not conflict among
   * themselves; a conflict is another process (or a creator's action). A re-submit replaces (its old scores are
   * taken out of the tally); the same submit again leaves the tally as it was.
   */
  async submitAnswer(
    tenantId: string,
    roundId: string,
    conversationKey: string,
    evaluator: PersonRef,
    input: { scores: Record<string, unknown>; comments?: Record<string, string | undefined>; overallComment?: string },
  ): Promise<AnswerOutcome> {
    return this.serial(tenantId, roundId, () =>
      retryOnConflict(async (): Promise<AnswerOutcome> => {
        const current = await this.storage.getRound(tenantId, roundId);
        if (!current || current.value.conversationKey !== conversationKey) return fail('notFound');
        const round = current.value;
        const set = criteriaSet(round.criteriaSetId)!;
        const tally = await this.tallyFor(round);
        const previous = countedAnswer(tally, answerId(roundId, evaluator));
        let answer: Answer;
        try {
          answer = buildAnswer(round, set, evaluator, input, this.clock.now(), previous);
        } catch (error) {
          if (error instanceof AnswerRuleError) return fail(error.problem.code, { round, problem: error.problem });
          throw error;
        }
        const counted = withAnswer(tally, answer);
        const updated: Round = { ...round, tally: counted };
        // ConflictError (the round changed since it was read: another answer, a close) → read again and re-apply.
        await this.storage.replaceRound(updated, current.etag);
        await this.storage.putAnswer(answer);
        const result = resultFromTally(updated, set, counted);
        return ok({ answer, round: updated, count: counted.answers, means: meansOf(result), replaced: Boolean(previous) });
      }, ANSWER_ATTEMPTS),
    );
  }

  /** How many have answered (from the round's tally: one read of the round). */
  async answerCount(tenantId: string, roundId: string): Promise<number> {
    const round = await this.round(tenantId, roundId);
    return round ? this.countOf(round) : 0;
  }

  /** How many have answered a round already read (no store call unless it predates tallies). */
  async countOf(round: Round): Promise<number> {
    if (round.status !== 'open' && round.result) return round.result.answers;
    return (await this.tallyFor(round)).answers;
  }

  async currentMeans(round: Round): Promise<{ means: Record<string, number>; count: number }> {
    const tally = await this.tallyFor(round);
    return { means: meansOf(resultFromTally(round, criteriaSet(round.criteriaSetId)!, tally)), count: tally.answers };
  }

  /** Named evaluators who have not answered (from the tally). */
  async missing(round: Round): Promise<PersonRef[]> {
    return missingFromTally(round, await this.tallyFor(round));
  }

  /**
   * The round's tally. A round stored before tallies existed is counted once from its answers; the next write of
   * the round (an answer, a close) stores that tally, and from then on it is kept up to date.
   */
  private async tallyFor(round: Round): Promise<RoundTally> {
    return round.tally ?? tallyOf(await this.storage.listAnswers(round.tenantId, round.id));
  }

  /** Runs `work` after the earlier work queued for the same round in this process (answers and closing). */
  private serial<T>(tenantId: string, roundId: string, work: () => Promise<T>): Promise<T> {
    const key = `${tenantId}\u0000${roundId}`;
    const run = (this.queues.get(key) ?? Promise.resolve()).then(work, work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return run;
  }

  private readonly queues = new Map<string, Promise<void>>();

  /**
   * Closes a round (by its creator, or 'deadline' for the scheduler): the result comes from the round's tally (the
   * answers are read for their comments), the chart is drawn, and it is recorded on the round and the initiative.
   * Guarded by the round's ETag, so two closers (two clicks, two bot processes) close it once, and an answer that
   * comes in meanwhile is either counted in the result or refused as too late, never lost.
   */
  async closeRound(tenantId: string, roundId: string, by: PersonRef | 'deadline', locale: Locale): Promise<CloseOutcome> {
    const outcome = await this.serial(tenantId, roundId, () =>
      retryOnConflict(async (): Promise<CloseOutcome | { closed: Round; set: CriteriaSet; result: RoundResult; now: Date }> => {
        const current = await this.storage.getRound(tenantId, roundId);
        if (!current) return fail('notFound');
        const round = current.value;
        if (round.status !== 'open') return fail('alreadyClosed', round);
        if (by !== 'deadline' && !samePerson(round.createdBy, by)) return fail('notCreator', round);
        const set = criteriaSet(round.criteriaSetId)!;
        const answers = await this.storage.listAnswers(tenantId, roundId);
        const tally = round.tally ?? tallyOf(answers);
        const result = resultFromTally(round, set, tally, answers);
        if (result.answers > 0) result.chartPath = await this.charts.forRound(round, set, result, locale);
        const now = this.clock.now();
        const closed: Round = { ...round, tally, status: 'closed', closedAt: now.toISOString(), closedBy: by, result };
        await this.storage.replaceRound(closed, current.etag);
        return { closed, set, result, now };
      }).catch(async (error: unknown): Promise<CloseOutcome> => {
        if (!(error instanceof ConflictError)) throw error;
        const latest = await this.round(tenantId, roundId);
        const code = latest?.status === 'closed' ? 'alreadyClosed' : 'notFound';
        return latest ? fail(code, latest) : fail(code);
      }),
    );
    if ('ok' in outcome) return outcome;
    const { closed, set, result, now } = outcome;
    const latest: LatestResult = {
      roundId,
      criteriaSetId: set.id,
      closedAt: closed.closedAt!,
      overallMean: oneDecimal(result.overallMean),
      means: meansOf(result),
      answers: result.answers,
      chartPath: result.chartPath ?? '',
    };
    const initiative = result.answers > 0 ? await this.storage.updateInitiative(tenantId, closed.initiativeId, (i) => withResult(i, latest, now)) : undefined;
    return ok({ round: closed, ...(initiative ? { initiative } : {}) });
  }

  /**
   * Opens a closed round again (its creator only): the answers are kept, the result is withdrawn from the
   * initiative until the round closes again, and a deadline that has passed is dropped (else the scheduler would
   * close it at once).
   */
  async reopenRound(tenantId: string, roundId: string, by: PersonRef): Promise<CreatorOutcome> {
    return this.changeAsCreator(tenantId, roundId, by, async (round, now) => {
      if (round.status !== 'closed') return 'notClosed';
      const { closedAt: _a, closedBy: _b, result: _c, resultCard: _d, deadline, ...rest } = round;
      void _a, _b, _c, _d;
      const keepDeadline = deadline && !isOverdue(deadline, now, this.timeZone);
      return { ...rest, status: 'open', reopenedAt: now.toISOString(), ...(keepDeadline ? { deadline } : {}) };
    }, async (round, now) => {
      await this.storage.updateInitiative(tenantId, round.initiativeId, (i) => withoutResult(i, roundId, now));
    });
  }

  /** A new last day for answers ("2024-03-08"), today or later (its creator only, open rounds only). */
  async extendDeadline(tenantId: string, roundId: string, by: PersonRef, date: string): Promise<CreatorOutcome> {
    return this.changeAsCreator(tenantId, roundId, by, async (round, now) => {
      if (round.status !== 'open') return 'alreadyClosed';
      if (!isValidDateString(date)) return 'deadlineInvalid';
      if (isOverdue({ date }, now, this.timeZone)) return 'deadlineInPast';
      return { ...round, deadline: { date } };
    });
  }

  /**
   * Records that the creator reminded those who have not answered, at most once a calendar day (in the bot's
   * time zone) per round; returns the round and who to remind. ETag-guarded, so a double click reminds once.
   */
  async markReminded(tenantId: string, roundId: string, by: PersonRef): Promise<Result<{ round: Round; missing: PersonRef[] }, CreatorFailure>> {
    let missing: PersonRef[] = [];
    const outcome = await this.changeAsCreator(tenantId, roundId, by, async (round, now) => {
      if (round.status !== 'open') return 'alreadyClosed';
      if (round.remindedAt && todayIn(new Date(round.remindedAt), this.timeZone) === todayIn(now, this.timeZone)) return 'remindedToday';
      missing = await this.missing(round);
      if (missing.length === 0) return 'nobodyMissing';
      return { ...round, remindedAt: now.toISOString() };
    });
    return outcome.ok ? ok({ round: outcome.value, missing }) : outcome;
  }

  /** Read, check the creator, change, write with the ETag; a concurrent change is reported as 'notFound' only if the round vanished. */
  private async changeAsCreator(
    tenantId: string,
    roundId: string,
    by: PersonRef,
    change: (round: Round, now: Date) => Promise<Round | CreatorProblem>,
    after?: (round: Round, now: Date) => Promise<void>,
  ): Promise<CreatorOutcome> {
    // In the round's queue: answers arriving meanwhile in this process wait instead of costing this change a retry.
    return this.serial(tenantId, roundId, () => this.changeAsCreatorNow(tenantId, roundId, by, change, after));
  }

  private async changeAsCreatorNow(
    tenantId: string,
    roundId: string,
    by: PersonRef,
    change: (round: Round, now: Date) => Promise<Round | CreatorProblem>,
    after?: (round: Round, now: Date) => Promise<void>,
  ): Promise<CreatorOutcome> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const current = await this.storage.getRound(tenantId, roundId);
      if (!current) return fail('notFound');
      const round = current.value;
      if (!samePerson(round.createdBy, by)) return fail('notCreator', round);
      const now = this.clock.now();
      const changed = await change(round, now);
      if (typeof changed === 'string') return fail(changed, round);
      try {
        await this.storage.replaceRound(changed, current.etag);
      } catch (error) {
        if (error instanceof ConflictError) continue;
        throw error;
      }
      if (after) await after(changed, now);
      return ok(changed);
    }
    const latest = await this.round(tenantId, roundId);
    return latest ? fail('notFound', latest) : fail('notFound');
  }

  /** The open round for an initiative name in a conversation (the newest if several). */
  async openRoundByName(tenantId: string, conversationKey: string, name: string): Promise<Round | undefined> {
    const key = initiativeNameKey(name);
    const rounds = await this.storage.openRoundsFor(tenantId, conversationKey);
    return rounds.filter((r) => initiativeNameKey(r.initiativeName) === key).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  }

  /** A conversation's open rounds, newest first ("Inför mötet", #17). */
  async openRounds(tenantId: string, conversationKey: string): Promise<Round[]> {
    return (await this.storage.openRoundsFor(tenantId, conversationKey)).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Rounds whose deadline has passed and that are still open (every tenant). */
  async roundsPastDeadline(): Promise<Round[]> {
    const now = this.clock.now();
    const candidates = await this.storage.openRoundsWithDeadlineBy(todayIn(now, this.timeZone));
    return candidates.filter((r) => r.deadline && isOverdue(r.deadline, now, this.timeZone));
  }

  async initiatives(tenantId: string): Promise<Initiative[]> {
    const all = await this.storage.listInitiatives(tenantId);
    return all.sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  }

  /** Initiatives by the names typed ("jämför A, B"), in that order; unknown names reported. */
  async findInitiatives(tenantId: string, names: string[]): Promise<{ found: Initiative[]; unknown: string[] }> {
    const found: Initiative[] = [];
    const unknown: string[] = [];
    for (const name of names) {
      const initiative = await this.storage.findInitiativeByName(tenantId, initiativeNameKey(name));
      if (initiative) found.push(initiative);
      else unknown.push(name);
    }
    return { found, unknown };
  }

  async initiativeByName(tenantId: string, name: string): Promise<Initiative | undefined> {
    return this.storage.findInitiativeByName(tenantId, initiativeNameKey(name));
  }

  async initiative(tenantId: string, id: string): Promise<Initiative | undefined> {
    return this.storage.getInitiative(tenantId, id);
  }

  /** Creates an initiative, or updates the one with `id`; names are unique within the tenant. */
  async saveInitiative(
    tenantId: string,
    id: string | undefined,
    input: InitiativeDetails,
    by: PersonRef,
  ): Promise<Result<Initiative, Failure<InitiativeProblem | 'nameTaken' | 'notFound'>>> {
    const details = checkDetails(input);
    if (typeof details === 'string') return fail(details);
    const now = this.clock.now();
    const holder = await this.storage.findInitiativeByName(tenantId, initiativeNameKey(details.name));
    if (holder && holder.id !== id) return fail('nameTaken');
    if (!id) {
      const initiative = withDetails(newInitiative({ id: this.newId(), tenantId, name: details.name, createdBy: by }, now), details, now);
      await this.storage.createInitiative(initiative);
      return ok(initiative);
    }
    const updated = await this.storage.updateInitiative(tenantId, id, (current) => withDetails(current, details, now));
    return updated ? ok(updated) : fail('notFound');
  }

  async recordCard(tenantId: string, roundId: string, patch: Partial<Pick<Round, 'card' | 'resultCard'>>): Promise<void> {
    await this.storage.patchRound(tenantId, roundId, patch);
  }
}

/**
 * Initiatives whose names resemble `name` (a typo, a shortened or reordered name), best first: edit distance
 * relative to length, or every typed word found in the name. At most `max`.
 */
export function closeMatches(name: string, initiatives: Initiative[], max = 3): Initiative[] {
  const typed = initiativeNameKey(name);
  const words = typed.split(' ').filter((w) => w.length >= 3);
  const scored = initiatives.map((initiative) => {
    const key = initiative.nameKey;
    const distance = editDistance(typed, key) / Math.max(typed.length, key.length, 1);
    const keyWords = key.split(' ');
    const allWords = words.length > 0 && words.every((w) => keyWords.some((k) => k.startsWith(w) || editDistance(w, k) <= 1));
    return { initiative, score: allWords ? Math.min(distance, 0.2) : distance };
  });
  return scored
    .filter((s) => s.score <= 0.34)
    .sort((a, b) => a.score - b.score || a.initiative.name.localeCompare(b.initiative.name, 'sv'))
    .slice(0, max)
    .map((s) => s.initiative);
}

/** Levenshtein distance; names are at most NAME_MAX_LENGTH characters, so O(n·m) is small. */
function editDistance(a: string, b: string): number {
  const x = a.slice(0, NAME_MAX_LENGTH);
  const y = b.slice(0, NAME_MAX_LENGTH);
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}

export function meansOf(result: RoundResult): Record<string, number> {
  return Object.fromEntries(result.criteria.filter((c) => c.count > 0).map((c) => [c.criterionId, oneDecimal(c.mean)]));
}

