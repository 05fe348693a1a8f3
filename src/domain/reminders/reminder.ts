import { addDays, daysInMonth, dueInstant, formatYmd, isoWeekday, isValidDateString, parseYmd, todayIn } from '../dates/due-date.js';
import { workingDaysBefore } from '../dates/holidays.js';

/**
 * A reminder: something the bot must post into a conversation at (or after) an instant, once — or, with a
 * recurrence, once per occurrence. The state machine, as the scheduler drives it:
 *
 *   pending ──claim──▶ sending ──delivered──▶ done          (one-off)
 *      ▲                 │  │  └──delivered──▶ pending, dueAt = next occurrence   (recurring)
 *      │                 │  └──bot removed (gone)──▶ failed
 *      └──deliver threw──┘     (back-off; after MAX_ATTEMPTS: failed, or the next occurrence when recurring)
 *   pending | sending ──cancel──▶ cancelled
 *
 * Everything here is pure: no store, no clock (instants are passed in), no process time zone.
 * Times of day are wall-clock times in the team's zone (Europe/Stockholm), so "every Monday 09:00" stays 09:00
 * across the changes to and from summer time.
 */

export type ReminderKind = 'actionItem' | 'digest' | 'custom' | 'meeting';
export type ReminderStatus = 'pending' | 'sending' | 'done' | 'cancelled' | 'failed';
/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type Recurrence =
  | { rule: 'daily'; time: string }
  | { rule: 'weekly'; weekday: IsoWeekday; time: string }
  /** The nth (1–5) given weekday of every month; months without a fifth one are skipped for nth = 5. */
  | { rule: 'monthlyNthWeekday'; nth: 1 | 2 | 3 | 4 | 5; weekday: IsoWeekday; time: string };

export interface ReminderLease {
  /** The process that holds the claim. */
  owner: string;
  /** ISO instant after which another process may take the reminder over. */
  until: string;
}

export interface Reminder {
  id: string;
  tenantId: string;
  /** The channel or chat it is posted to (the conversation key of src/domain/conversations). */
  conversationKey: string;
  kind: ReminderKind;
  /** ISO instant (`Date.toISOString()`, so string order is time order). After a failed attempt: the retry time. */
  dueAt: string;
  recurrence?: Recurrence;
  /** What to say; interpreted by the deliverer (the Teams layer), opaque here. */
  payload: Record<string, unknown>;
  status: ReminderStatus;
  /** Delivery attempts for the current occurrence (a claim counts as one). */
  attempts: number;
  lease?: ReminderLease;
  /** When it was last delivered (for a recurring reminder: its latest occurrence). */
  sentAt?: string;
  /** The last delivery came more than the scheduler's lateness threshold after it was due (e.g. the bot was down). */
  late?: boolean;
  lastError?: string;
  /** The occurrence's original due instant while `dueAt` is pushed back for retries; absent otherwise. */
  originalDueAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** After this many delivery attempts an occurrence is given up. */
export const MAX_ATTEMPTS = 10;
/** Retry back-off: 2^attempts minutes, at most an hour. */
export const MAX_BACKOFF_MS = 60 * 60_000;

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const isValidTime = (time: unknown): time is string => typeof time === 'string' && TIME_RE.test(time);

const isWeekday = (value: unknown): value is IsoWeekday => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 7;

/** Problems with a recurrence as data (empty when it is valid). */
export function recurrenceProblems(recurrence: Recurrence): string[] {
  const problems: string[] = [];
  if (!isValidTime(recurrence.time)) problems.push(`time ${JSON.stringify(recurrence.time)} is not HH:mm`);
  switch (recurrence.rule) {
    case 'daily':
      break;
    case 'weekly':
      if (!isWeekday(recurrence.weekday)) problems.push(`weekday ${JSON.stringify(recurrence.weekday)} is not 1–7`);
      break;
    case 'monthlyNthWeekday':
      if (!isWeekday(recurrence.weekday)) problems.push(`weekday ${JSON.stringify(recurrence.weekday)} is not 1–7`);
      if (!(Number.isInteger(recurrence.nth) && recurrence.nth >= 1 && recurrence.nth <= 5)) problems.push(`nth ${JSON.stringify(recurrence.nth)} is not 1–5`);
      break;
    default:
      problems.push(`unknown rule ${JSON.stringify((recurrence as { rule: unknown }).rule)}`);
  }
  return problems;
}

/**
 * The instant of wall-clock `time` ('HH:mm') on calendar day `date` ('YYYY-MM-DD') in `timeZone`.
 * DST-correct; a time that does not exist (02:30 on the spring-forward night) moves forward an hour.
 */
export function atLocalTime(date: string, time: string, timeZone: string): Date {
  if (!isValidDateString(date)) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  if (!isValidTime(time)) throw new RangeError(`Not an HH:mm time: ${time}`);
  return dueInstant({ date, time }, timeZone);
}

/**
 * The working day `n` working days before `date` (n = 1: the last working day strictly before it), skipping
 * weekends, Swedish public holidays, midsommarafton, julafton and nyårsafton (see holidays.ts).
 * n = 0 gives `date` itself when it is a working day, else the working day before.
 */
export function firstWorkingDayBefore(date: string, n = 1): string {
  return workingDaysBefore(date, n);
}

/** The day of the `nth` `weekday` in a month, or undefined (a fifth one that month does not have). */
function nthWeekdayOfMonth(year: number, month: number, nth: number, weekday: number): string | undefined {
  const first = formatYmd(year, month, 1);
  const day = 1 + ((weekday - isoWeekday(first) + 7) % 7) + (nth - 1) * 7;
  return day <= daysInMonth(year, month) ? formatYmd(year, month, day) : undefined;
}

/**
 * The next instant strictly after `after` at which `recurrence` fires, at its wall-clock time in `timeZone`.
 * Missed occurrences are not replayed: after a long outage the next occurrence is the first one after `after`.
 */
export function nextOccurrence(recurrence: Recurrence, after: Date, timeZone: string): Date {
  const problems = recurrenceProblems(recurrence);
  if (problems.length > 0) throw new RangeError(`Invalid recurrence: ${problems.join('; ')}`);
  const afterMs = after.getTime();
  if (!Number.isFinite(afterMs)) throw new RangeError('nextOccurrence: invalid `after`');
  // Search from the local day before `after`'s local day: candidates at or before `after` are skipped anyway,
  // and starting a day early keeps the search obviously complete whatever the zone's offset.
  const today = addDays(todayIn(after, timeZone), -1);
  const firstAfter = (days: Iterable<string>): Date => {
    for (const day of days) {
      const instant = atLocalTime(day, recurrence.time, timeZone);
      if (instant.getTime() > afterMs) return instant;
    }
    throw new RangeError('nextOccurrence: no occurrence found'); // unreachable for a valid recurrence
  };
  switch (recurrence.rule) {
    case 'daily':
      return firstAfter(
        (function* () {
          for (let i = 0; i < 4; i++) yield addDays(today, i);
        })(),
      );
    case 'weekly': {
      const offset = (recurrence.weekday - isoWeekday(today) + 7) % 7;
      const first = addDays(today, offset);
      return firstAfter(
        (function* () {
          for (let i = 0; i < 3; i++) yield addDays(first, 7 * i);
        })(),
      );
    }
    case 'monthlyNthWeekday': {
      const { year, month } = parseYmd(today);
      const { nth, weekday } = recurrence;
      return firstAfter(
        (function* () {
          // A fifth weekday occurs in at least four months of any year, so 24 months always find one.
          for (let i = 0; i < 24; i++) {
            const index = year * 12 + (month - 1) + i;
            const day = nthWeekdayOfMonth(Math.floor(index / 12), (index % 12) + 1, nth, weekday);
            if (day !== undefined) yield day;
          }
        })(),
      );
    }
  }
}

// ---- transitions (the scheduler persists each one with an ETag-guarded replace) -------------------------------

/** The lease is held by someone and has not expired at `now`. */
export const leaseHeld = (reminder: Reminder, now: Date): boolean =>
  reminder.lease !== undefined && Date.parse(reminder.lease.until) > now.getTime();

/** Due at `now`, in a state the scheduler acts on, and not held by a live lease. */
export const isClaimable = (reminder: Reminder, now: Date): boolean =>
  (reminder.status === 'pending' || reminder.status === 'sending') && Date.parse(reminder.dueAt) <= now.getTime() && !leaseHeld(reminder, now);

/** Claim for delivery by `owner` until now + leaseMs: counts an attempt. */
export function claimed(reminder: Reminder, owner: string, now: Date, leaseMs: number): Reminder {
  return {
    ...reminder,
    status: 'sending',
    attempts: reminder.attempts + 1,
    lease: { owner, until: new Date(now.getTime() + leaseMs).toISOString() },
    updatedAt: now.toISOString(),
  };
}

/** The instant the current occurrence was due (before any retry pushed `dueAt` back). */
export const occurrenceDueAt = (reminder: Reminder): string => reminder.originalDueAt ?? reminder.dueAt;

/**
 * Delivered at `now`. One-off: done. Recurring: pending again at the next occurrence after `now` (missed ones
 * are not replayed), with attempts reset. `late` says the delivery came more than `lateAfterMs` after it was due.
 */
export function delivered(reminder: Reminder, now: Date, timeZone: string, lateAfterMs: number): Reminder {
  const late = now.getTime() - Date.parse(occurrenceDueAt(reminder)) > lateAfterMs;
  const { lease, lastError, originalDueAt, ...rest } = reminder;
  void lease; void lastError; void originalDueAt;
  const base = { ...rest, sentAt: now.toISOString(), late, updatedAt: now.toISOString() };
  if (!reminder.recurrence) return { ...base, status: 'done' };
  return { ...base, status: 'pending', attempts: 0, dueAt: nextOccurrence(reminder.recurrence, now, timeZone).toISOString() };
}

/** The conversation is gone for the bot (403: removed, blocked): nothing to retry. */
export function gone(reminder: Reminder, now: Date, reason: string): Reminder {
  const { lease, ...rest } = reminder;
  void lease;
  return { ...rest, status: 'failed', lastError: reason, updatedAt: now.toISOString() };
}

/** Back-off before the next attempt after `attempts` failed ones: 2^attempts minutes, at most an hour. */
export const backoffMs = (attempts: number): number => Math.min(2 ** attempts * 60_000, MAX_BACKOFF_MS);

/**
 * Delivery threw: release the lease and retry after the back-off; after MAX_ATTEMPTS a one-off fails and a
 * recurring reminder gives this occurrence up and moves on to the next one (the series is not lost).
 */
export function deliveryFailed(reminder: Reminder, now: Date, error: string, timeZone: string): Reminder {
  const { lease, ...rest } = reminder;
  void lease;
  const base = { ...rest, lastError: error, updatedAt: now.toISOString() };
  if (reminder.attempts >= MAX_ATTEMPTS) return givenUp(base, now, timeZone);
  return {
    ...base,
    status: 'pending',
    originalDueAt: occurrenceDueAt(reminder),
    dueAt: new Date(now.getTime() + backoffMs(reminder.attempts)).toISOString(),
  };
}

/** Too many attempts (also reached when processes keep dying while sending it): failed, or the next occurrence. */
export function givenUp(reminder: Reminder, now: Date, timeZone: string): Reminder {
  const { lease, originalDueAt, ...rest } = reminder;
  void lease; void originalDueAt;
  const lastError = `gave up after ${reminder.attempts} attempts${reminder.lastError ? `: ${reminder.lastError}` : ''}`;
  const base = { ...rest, lastError, updatedAt: now.toISOString() };
  if (!reminder.recurrence) return { ...base, status: 'failed' };
  return { ...base, status: 'pending', attempts: 0, dueAt: nextOccurrence(reminder.recurrence, now, timeZone).toISOString() };
}

/** Cancelled by a user: only a reminder that is still to be sent changes. */
export function cancelled(reminder: Reminder, now: Date): Reminder | undefined {
  if (reminder.status !== 'pending' && reminder.status !== 'sending') return undefined;
  const { lease, ...rest } = reminder;
  void lease;
  return { ...rest, status: 'cancelled', updatedAt: now.toISOString() };
}

/** What delivering a reminder came to: sent, or the conversation is gone for the bot (403) with the reason. */
export type DeliveryResult = 'sent' | { gone: string };
