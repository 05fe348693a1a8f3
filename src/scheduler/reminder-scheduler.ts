/**
 * The reminder loop: finds due reminders and delivers each occurrence exactly once, with any number of bot
 * processes on one store (SQLite file or Cosmos DB), surviving restarts and crashes.
 *
 * Per due candidate (oldest first, `batch` per pass, `concurrency` at a time):
 *  1. SKIP when it is 'sending' under a lease that has not expired (another process — or this one — is on it).
 *  2. CLAIM: an ETag-guarded replace (If-Match) of the version read by the query, setting status 'sending',
 *     lease { owner, until: now + leaseMs } and attempts + 1. Of several processes that read the same version,
 *     exactly one replace succeeds; the others get PreconditionFailed and skip. Only the claimant delivers.
 *  3. DELIVER (`deliver`, the Teams layer).
 *  4. COMPLETE: an ETag-guarded replace of the claimed version:
 *     - delivered, one-off → 'done', sentAt, late; recurring → 'pending' at the next occurrence after now
 *       (missed occurrences are not replayed), attempts 0, lease cleared;
 *     - `{ gone }` (403: the bot was removed from the conversation) → 'failed' with lastError, never retried;
 *     - `deliver` threw → 'pending' again, lease released, attempts kept, dueAt = now + min(2^attempts min, 1 h);
 *       after MAX_ATTEMPTS (10) a one-off becomes 'failed' and a recurring one skips to its next occurrence.
 *     If COMPLETE loses its ETag (the reminder was cancelled or edited meanwhile, or the lease expired and another
 *     process took it over) the write is dropped and logged. If the store is unavailable, the completion is kept in
 *     memory and written first thing on the next pass (before the lease runs out, with the default interval and
 *     lease), so a store hiccup does not cause a resend.
 *
 * Lateness ("it fell due while the bot was down"): a delivery is `late` when it happens more than `lateAfterMs`
 * (default 2 × the default 60 s poll interval = 2 minutes) after the occurrence was due. Chosen over "due before
 * this process started" because with several processes a rolling restart would otherwise flag reminders that a
 * live process sends on time, and because it also covers a long store outage while the process stays up.
 *
 * Crash safety: a process killed after CLAIM leaves the reminder 'sending' with its lease; once the lease has
 * expired (leaseMs, default 60 s) any process re-claims it (counting another attempt; a reminder whose processes
 * keep dying while sending it is given up after MAX_ATTEMPTS, so a poison message cannot crash-loop the fleet).
 *
 * THE REMAINING DUPLICATE WINDOW (at-least-once, not exactly-once, at the edge): Teams has no idempotency key for
 * a new message, so if a process is killed (or loses the store for longer than the lease) AFTER Teams accepted
 * the message and BEFORE COMPLETE is written, the lease expires and another process sends it again. The window is
 * the round trip of one store write after a successful send (milliseconds). A second, avoidable window: a
 * `deliver` that takes longer than `leaseMs` lets another process re-claim and send while the first is still
 * sending — keep the sender's total timeout (including its retries and throttling) well under `leaseMs`; a
 * delivery that overran its lease is logged as a warning. No message is ever lost by the scheduler: a reminder
 * leaves 'pending'/'sending' only through COMPLETE after a delivery outcome, a cancel, or giving up.
 */
import type { Logger } from '../logger.js';
import { ConflictError, type Clock } from '../domain/ports.js';
import {
  claimed,
  deliveryFailed,
  delivered,
  gone,
  givenUp,
  isClaimable,
  MAX_ATTEMPTS,
  occurrenceDueAt,
  type DeliveryResult,
  type Reminder,
} from '../domain/reminders/reminder.js';
import type { DueCandidate, DueSlot, VersionedReminder } from '../store/reminder-repository.js';
import { Periodic } from './periodic.js';

/** What the deliverer reports (sent, or the conversation is gone for the bot); it throws to retry. */
export type { DeliveryResult };

/** The part of ReminderRepository the scheduler needs. */
export interface ReminderSchedulerStorage {
  /** Due candidates; with a due index each carries the entry it was found through (`due`), handed back to `replace`. */
  dueCandidates(now: Date, limit: number): Promise<DueCandidate[]>;
  replace(reminder: Reminder, etag: string, due?: DueSlot): Promise<DueCandidate>;
  get(tenantId: string, id: string): Promise<VersionedReminder | undefined>;
}

export type SchedulerLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface ReminderSchedulerOptions {
  repository: ReminderSchedulerStorage;
  clock: Clock;
  deliver: (reminder: Reminder) => Promise<DeliveryResult>;
  /** This process (unique per process, e.g. host name + pid + random); recorded in leases. */
  owner: string;
  /** How long a claim protects a reminder being sent. Must exceed the deliverer's worst-case duration. */
  leaseMs?: number;
  /** Candidates read per round. A round that filled its batch and claimed some is followed at once by another (the
   * pass drains what is due instead of leaving the rest for the next tick). */
  batch?: number;
  /** Deliveries in flight at once. */
  concurrency?: number;
  logger?: SchedulerLogger;
  /** When this process started (logged with the first pass: how much fell due while it was down). */
  startedAt?: Date;
  /** A delivery more than this long after the due instant is marked late. Default 2 minutes. */
  lateAfterMs?: number;
  /** The zone recurrences are computed in. Default Europe/Stockholm. */
  timeZone?: string;
}

export interface PassResult {
  /** Claims this process won (deliveries it attempted). */
  claimed: number;
  sent: number;
  /** Of `sent`, those delivered late. */
  late: number;
  /** Turned 'failed' in this pass (gone, or given up). */
  failed: number;
  /** Candidates left alone: under another live lease, or claimed by another process first. */
  skipped: number;
  /** Deliveries that threw and were put back for a later attempt. */
  retried: number;
}

const noopLogger: SchedulerLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as SchedulerLogger;

export class ReminderScheduler {
  private readonly repository: ReminderSchedulerStorage;
  private readonly clock: Clock;
  private readonly deliver: (reminder: Reminder) => Promise<DeliveryResult>;
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly batch: number;
  private readonly concurrency: number;
  private readonly logger: SchedulerLogger;
  private readonly startedAt: Date;
  private readonly lateAfterMs: number;
  private readonly timeZone: string;
  private readonly job: Periodic<PassResult>;
  private firstPass = true;
  /** Outcomes delivered but not yet recorded (the store failed at COMPLETE), by tenant + id. */
  private readonly unrecorded = new Map<string, { next: Reminder; etag: string; due?: DueSlot }>();
  private stopping = false;

  constructor(options: ReminderSchedulerOptions) {
    const problems: string[] = [];
    if (!options || typeof options !== 'object') throw new TypeError('ReminderScheduler: missing options');
    if (!options.repository) problems.push('repository');
    if (!options.clock) problems.push('clock');
    if (typeof options.deliver !== 'function') problems.push('deliver');
    if (typeof options.owner !== 'string' || options.owner.length === 0) problems.push('owner');
    if (problems.length > 0) throw new TypeError(`ReminderScheduler: missing ${problems.join(', ')}`);
    const positive = (name: string, value: number | undefined, fallback: number): number => {
      const v = value ?? fallback;
      if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`ReminderScheduler: ${name} must be > 0 (got ${v})`);
      return v;
    };
    this.repository = options.repository;
    this.clock = options.clock;
    this.deliver = options.deliver;
    this.owner = options.owner;
    this.leaseMs = positive('leaseMs', options.leaseMs, 60_000);
    this.batch = Math.floor(positive('batch', options.batch, 200));
    this.concurrency = Math.floor(positive('concurrency', options.concurrency, 20));
    this.lateAfterMs = positive('lateAfterMs', options.lateAfterMs, 120_000);
    this.logger = options.logger ?? noopLogger;
    this.startedAt = options.startedAt ?? this.clock.now();
    this.timeZone = options.timeZone ?? 'Europe/Stockholm';
    this.job = new Periodic(() => this.pass(), (error) => this.logger.error({ err: error }, 'reminder pass failed'));
  }

  /** Runs a pass now (catching up on what fell due while the bot was down), then every `intervalMs`. */
  start(intervalMs = 60_000): void {
    this.stopping = false;
    this.job.start(intervalMs, { runNow: true });
  }

  /** Stops the loop and waits for a pass in progress (its deliveries are completed, not abandoned). */
  stop(): Promise<void> {
    this.stopping = true;
    return this.job.stop();
  }

  /** One pass over the due reminders. Overlapping calls share the pass in progress. */
  runOnce(): Promise<PassResult> {
    return this.job.runOnce();
  }

  /**
   * One pass: rounds of at most `batch` candidates until a round finds fewer than a batch (all that is due has been
   * seen) or claims nothing (the rest is held by other processes), or the scheduler is stopping.
   */
  private async pass(): Promise<PassResult> {
    const result: PassResult = { claimed: 0, sent: 0, late: 0, failed: 0, skipped: 0, retried: 0 };
    await this.recordUnrecorded();
    for (;;) {
      const before = result.claimed + result.failed;
      const full = await this.round(result);
      if (!full || result.claimed + result.failed === before || this.stopping) break;
    }
    if (result.claimed + result.failed > 0) this.logger.info({ owner: this.owner, ...result }, 'reminder pass');
    return result;
  }

  /** One round of a pass; true when it read a full batch (more may be due). */
  private async round(result: PassResult): Promise<boolean> {
    const now = this.clock.now();
    const candidates = await this.repository.dueCandidates(now, this.batch);
    if (this.firstPass) {
      this.firstPass = false;
      const missed = candidates.filter((c) => occurrenceDueAt(c.value) < this.startedAt.toISOString()).length;
      if (missed > 0) this.logger.info({ owner: this.owner, missed, startedAt: this.startedAt.toISOString() }, 'catching up on reminders that fell due before start');
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < candidates.length; index = next++) {
        const candidate = candidates[index];
        if (!candidate) continue;
        try {
          await this.handle(candidate, result);
        } catch (error) {
          // A store failure on one reminder must not stop the others; it is retried on a later pass.
          this.logger.error({ err: error, reminderId: candidate.value.id, tenantId: candidate.value.tenantId }, 'reminder could not be processed');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, candidates.length) }, worker));
    return candidates.length >= this.batch;
  }

  private async handle({ value: reminder, etag, due }: DueCandidate, result: PassResult): Promise<void> {
    const now = this.clock.now();
    if (this.unrecorded.has(keyOf(reminder)) || !isClaimable(reminder, now)) {
      result.skipped++;
      return;
    }
    if (reminder.attempts >= MAX_ATTEMPTS) {
      // Processes kept dying (or losing the lease) while sending it: give up rather than crash-loop.
      const outcome = givenUp(reminder, now, this.timeZone);
      if (await this.write(outcome, etag, 'give up', due)) {
        if (outcome.status === 'failed') result.failed++;
        this.logger.warn({ reminderId: reminder.id, tenantId: reminder.tenantId, attempts: reminder.attempts }, 'reminder given up');
      } else {
        result.skipped++;
      }
      return;
    }

    let claim: DueCandidate;
    try {
      claim = await this.repository.replace(claimed(reminder, this.owner, now, this.leaseMs), etag, due);
    } catch (error) {
      if (error instanceof ConflictError) {
        result.skipped++; // another process claimed it first (or it was cancelled/edited meanwhile)
        return;
      }
      throw error;
    }
    result.claimed++;

    let outcome: Reminder;
    let wasSent = false;
    const startedMs = Date.now();
    try {
      const delivery = await this.deliver(claim.value);
      const at = this.clock.now();
      wasSent = delivery === 'sent';
      outcome = delivery === 'sent' ? delivered(claim.value, at, this.timeZone, this.lateAfterMs) : gone(claim.value, at, delivery.gone);
    } catch (error) {
      outcome = deliveryFailed(claim.value, this.clock.now(), describe(error), this.timeZone);
      this.logger.warn({ err: error, reminderId: reminder.id, tenantId: reminder.tenantId, attempts: claim.value.attempts }, 'reminder delivery failed');
    }
    const tookMs = Date.now() - startedMs;
    if (tookMs >= this.leaseMs) {
      this.logger.warn({ reminderId: reminder.id, tookMs, leaseMs: this.leaseMs }, 'reminder delivery outlasted its lease (another process may have sent it too)');
    }

    if (wasSent) {
      result.sent++;
      if (outcome.late) result.late++;
    } else if (outcome.status === 'failed') result.failed++;
    else result.retried++;
    await this.complete(outcome, claim.etag, claim.due);
  }

  /** COMPLETE: records the outcome guarded by the claimed version; keeps it for the next pass if the store fails. */
  private async complete(next: Reminder, etag: string, due: DueSlot | undefined): Promise<void> {
    try {
      await this.write(next, etag, 'complete', due);
    } catch (error) {
      this.unrecorded.set(keyOf(next), { next, etag, ...(due ? { due } : {}) });
      this.logger.error({ err: error, reminderId: next.id, tenantId: next.tenantId }, 'reminder outcome not recorded; retrying on the next pass');
    }
  }

  /** Writes `next` if the stored version is still `etag`; false (logged) when it changed meanwhile. */
  private async write(next: Reminder, etag: string, step: string, due?: DueSlot): Promise<boolean> {
    try {
      await this.repository.replace(next, etag, due);
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const current = await this.repository.get(next.tenantId, next.id).catch(() => undefined);
      this.logger.warn(
        { reminderId: next.id, tenantId: next.tenantId, step, status: current?.value.status, leaseOwner: current?.value.lease?.owner },
        'reminder changed while being processed; outcome dropped',
      );
      return false;
    }
  }

  private async recordUnrecorded(): Promise<void> {
    for (const [key, { next, etag, due }] of this.unrecorded) {
      try {
        await this.write(next, etag, 'complete (retry)', due);
        this.unrecorded.delete(key);
      } catch (error) {
        this.logger.error({ err: error, reminderId: next.id }, 'reminder outcome still not recorded');
      }
    }
  }
}

const keyOf = (reminder: Reminder): string => `${reminder.tenantId}\u0000${reminder.id}`;

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 500);
}
