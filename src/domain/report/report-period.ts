import { addDays, addMonths, formatYmd, isValidDateString, isValidYmd, parseYmd, todayIn } from '../dates/due-date.js';
import { parseDueExact } from '../dates/parse-due.js';
import type { Meeting } from '../meetings/meeting.js';

/**
 * The period a board report covers: 'YYYY-MM-DD' days in the team's time zone, both included.
 *
 * Default: since the last board meeting saved in the bot — the newest saved meeting dated before today that is
 * a board meeting (its type is "Styrelsemöte", or its title says "styrelse" or "board"); the period starts the day
 * after it and ends today. Without one: the last three months up to today.
 */

export interface ReportPeriod {
  from: string;
  to: string;
  basis: 'explicit' | 'sinceBoardMeeting' | 'lastThreeMonths';
  /** The board meeting the default period starts after. */
  boardMeeting?: { id: string; title: string; date: string };
}

/** The longest period a report may cover (a report over years is not a board report). */
export const MAX_PERIOD_DAYS = 3 * 366;

const BOARD_TITLE = /(?<![\p{L}])(?:styrelse\p{L}*|board)(?![\p{L}])/iu;

/** Whether a saved meeting is a board meeting: its type, or its title ("Styrelsemöte", "SK:s styrelse", "Board meeting"). */
export function isBoardMeeting(meeting: Pick<Meeting, 'kind' | 'title'>): boolean {
  return meeting.kind === 'board' || BOARD_TITLE.test(meeting.title);
}

/** The newest board meeting dated before `today`, if any. */
export function lastBoardMeeting(meetings: readonly Meeting[], today: string): Meeting | undefined {
  return meetings
    .filter((m) => isBoardMeeting(m) && m.date < today)
    .sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt))[0];
}

export function defaultPeriod(meetings: readonly Meeting[], now: Date, timeZone: string): ReportPeriod {
  const today = todayIn(now, timeZone);
  const board = lastBoardMeeting(meetings, today);
  if (board) return { from: addDays(board.date, 1), to: today, basis: 'sinceBoardMeeting', boardMeeting: { id: board.id, title: board.title, date: board.date } };
  return { from: addDays(addMonths(today, -3), 1), to: today, basis: 'lastThreeMonths' };
}

export type PeriodProblem =
  | { code: 'badDate'; text: string }
  | { code: 'fromInFuture'; from: string }
  | { code: 'toBeforeFrom'; from: string; to: string }
  | { code: 'tooLong'; maxDays: number };

export type PeriodRequest = { from?: string; to?: string };

/** The longest text accepted after "rapport" (two dates and their words). */
export const PERIOD_TEXT_MAX = 120;

/**
 * "från 1 februari till 15 mars", "from 2024-01-01", "till fredag", "1/2 - 15/3" → the typed dates (as text).
 * Undefined when the text is something else (the caller says how to write it).
 */
export function splitPeriodText(text: string): PeriodRequest | undefined {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean === '') return {};
  if (clean.length > PERIOD_TEXT_MAX) return undefined;
  const words = /^(?:(?:från|fr\.?o\.?m\.?|from|since|sedan)\s+(?<from>.+?))?\s*(?:(?:till|t\.?o\.?m\.?|to|until)\s+(?<to>.+))?$/iu.exec(clean);
  if (words?.groups && (words.groups.from || words.groups.to)) {
    return { ...(words.groups.from ? { from: words.groups.from.trim() } : {}), ...(words.groups.to ? { to: words.groups.to.trim() } : {}) };
  }
  const dash = /^(?<from>.+?)\s+[–-]\s+(?<to>.+)$/u.exec(clean);
  if (dash?.groups) return { from: dash.groups.from!.trim(), to: dash.groups.to!.trim() };
  return undefined;
}

/**
 * One typed date through the product's date parser. A report looks back: a day and month without a year is this
 * year's ("29 februari" said on 4 March 2024 is 2024-02-29, not 2028), and when it starts the period and still lies
 * ahead, last year's ("1 april" said on 4 March is 1 April last year); an end date may lie ahead.
 */
export function readReportDate(text: string, role: 'from' | 'to', now: Date, timeZone: string): string | undefined {
  const parsed = parseDueExact(text, { now, timeZone });
  let date: string | undefined;
  if (parsed.ok) date = parsed.due.date;
  else if (parsed.reason === 'past') date = parsed.due.date;
  if (!date || !isValidDateString(date)) return undefined;
  const today = todayIn(now, timeZone);
  if (/\d{4}/.test(text)) return date;
  // No year typed: the parser looks ahead ("29 februari" → 2028); a report means this year's, or for its start the
  // latest one up to today.
  const thisYear = parseYmd(today).year;
  const { year, month, day } = parseYmd(date);
  if (year > thisYear && isValidYmd(thisYear, month, day)) date = formatYmd(thisYear, month, day);
  if (role === 'from' && date > today) {
    const { year: y, month: m, day: d } = parseYmd(date);
    if (isValidYmd(y - 1, m, d)) date = formatYmd(y - 1, m, d);
  }
  return date;
}

/** The period asked for, with the defaults filled in, or what is wrong with it. */
export function resolvePeriod(request: PeriodRequest, meetings: readonly Meeting[], now: Date, timeZone: string): ReportPeriod | PeriodProblem {
  const fallback = defaultPeriod(meetings, now, timeZone);
  if (!request.from && !request.to) return fallback;
  const today = todayIn(now, timeZone);
  const from = request.from ? readReportDate(request.from, 'from', now, timeZone) : undefined;
  if (request.from && !from) return { code: 'badDate', text: request.from };
  const to = request.to ? readReportDate(request.to, 'to', now, timeZone) : undefined;
  if (request.to && !to) return { code: 'badDate', text: request.to };
  const period: ReportPeriod = { from: from ?? fallback.from, to: to ?? (from ? today : fallback.to), basis: 'explicit' };
  if (period.from > today) return { code: 'fromInFuture', from: period.from };
  if (period.to < period.from) return { code: 'toBeforeFrom', from: period.from, to: period.to };
  if (addDays(period.from, MAX_PERIOD_DAYS) < period.to) return { code: 'tooLong', maxDays: MAX_PERIOD_DAYS };
  return period;
}
