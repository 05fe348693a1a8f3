import * as chrono from 'chrono-node';
import type { ParsedResult, Parser, ParsingComponents, ParsingContext } from 'chrono-node';
import {
  addDays,
  addMonths,
  type DueDate,
  formatYmd,
  dueInstant,
  isOverdue,
  isoWeekday,
  isoWeekMonday,
  isoWeekOf,
  isValidYmd,
  startOfIsoWeek,
  wallClockIn,
} from './due-date.js';

/**
 * Finding a due date in what people type: "Petra skickar mail om ensamhetspengen senast fredag",
 * "15 mars kl 9", "by friday", "vecka 12".
 *
 * Built on chrono-node: chrono's Swedish casual parser (month names, weekdays, ISO dates, day/month slashes,
 * "idag"/"imorgon") and its English parser (month names both ways round, weekdays, "tomorrow", "at 10", "10am"),
 * plus the custom parsers below for what chrono's Swedish misses. chrono only finds the expressions; what a
 * weekday, a week number or a date without a year *means* is decided here, so the rules are ours and documented:
 *
 * - A weekday alone ("fredag", "på fredag", "senast fredag", "by friday") is the next such day strictly after
 *   today: "fredag" said on a Friday is the Friday a week later (said today, it would have been "idag").
 * - "nästa fredag" / "next friday" / "fredag nästa vecka" is the Friday of next (ISO, Monday–Sunday) week.
 * - "förra fredagen" / "last friday" is the most recent one before today (so it reports 'past').
 * - A day and month without a year ("15 mars", "19/4", "March 15") is its next occurrence; today counts.
 *   Slashes are always day/month ("12/3" is 12 March), also in English text.
 * - "vecka 12" / "v. 12" / "v12" / "week 12" is the Friday of that ISO week, in the current ISO week-year, or the
 *   next one if that week is already over (on 2024-12-30, which is in 2025-W01, "vecka 1" is 2025-01-03). On the
 *   Saturday or Sunday of week 12, "vecka 12" is that week's Friday and reports 'past'. A week that does not exist
 *   (0, 54, 53 in a 52-week year and the next) is 'invalid'.
 *   "nästa vecka" / "next week" is the Friday of next week; "i veckan" / "denna vecka" / "this week" this week's.
 * - A time alone ("kl 10", "10:00", "at 10", "10am") is today at that time if that is still ahead, else tomorrow.
 *   A time next to a date ("fredag kl 14", "kl 14 på fredag", "15 mars kl 9") is that time on that date.
 *   Swedish "10.30" is a time only after "kl"/"klockan"; a bare "10.30" is not (it could be anything).
 * - "om 3 dagar", "om två veckor", "om en månad", "in 3 days", "in two weeks": calendar days/months from today.
 * - A month alone ("i april", "KPR-mötet i april", "next month") is too vague for a deadline: ignored ('none').
 * - Weekday abbreviations ("fre", "mån", "fri") count in free text only next to a date ("fre 8 mars"); alone they
 *   are too often ordinary words ("i mån av tid", "fri entré"). parseDueExact accepts 3-letter abbreviations.
 * - "nu"/"now" is not a due date. Bare numbers ("3 mail", "20 deltagare") are never dates.
 *
 * Everything is computed in `timeZone` calendar terms: chrono gets a reference Date whose *local* reading is the
 * wall clock in `timeZone`, and only the calendar components it reports are used, so the process TZ does not matter.
 * i18n-exempt: the Swedish words here are parser vocabulary, not text shown to users.
 */

export type DueParseResult =
  | {
      ok: true;
      due: DueDate;
      /** The exact substring that expressed the date (incl. a leading "senast"/"by"/"den"/"på"/"kl"), so the caller can cut it out of a title. */
      matched: string;
      index: number;
    }
  | { ok: false; reason: 'none' }
  | { ok: false; reason: 'past'; due: DueDate; matched: string; index: number }
  | { ok: false; reason: 'invalid'; matched: string; index: number };

export interface ParseDueOptions {
  now: Date;
  timeZone: string;
}


const WORD_START = '(?<![\\p{L}\\p{N}])';
const WORD_END = '(?![\\p{L}\\p{N}])';
const word = (body: string) => new RegExp(`${WORD_START}(?:${body})${WORD_END}`, 'iu');

const SV_NUMBERS: Record<string, number> = {
  en: 1,
  ett: 1,
  'ett par': 2,
  'tv\u00e5': 2,
  tre: 3,
  fyra: 4,
  fem: 5,
  sex: 6,
  sju: 7,
  '\u00e5tta': 8,
  nio: 9,
  tio: 10,
  elva: 11,
  tolv: 12,
};
const EN_NUMBERS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  'a couple of': 2,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
};
const NUMBER_WORDS: Record<string, number> = { ...SV_NUMBERS, ...EN_NUMBERS };
const numberAlternatives = (words: Record<string, number>) =>
  Object.keys(words)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/ /g, '\\s+'))
    .join('|');
const toNumber = (text: string): number => NUMBER_WORDS[text.toLowerCase().replace(/\s+/g, ' ')] ?? Number(text);

const MONTHS_SV = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
const MONTHS_EN = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_ABBREVIATIONS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, okt: 10, oct: 10, nov: 11, dec: 12 };
const MONTHS: Record<string, number> = { ...MONTH_ABBREVIATIONS };
MONTHS_SV.forEach((name, i) => (MONTHS[name] = i + 1));
MONTHS_EN.forEach((name, i) => (MONTHS[name] = i + 1));
const MONTH_PATTERN = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');
const EN_MONTH_PATTERN = [...MONTHS_EN, ...Object.keys(MONTH_ABBREVIATIONS)].sort((a, b) => b.length - a.length).join('|');

const WEEKDAY_NAMES = `måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|monday|tuesday|wednesday|thursday|friday|saturday|sunday`;
const FULL_WEEKDAY = word(WEEKDAY_NAMES);
// In exact mode an abbreviation will do (fre, tors, fri), but not chrono's two-letter ones (on, to).
const SHORT_WEEKDAY = word(`${WEEKDAY_NAMES}|mån|tis|ons|tors|fre|lör|sön|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun`);
const NEXT_WEEK_MODIFIER = word(`nästa|next|(?:nästa|kommande)\\s+vecka`);
const LAST_WEEK_MODIFIER = word(`förra|senaste|last|past|previous`);
const THIS_WEEK_MODIFIER = word(`denna|den\\s+här|this`);

/** Where a deadline is said outright; such an expression wins over other dates in the same text. */
const DEADLINE_PREFIX = word(`senast|till|tills|före|innan|by|before|until|due`);
/** Words that belong to the date expression when they stand right before it (cut out of the title with it). */
const LEADING_WORD = new RegExp(
  `(?:^|[^\\p{L}\\p{N}])((?:senast|till|tills|före|innan|på|den|by|on|before|until|due|kl\\.?|klockan|at)\\s+)$`,
  'iu',
);
/** What may stand between a date and a time that are one expression ("fredag kl 14", "kl 14 på fredag"). */
const DATE_TIME_GAP = new RegExp(`^\\s*,?\\s*(?:(?:på|den|on|at)\\s+)?$`, 'iu');

// ---------------------------------------------------------------------------------------------------------------
// Custom chrono parsers. Each reports calendar components computed from the reference's local reading (which is
// the wall clock in the team's time zone), tagged so the interpretation below knows what it found.

const TAG_INVALID = 'shk/invalid';
const TAG_WEEK = 'shk/week';

const todayOf = (context: ParsingContext): string => {
  const ref = context.refDate;
  return formatYmd(ref.getFullYear(), ref.getMonth() + 1, ref.getDate());
};

const dateComponents = (context: ParsingContext, date: string, tag: string): ParsingComponents => {
  const [year, month, day] = date.split('-').map(Number);
  return context.createParsingComponents({ year, month, day }).addTag(tag);
};

/** A result that looks like a date but is impossible; its components are placeholders. */
const invalid = (context: ParsingContext): ParsingComponents => context.createParsingComponents({}).addTag(TAG_INVALID);

/** "idag", "i dag", "imorgon", "i morgon", "i morn", "(i) övermorgon", "igår", "i går", "i förrgår". */
const relativeDayParser: Parser = {
  pattern: () => word(`i\\s*(dag|morgon|morn)|(?:i\\s*)?(övermorgon)|i\\s*(går|förrgår)`),
  extract(context, match) {
    const keyword = (match[1] ?? match[2] ?? match[3] ?? '').toLowerCase();
    const offsets: Record<string, number> = { dag: 0, morgon: 1, morn: 1, '\u00f6vermorgon': 2, 'g\u00e5r': -1, 'f\u00f6rrg\u00e5r': -2 };
    const offset = offsets[keyword];
    return offset === undefined ? null : dateComponents(context, addDays(todayOf(context), offset), 'shk/relativeDay');
  },
};

/** "om 3 dagar", "om två veckor", "om en månad", "in 3 days", "in two weeks", "in a month". */
const inUnitsParser: Parser = {
  pattern: () =>
    word(
      `om\\s+(\\d{1,3}|${numberAlternatives(SV_NUMBERS)})\\s+(dagar|dag|veckor|vecka|månader|månad)` +
        `|in\\s+(\\d{1,3}|${numberAlternatives(EN_NUMBERS)})\\s+(days|day|weeks|week|months|month)`,
    ),
  extract(context, match) {
    const amount = toNumber(match[1] ?? match[3] ?? '');
    const unit = (match[2] ?? match[4] ?? '').toLowerCase();
    if (!Number.isFinite(amount)) return null;
    const today = todayOf(context);
    const date = /^(dag|day)/.test(unit) ? addDays(today, amount) : /^(veck|week)/.test(unit) ? addDays(today, 7 * amount) : addMonths(today, amount);
    return dateComponents(context, date, 'shk/inUnits');
  },
};

/** The Friday of ISO week `week` that is not over yet (this ISO week-year, else the next). */
function fridayOfWeek(today: string, week: number): string | undefined {
  const thisYear = isoWeekOf(today).year;
  for (const year of [thisYear, thisYear + 1]) {
    const monday = isoWeekMonday(year, week);
    if (monday && addDays(monday, 6) >= today) return addDays(monday, 4);
  }
  return undefined;
}

/** "vecka 12", "v. 12", "v.12", "v12", "week 12", "wk 12". */
const weekNumberParser: Parser = {
  pattern: () => word(`(?:vecka|v\\.?|week|wk\\.?)\\s*(\\d{1,2})`),
  extract(context, match) {
    const friday = fridayOfWeek(todayOf(context), Number(match[1]));
    return friday ? dateComponents(context, friday, TAG_WEEK) : invalid(context);
  },
};

/** "nästa vecka", "kommande vecka", "next week" → Friday next week; "i veckan", "denna vecka", "this week" → this week's. */
const relativeWeekParser: Parser = {
  pattern: () => word(`(nästa|kommande|next)\\s+(?:vecka|week)|(i|denna|den\\s+här|this)\\s+(?:veckan|vecka|week)`),
  extract(context, match) {
    const monday = startOfIsoWeek(todayOf(context));
    return dateComponents(context, addDays(monday, match[1] ? 7 + 4 : 4), TAG_WEEK);
  },
};

/** "kl 10", "kl. 10", "kl 10.30", "klockan 9:15", and a bare "10:00". */
const timeParser: Parser = {
  pattern: () => new RegExp(`${WORD_START}(?:(?:kl\\.?|klockan)\\s*(\\d{1,2})(?:[.:](\\d{2}))?|(\\d{1,2}):(\\d{2}))(?![\\p{L}\\p{N}]|[.:]\\d)`, 'iu'),
  extract(context, match) {
    const hour = Number(match[1] ?? match[3]);
    const minute = Number(match[2] ?? match[4] ?? 0);
    if (hour > 23 || minute > 59) return invalid(context);
    return context.createParsingComponents({ hour, minute }).addTag('shk/time');
  },
};

/**
 * Things that look like a date but cannot be one ("31 februari", "30/2", "February 30", "2024-02-30"). chrono drops
 * impossible dates silently; this parser reports them (and does nothing for possible ones, which chrono handles).
 * A day/month slash counts only with a day 1–31 and a month 1–12, so "20/30 deltagare" is no date at all.
 */
const impossibleDateParser: Parser = {
  pattern: () =>
    word(
      `(?:den\\s+)?(\\d{1,2})(?::e|e)?\\s*(${MONTH_PATTERN})\\.?(?:\\s+(\\d{4}))?` +
        `|(${EN_MONTH_PATTERN})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?` +
        `|(\\d{1,2})/(\\d{1,2})(?:/(\\d{4}|\\d{2}))?` +
        `|(\\d{4})-(\\d{2})-(\\d{2})`,
    ),
  extract(context, match) {
    const impossible = (day: number, month: number, year?: number) => !isValidYmd(year ?? 2024 /* a leap year */, month, day);
    if (match[1] && match[2]) {
      const month = MONTHS[match[2].toLowerCase()];
      return month && impossible(Number(match[1]), month, match[3] ? Number(match[3]) : undefined) ? invalid(context) : null;
    }
    if (match[4] && match[5]) {
      const month = MONTHS[match[4].toLowerCase()];
      return month && impossible(Number(match[5]), month, match[6] ? Number(match[6]) : undefined) ? invalid(context) : null;
    }
    if (match[7] && match[8]) {
      const day = Number(match[7]);
      const month = Number(match[8]);
      const year = match[9] ? Number(match[9].length === 2 ? `20${match[9]}` : match[9]) : undefined;
      if (day < 1 || day > 31 || month < 1 || month > 12) return null;
      return impossible(day, month, year) ? invalid(context) : null;
    }
    if (match[10] && match[11] && match[12]) {
      return impossible(Number(match[12]), Number(match[11]), Number(match[10])) ? invalid(context) : null;
    }
    return null;
  },
};

function createSwedish(): chrono.Chrono {
  const parser = chrono.sv.casual.clone();
  // First, so that on an equally long match ("idag", "next week") ours is the one kept by chrono's overlap removal.
  parser.parsers.unshift(relativeDayParser, inUnitsParser, weekNumberParser, relativeWeekParser, timeParser, impossibleDateParser);
  return parser;
}

const swedish = createSwedish();
// en.casual (not en.GB): it reads "March 15" as a date. Its M/D slash reading is dropped below; Swedish reads slashes.
const english = chrono.en.casual.clone();

// ---------------------------------------------------------------------------------------------------------------
// Interpretation

type Kind = 'date' | 'time' | 'dateTime';

interface Candidate {
  index: number;
  end: number;
  kind: Kind;
  invalid: boolean;
  date?: string;
  time?: string;
}

interface Context {
  today: string;
  exact: boolean;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The next occurrence (today counts) of a day and month. */
function nextOccurrence(today: string, month: number, day: number): string | undefined {
  const year = Number(today.slice(0, 4));
  for (let y = year; y <= year + 8; y++) {
    if (!isValidYmd(y, month, day)) continue; // 29 February waits for a leap year
    const date = formatYmd(y, month, day);
    if (date >= today) return date;
  }
  return undefined;
}

function weekdayDate(today: string, chronoWeekday: number, text: string): string {
  const target = chronoWeekday === 0 ? 7 : chronoWeekday; // chrono: 0 = Sunday; ISO: 7 = Sunday
  const current = isoWeekday(today);
  if (NEXT_WEEK_MODIFIER.test(text)) return addDays(startOfIsoWeek(today), 7 + target - 1);
  if (LAST_WEEK_MODIFIER.test(text)) return addDays(today, -((current - target + 7) % 7 || 7));
  if (THIS_WEEK_MODIFIER.test(text)) return addDays(today, (target - current + 7) % 7);
  return addDays(today, (target - current + 7) % 7 || 7);
}

function toCandidate(result: ParsedResult, fromEnglish: boolean, ctx: Context): Candidate | undefined {
  const tags = result.tags();
  const c = result.start;
  const text = result.text;
  const base = { index: result.index, end: result.index + text.length };

  if (tags.has(TAG_INVALID)) {
    return { ...base, kind: /^(kl|\d{1,2}:)/i.test(text) ? 'time' : 'date', invalid: true };
  }
  if (fromEnglish && tags.has('parser/SlashDateFormatParser')) return undefined; // slashes are day/month
  if (/^[+-]/.test(text)) return undefined; // chrono's "- 3 dagar" (3 days ago) in "Workshop - 3 dagar"
  if (tags.has('casualReference/now') || /^(nu|now|just nu|right now)$/i.test(text)) return undefined;

  let time: string | undefined;
  if (c.isCertain('hour')) {
    const hour = c.get('hour') ?? NaN;
    const minute = c.get('minute') ?? 0;
    if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) return { ...base, kind: 'time', invalid: true };
    time = `${pad2(hour)}:${pad2(minute)}`;
  }

  let date: string | undefined;
  if (c.isCertain('day')) {
    if (!c.isCertain('month')) return undefined; // "the 15th": no month, too vague
    const month = c.get('month') ?? NaN;
    const day = c.get('day') ?? NaN;
    if (c.isCertain('year')) {
      const year = c.get('year') ?? NaN;
      if (!isValidYmd(year, month, day)) return { ...base, kind: 'date', invalid: true };
      date = formatYmd(year, month, day);
    } else {
      date = nextOccurrence(ctx.today, month, day);
      if (!date) return { ...base, kind: 'date', invalid: true };
    }
  } else if (c.isCertain('weekday')) {
    const weekdayOk = ctx.exact ? SHORT_WEEKDAY.test(text) : FULL_WEEKDAY.test(text);
    if (!weekdayOk) return undefined;
    date = weekdayDate(ctx.today, c.get('weekday') ?? 0, text);
  }

  if (date === undefined) {
    if (time === undefined) return undefined; // a month, a year, "next month": too vague
    // A time alone needs to look like one: "kl 10", "10:00", "at 10", "10am" (not chrono's "2 - 3" in a title).
    if (!/(kl|klockan|^at)\b|\d[:.]\d\d|\d\s*(am|pm|a\.m\.|p\.m\.)/i.test(text)) return undefined;
    return { ...base, kind: 'time', time, invalid: false };
  }
  return { ...base, kind: time ? 'dateTime' : 'date', date, ...(time ? { time } : {}), invalid: false };
}

/** Keeps the longer of overlapping candidates (the earlier one on a tie: Swedish before English). */
function removeOverlaps(candidates: Candidate[]): Candidate[] {
  const sorted = candidates.map((c, order) => ({ c, order })).sort((a, b) => a.c.index - b.c.index || a.order - b.order);
  const kept: Candidate[] = [];
  for (const { c } of sorted) {
    const last = kept[kept.length - 1];
    if (!last || c.index >= last.end) kept.push(c);
    else if (c.end - c.index > last.end - last.index) kept[kept.length - 1] = c;
  }
  return kept;
}

/** Joins a date and a time that stand together ("fredag kl 14", "kl 14 på fredag") into one candidate. */
function mergeDateAndTime(candidates: Candidate[], text: string): Candidate[] {
  const merged: Candidate[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const a = candidates[i]!;
    const b = candidates[i + 1];
    const pair = b && ((a.kind === 'date' && b.kind === 'time') || (a.kind === 'time' && b.kind === 'date'));
    if (b && pair && DATE_TIME_GAP.test(text.slice(a.end, b.index))) {
      const dateSide = a.kind === 'date' ? a : b;
      const timeSide = a.kind === 'time' ? a : b;
      const invalid = a.invalid || b.invalid;
      merged.push({
        index: a.index,
        end: b.end,
        kind: 'dateTime',
        invalid,
        ...(invalid ? {} : { date: dateSide.date, time: timeSide.time }),
      });
      i++;
    } else {
      merged.push(a);
    }
  }
  return merged;
}

function includeLeadingWords(candidate: Candidate, text: string): Candidate {
  let index = candidate.index;
  for (let match = LEADING_WORD.exec(text.slice(0, index)); match; match = LEADING_WORD.exec(text.slice(0, index))) {
    index -= match[1]!.length;
  }
  return { ...candidate, index };
}

function findCandidates(text: string, options: ParseDueOptions, exact: boolean): Candidate[] {
  const wall = wallClockIn(options.now, options.timeZone);
  const today = formatYmd(wall.year, wall.month, wall.day);
  // The reference chrono sees: local reading = wall clock in the team's zone. Should that wall time not exist in
  // the process zone (a DST gap), noon of the same day keeps the calendar date right, which is what matters.
  let reference = new Date(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  if (reference.getDate() !== wall.day || reference.getHours() !== wall.hour) reference = new Date(wall.year, wall.month - 1, wall.day, 12);
  const ctx: Context = { today, exact };

  const candidates = [
    ...swedish.parse(text, reference).map((r) => toCandidate(r, false, ctx)),
    ...english.parse(text, reference).map((r) => toCandidate(r, true, ctx)),
  ].filter((c): c is Candidate => c !== undefined);

  return mergeDateAndTime(removeOverlaps(candidates), text).map((candidate) => {
    const resolved = includeLeadingWords(candidate, text);
    if (resolved.kind !== 'time' || resolved.invalid || !resolved.time) return resolved;
    // A time alone: today if still ahead, else tomorrow.
    const todayAt = { date: today, time: resolved.time };
    const ahead = dueInstant(todayAt, options.timeZone).getTime() > options.now.getTime();
    return { ...resolved, date: ahead ? today : addDays(today, 1) };
  });
}

function toResult(candidate: Candidate, text: string, options: ParseDueOptions): DueParseResult {
  const matched = text.slice(candidate.index, candidate.end);
  const index = candidate.index;
  if (candidate.invalid || !candidate.date) return { ok: false, reason: 'invalid', matched, index };
  const due: DueDate = candidate.time ? { date: candidate.date, time: candidate.time } : { date: candidate.date };
  if (isOverdue(due, options.now, options.timeZone)) return { ok: false, reason: 'past', due, matched, index };
  return { ok: true, due, matched, index };
}

/**
 * Finds the due date in free text (a title, a chat message), Swedish or English. With several date expressions, one
 * stated as a deadline ("senast …", "by …", "till …", "före …") wins; among equals a usable (future, valid) one wins
 * over a past or impossible one, and then the last one.
 */
/**
 * Longest text the date finder reads: commands are refused beyond 2 000 characters before they get here, and a date
 * further into a text than this is not one a person meant as the deadline. Bounding the input bounds the work
 * (chrono and the refiners are not linear on adversarial text such as "kl 1 " × 50 000).
 */
export const DUE_TEXT_MAX = 2_000;

export function parseDue(fullText: string, options: ParseDueOptions): DueParseResult {
  const text = fullText.length > DUE_TEXT_MAX ? fullText.slice(0, DUE_TEXT_MAX) : fullText;
  const candidates = findCandidates(text, options, false);
  if (candidates.length === 0) return { ok: false, reason: 'none' };
  const deadlines = candidates.filter((c) => DEADLINE_PREFIX.test(text.slice(c.index, c.end).split(/\s+/)[0] ?? ''));
  const pool = (deadlines.length > 0 ? deadlines : candidates).map((c) => toResult(c, text, options));
  const usable = pool.filter((r) => r.ok);
  return (usable.length > 0 ? usable : pool).at(-1) ?? { ok: false, reason: 'none' };
}

/**
 * The whole text must be one date expression (a "pick a date" field, "senast fredag" given alone, or the
 * 'YYYY-MM-DD' of an Input.Date); surrounding spaces and a final full stop are allowed. Anything else is 'none'.
 */
export function parseDueExact(text: string, options: ParseDueOptions): DueParseResult {
  // A date field holds a date, never thousands of characters.
  if (text.length > DUE_TEXT_MAX) return { ok: false, reason: 'none' };
  const start = text.length - text.trimStart().length;
  const end = text.trimEnd().length;
  if (start >= end) return { ok: false, reason: 'none' };
  const whole = findCandidates(text, options, true).find(
    (c) => c.index === start && (c.end === end || /^[.!]+$/.test(text.slice(c.end, end))),
  );
  return whole ? toResult(whole, text, options) : { ok: false, reason: 'none' };
}
