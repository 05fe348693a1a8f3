import * as chrono from 'chrono-node';
import { formatYmd, isValidYmd, parseYmd } from '../dates/due-date.js';

/**
 * Meeting dates and times in minutes: "Core Team möte, 27 februari", "2021-02-04, kl 13:00 – 16:00",
 * "9 mars, kl 15 – 16:30", "Next meeting: 9 April 2024, 10:00–11:30".
 *
 * chrono-node only *finds* a day and month (Swedish and English; slashes are day/month); the year of a date written
 * without one is decided here: a meeting's own date is the most recent such day not after the reference (minutes
 * are written after the meeting), an upcoming date the next such day on or after it. A month alone ("i april") or a
 * weekday alone is not a date here. Times are read by our own patterns, since chrono reads "kl 13 - 16" as a date
 * range: "kl 13", "kl. 13.30", "klockan 9", "13:00", "kl 13:00 – 16:00", "kl 15 – 16:30", "10.00–11.30", "at 10".
 *
 * Every chrono call is counted against a budget, so no input can make the parser slow.
 *
 * i18n-exempt: the Swedish words here (month and season names) are parser vocabulary, never shown to users.
 */

export interface FoundDate {
  date: string;
  /** The year was written; otherwise it was resolved against the reference. */
  yearGiven: boolean;
  index: number;
  end: number;
}

export interface FoundTime {
  start: string;
  end?: string;
  index: number;
  endIndex: number;
}

/** How many chrono look-ups one parse may make (each costs well under a millisecond on a short text). */
export class LookupBudget {
  private used = 0;
  exhausted = false;
  constructor(private readonly max: number) {}
  take(): boolean {
    if (this.used >= this.max) {
      this.exhausted = true;
      return false;
    }
    this.used++;
    return true;
  }
}

/** Longest text handed to chrono: a date is looked for near the start of a line. */
const CHRONO_MAX = 300;

/** The first day-and-month date in `text`, its year resolved against `reference` ('YYYY-MM-DD'). */
export function findDate(text: string, reference: string, direction: 'past' | 'future', budget: LookupBudget): FoundDate | undefined {
  const head = text.slice(0, CHRONO_MAX);
  if (!/\d/.test(head) || !budget.take()) return undefined;
  const { year, month, day } = parseYmd(reference);
  const ref = new Date(year, month - 1, day, 12);
  const results = [
    ...chrono.sv.casual.parse(head, ref),
    ...chrono.en.casual.parse(head, ref).filter((r) => !r.tags().has('parser/SlashDateFormatParser')), // day/month only
  ]
    .filter((r) => r.start.isCertain('day') && r.start.isCertain('month') && /\d/.test(r.text))
    .sort((a, b) => a.index - b.index);
  for (const result of results) {
    const m = result.start.get('month') ?? NaN;
    const d = result.start.get('day') ?? NaN;
    let date: string | undefined;
    if (result.start.isCertain('year')) {
      const y = result.start.get('year') ?? NaN;
      date = isValidYmd(y, m, d) ? formatYmd(y, m, d) : undefined;
    } else {
      date = resolveYear(reference, m, d, direction);
    }
    if (date) return { date, yearGiven: result.start.isCertain('year'), index: result.index, end: result.index + result.text.length };
  }
  return undefined;
}

/** The most recent day-month not after `reference` ('past'), or the next one on or after it ('future'). */
export function resolveYear(reference: string, month: number, day: number, direction: 'past' | 'future'): string | undefined {
  const year = parseYmd(reference).year;
  for (let i = 0; i <= 8; i++) {
    const y = direction === 'past' ? year - i : year + i;
    if (!isValidYmd(y, month, day)) continue; // 29 February waits for a leap year
    const date = formatYmd(y, month, day);
    if (direction === 'past' ? date <= reference : date >= reference) return date;
  }
  return undefined;
}

const HOUR = '([01]?\\d|2[0-3])';
const MINUTE = '([0-5]\\d)';
const DASH = '\\s?(?:[–—-]|till|to)\\s?';
/** "kl 13", "kl. 13.30", "klockan 9:15", "kl 13:00 – 16:00", "kl 15 – 16:30", "kl 13 - 16", "at 10". */
const CLOCK_TIME = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:kl\\.?|klockan|at)\\s?${HOUR}(?:[.:]${MINUTE})?(?:${DASH}(?:kl\\.?\\s?)?${HOUR}(?:[.:]${MINUTE})?)?(?![\\p{N}]|[.:]\\d)`,
  'iu',
);
/** "13:00", "10:00–11:30", "10:00-11.30". */
const COLON_TIME = new RegExp(`(?<![\\p{N}.:])${HOUR}:${MINUTE}(?:${DASH}${HOUR}[:.]${MINUTE})?(?![\\p{N}]|[.:]\\d)`, 'u');
/** "08.30 - 14.00" (a dotted time only as a range). */
const DOTTED_RANGE = new RegExp(`(?<![\\p{N}.:])${HOUR}\\.${MINUTE}${DASH}${HOUR}\\.${MINUTE}(?![\\p{N}]|[.:]\\d)`, 'u');

const hm = (hour: string | undefined, minute: string | undefined): string => `${hour!.padStart(2, '0')}:${minute ?? '00'}`;

/** The first time or time range in `text`. */
export function findTime(text: string): FoundTime | undefined {
  const head = text.slice(0, 1_000);
  const clock = CLOCK_TIME.exec(head);
  if (clock) return toFound(clock, clock[1], clock[2], clock[3], clock[4]);
  const colon = COLON_TIME.exec(head);
  if (colon) return toFound(colon, colon[1], colon[2], colon[3], colon[4]);
  const dotted = DOTTED_RANGE.exec(head);
  if (dotted) return toFound(dotted, dotted[1], dotted[2], dotted[3], dotted[4]);
  return undefined;
}

function toFound(match: RegExpExecArray, h1?: string, m1?: string, h2?: string, m2?: string): FoundTime {
  return {
    start: hm(h1, m1),
    ...(h2 !== undefined ? { end: hm(h2, m2) } : {}),
    index: match.index,
    endIndex: match.index + match[0].length,
  };
}


// ---------------------------------------------------------------------------------------------------------------
// The year of a meeting date written without one

const MONTHS: Record<string, number> = {
  januari: 1, jan: 1, februari: 2, feb: 2, mars: 3, mar: 3, april: 4, apr: 4, maj: 5, juni: 6, jun: 6, juli: 7, jul: 7,
  augusti: 8, aug: 8, september: 9, sep: 9, sept: 9, oktober: 10, okt: 10, november: 11, nov: 11, december: 12, dec: 12,
  january: 1, february: 2, march: 3, may: 5, june: 6, july: 7, august: 8, october: 10, oct: 10,
};
/** Where in its year a season or a part of a year lies (month, day). */
const SEASONS: Record<string, [number, number]> = {
  våren: [4, 1], vår: [4, 1], sommaren: [7, 15], hösten: [10, 15], höst: [10, 15], vintern: [1, 15],
  'början av': [2, 1], 'slutet av': [11, 15], spring: [4, 1], summer: [7, 15], autumn: [10, 15], fall: [10, 15],
};
const ISO_DATE = /(?<![\p{N}-])(20\d\d)-(0[1-9]|1[0-2])-([0-2]\d|3[01])(?![\p{N}])/gu;
const WRITTEN_DATE = /(?<![\p{L}\p{N}])(\d{1,2})\s(\p{L}{3,9})\.?\s(20\d\d)(?![\p{N}])/gu;
const SEASON_YEAR = /(?<![\p{L}])(våren|vår|sommaren|hösten|höst|vintern|början\sav|slutet\sav|spring|summer|autumn|fall)\s(20\d\d)(?![\p{N}])/giu;
/** Evidence further than this from the candidate date does not settle the year. */
const STRONG_DAYS = 183;
const EVIDENCE_MAX = 200;

const dayNumber = (date: string) => {
  const { year, month, day } = parseYmd(date);
  return Date.UTC(year, month - 1, day) / 86_400_000;
};

/** The dated things a document mentions ("2025-02-10", "20 mars 2025", "hösten 2025"), as day numbers. */
function yearEvidence(text: string): number[] {
  const points: number[] = [];
  const add = (y: number, m: number, d: number) => {
    if (points.length < EVIDENCE_MAX && isValidYmd(y, m, d)) points.push(dayNumber(formatYmd(y, m, d)));
  };
  for (const m of text.matchAll(ISO_DATE)) {
    add(Number(m[1]), Number(m[2]), Number(m[3]));
    if (points.length >= EVIDENCE_MAX) break;
  }
  for (const m of text.matchAll(WRITTEN_DATE)) {
    const month = MONTHS[m[2]!.toLocaleLowerCase('sv-SE')];
    if (month) add(Number(m[3]), month, Number(m[1]));
    if (points.length >= EVIDENCE_MAX) break;
  }
  for (const m of text.matchAll(SEASON_YEAR)) {
    const [month, day] = SEASONS[m[1]!.toLocaleLowerCase('sv-SE').replace(/\s+/g, ' ')] ?? [7, 1];
    add(Number(m[2]), month, day);
    if (points.length >= EVIDENCE_MAX) break;
  }
  return points;
}

/**
 * The year of a meeting date written without one ("Sammanfattning 14 maj"). `resolved` is that day and month in the
 * most recent year not after `today` (minutes are written after the meeting). The document decides between that
 * year and the three before it: the candidate closest to what it dates ("Protokollet från 2025-02-10", "20 mars
 * 2025", "hösten 2025") wins. A year-span like "2024–2026" or a budget year says nothing about which day it is, so it
 * does not count. When nothing dated lies within half a year of the chosen date, the year is `uncertain`: the preview
 * asks the person to check it, rather than silently assuming.
 */
export function inferMeetingYear(text: string, resolved: string, today: string): { date: string; uncertain: boolean } {
  const evidence = yearEvidence(text.slice(0, 200_000));
  if (evidence.length === 0) return { date: resolved, uncertain: true };
  const { year, month, day } = parseYmd(resolved);
  let best: { date: string; distance: number } | undefined;
  for (let y = year; y >= year - 3; y--) {
    if (!isValidYmd(y, month, day)) continue;
    const date = formatYmd(y, month, day);
    if (date > today) continue;
    const at = dayNumber(date);
    const distance = Math.min(...evidence.map((e) => Math.abs(e - at)));
    if (!best || distance < best.distance) best = { date, distance };
  }
  if (!best) return { date: resolved, uncertain: true };
  return { date: best.date, uncertain: best.distance > STRONG_DAYS };
}
