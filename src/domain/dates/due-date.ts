import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { enGB, sv } from 'date-fns/locale';

/**
 * A due date as people say it: a calendar day in the team's time zone, optionally with a time of day.
 * Stored as wall-clock values (not an instant) so "fredag" stays Friday whatever the server's zone,
 * and turned into an instant only when it must be compared with "now" (see dueInstant).
 *
 * Every function here is independent of the process time zone (TZ): calendar arithmetic is done in UTC
 * on 'YYYY-MM-DD' strings, and zone conversions go through Intl / @date-fns/tz with an explicit zone.
 */
export interface DueDate {
  /** 'YYYY-MM-DD' in the team's time zone. */
  date: string;
  /** 'HH:mm', 24 h. Absent = the end of that day. */
  time?: string;
}

export type DueLocale = 'sv' | 'en';
export type RelativeDueLabel = 'overdue' | 'today' | 'tomorrow' | 'thisWeek' | 'later';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;

export interface Ymd {
  year: number;
  month: number; // 1-12
  day: number;
}

/** Splits 'YYYY-MM-DD'; throws on anything that is not a real calendar day. */
export function parseYmd(date: string): Ymd {
  const match = DATE_RE.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const ymd = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (!isValidYmd(ymd.year, ymd.month, ymd.day)) throw new RangeError(`Not a calendar day: ${date}`);
  return ymd;
}

export function formatYmd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidYmd(year: number, month: number, day: number): boolean {
  return Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day) && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** True for a well-formed 'YYYY-MM-DD' that is a real day. */
export function isValidDateString(date: string): boolean {
  const match = DATE_RE.exec(date);
  return match !== null && isValidYmd(Number(match[1]), Number(match[2]), Number(match[3]));
}

function parseTime(time: string): { hour: number; minute: number } {
  const match = TIME_RE.exec(time);
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  if (!match || hour > 23 || minute > 59) throw new RangeError(`Not an HH:mm time: ${time}`);
  return { hour, minute };
}

const utcMidnight = (date: string): number => {
  const { year, month, day } = parseYmd(date);
  return Date.UTC(year, month - 1, day);
};

const fromUtc = (ms: number): string => {
  const d = new Date(ms);
  return formatYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
};

/** Calendar arithmetic on 'YYYY-MM-DD' (negative days go back). */
export function addDays(date: string, days: number): string {
  return fromUtc(utcMidnight(date) + days * 86_400_000);
}

/** Adds calendar months, clamping to the month's last day (31 January + 1 month = 29 February in a leap year). */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parseYmd(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return formatYmd(y, m, Math.min(day, daysInMonth(y, m)));
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const d = new Date(utcMidnight(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The Monday of the ISO week that contains `date`. */
export function startOfIsoWeek(date: string): string {
  return addDays(date, 1 - isoWeekday(date));
}

/** The ISO week-numbering year and week of `date` (2024-12-30 is 2025-W01). */
export function isoWeekOf(date: string): { year: number; week: number } {
  const thursday = addDays(date, 4 - isoWeekday(date));
  const year = parseYmd(thursday).year;
  const week = Math.floor((utcMidnight(thursday) - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return { year, week };
}

/** The Monday of ISO week `week` of ISO year `year`, or undefined when that year has no such week. */
export function isoWeekMonday(year: number, week: number): string | undefined {
  if (!Number.isInteger(week) || week < 1 || week > 53) return undefined;
  const jan4 = formatYmd(year, 1, 4); // always in week 1
  const monday = addDays(startOfIsoWeek(jan4), (week - 1) * 7);
  return isoWeekOf(monday).year === year ? monday : undefined;
}

export interface WallClock extends Ymd {
  hour: number;
  minute: number;
  second: number;
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading of `instant` in `timeZone`. */
export function wallClockIn(instant: Date, timeZone: string): WallClock {
  let formatter = wallFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return {
    year: parts.year ?? NaN,
    month: parts.month ?? NaN,
    day: parts.day ?? NaN,
    hour: (parts.hour ?? NaN) % 24,
    minute: parts.minute ?? NaN,
    second: parts.second ?? NaN,
  };
}

/** Today's date in `timeZone`, 'YYYY-MM-DD'. */
export function todayIn(now: Date, timeZone: string): string {
  const { year, month, day } = wallClockIn(now, timeZone);
  return formatYmd(year, month, day);
}

/**
 * The moment something is due: its time on its day, or 23:59:59.999 that day when no time is given, in `timeZone`.
 * DST-correct (a wall time that does not exist, like 02:30 on the spring-forward night, moves forward an hour).
 */
export function dueInstant(due: DueDate, timeZone: string): Date {
  const { year, month, day } = parseYmd(due.date);
  const zoned = due.time
    ? (() => {
        const { hour, minute } = parseTime(due.time);
        return new TZDate(year, month - 1, day, hour, minute, 0, 0, timeZone);
      })()
    : new TZDate(year, month - 1, day, 23, 59, 59, 999, timeZone);
  return new Date(zoned.getTime());
}

/** True once the due moment has passed (a date without time is overdue from midnight after it). */
export function isOverdue(due: DueDate, now: Date, timeZone: string): boolean {
  return now.getTime() > dueInstant(due, timeZone).getTime();
}

const dateFnsLocale = (locale: DueLocale) => (locale === 'sv' ? sv : enGB);

/** A Date whose UTC reading is the given wall clock, wrapped so date-fns formats it in UTC (process TZ irrelevant). */
const wallAsUtc = (date: string, time?: string): TZDate => {
  const { year, month, day } = parseYmd(date);
  const { hour, minute } = time ? parseTime(time) : { hour: 0, minute: 0 };
  return new TZDate(Date.UTC(year, month - 1, day, hour, minute), 'UTC');
};

const datePattern = (withYear: boolean) => (withYear ? 'EEE d MMMM yyyy' : 'EEE d MMMM');
// The Swedish pattern: "kl. 10.00" (Språkrådet's recommended style); English: "10:00".
const timePattern = (locale: DueLocale) => (locale === 'sv' ? "'kl.' HH.mm" : 'HH:mm');

/**
 * A due date for people: sv "fre 8 mars", "fre 8 mars kl. 10.00", "fre 3 januari 2025";
 * en "Fri 8 March", "Fri 8 March 10:00", "Mon 6 January 2025". The year is shown only when it is not the current
 * year in `timeZone`.
 */
export function formatDue(due: DueDate, locale: DueLocale, now: Date, timeZone: string): string {
  const withYear = parseYmd(due.date).year !== wallClockIn(now, timeZone).year;
  const pattern = due.time ? `${datePattern(withYear)} ${timePattern(locale)}` : datePattern(withYear);
  return format(wallAsUtc(due.date, due.time), pattern, { locale: dateFnsLocale(locale) });
}

/**
 * An instant as a date and time in `timeZone`: sv "tis 27 februari kl. 09.00", en "Tue 27 February 09:00".
 * `now` is optional: when given, the year is added if it differs from the current year (as in formatDue);
 * without it the year is never shown.
 */
export function formatDateTime(instant: Date, locale: DueLocale, timeZone: string, now?: Date): string {
  const zoned = new TZDate(instant.getTime(), timeZone);
  const withYear = now !== undefined && zoned.getFullYear() !== wallClockIn(now, timeZone).year;
  return format(zoned, `${datePattern(withYear)} ${timePattern(locale)}`, { locale: dateFnsLocale(locale) });
}

/**
 * How close a due date is, for badges and sorting: overdue (its moment has passed), today, tomorrow,
 * thisWeek (later in the same Monday–Sunday ISO week), later.
 */
export function relativeDueLabel(due: DueDate, now: Date, timeZone: string): RelativeDueLabel {
  if (isOverdue(due, now, timeZone)) return 'overdue';
  const today = todayIn(now, timeZone);
  if (due.date === today) return 'today';
  if (due.date === addDays(today, 1)) return 'tomorrow';
  if (startOfIsoWeek(due.date) === startOfIsoWeek(today)) return 'thisWeek';
  return 'later';
}
