import { dueInstant, type DueDate } from '../dates/due-date.js';
import { parseDue } from '../dates/parse-due.js';
import type { IsoWeekday, Recurrence } from './reminder.js';
import { REMINDER_TIME } from './reminder-service.js';
import { fail, ok, type Failure, type Result } from '../result.js';

/**
 * "påminn oss 2 april kl 9 om KPR-mötet: skicka material till Matilda och Christine", "påminn mig varje måndag
 * kl 9 om veckobrevet", "påminn oss första tisdagen varje månad om styrgruppen", "remind me every monday at 9 to …".
 * i18n-exempt: the Swedish and English words here are parser vocabulary, not text shown to users.
 */

export type ReminderProblem = 'noText' | 'noTime' | 'past' | 'invalid';
export type ParsedReminder = Result<
  { audience: 'me' | 'us'; text: string; dueAt?: Date; due?: DueDate; recurrence?: Recurrence },
  /** `detail`: the time as written, when that is what was wrong. */
  Failure<ReminderProblem, string>
>;

const WEEKDAYS: Record<string, IsoWeekday> = {
  måndag: 1, tisdag: 2, onsdag: 3, torsdag: 4, fredag: 5, lördag: 6, söndag: 7,
  monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6, sunday: 7,
};
const ORDINALS: Record<string, 1 | 2 | 3 | 4 | 5> = {
  första: 1, andra: 2, tredje: 3, fjärde: 4, femte: 5, first: 1, second: 2, third: 3, fourth: 4, fifth: 5,
};
const DAY = '(måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:en|ar|s)?';
const TIME = '(?:\\s+(?:kl\\.?|klockan|at)\\s*(\\d{1,2})(?:[:.](\\d{2}))?)?';
const WEEKLY = new RegExp(`^(?:varje|every)\\s+${DAY}${TIME}`, 'i');
const DAILY = new RegExp(`^(?:varje dag|every day|dagligen|daily)${TIME}`, 'i');
const MONTHLY = new RegExp(`^(första|andra|tredje|fjärde|femte|first|second|third|fourth|fifth)\\s+${DAY}\\s+(?:varje|i varje|of every|every)\\s+(?:månad|month)${TIME}`, 'i');
const CONNECTOR = /^[\s,:]*(?:om|to|about|att)?\s+/i;

function time(hours: string | undefined, minutes: string | undefined): string | undefined {
  if (hours === undefined) return REMINDER_TIME;
  const h = Number(hours);
  const m = minutes === undefined ? 0 : Number(minutes);
  if (h > 23 || m > 59) return undefined;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

export const REMINDER_TEXT_MAX = 2_000;

export function parseReminder(audienceWord: string, rest: string, options: { now: Date; timeZone: string }): ParsedReminder {
  const audience = /^(oss|us)$/i.test(audienceWord) ? 'us' : 'me';
  // Bounded like every command text (the Teams layer refuses longer ones before this).
  const input = rest.slice(0, REMINDER_TEXT_MAX).trim();
  const recurring = [
    { pattern: MONTHLY, build: (m: RegExpExecArray, t: string): Recurrence => ({ rule: 'monthlyNthWeekday', nth: ORDINALS[m[1]!.toLowerCase()]!, weekday: WEEKDAYS[m[2]!.toLowerCase()]!, time: t }), hours: 3 },
    { pattern: WEEKLY, build: (m: RegExpExecArray, t: string): Recurrence => ({ rule: 'weekly', weekday: WEEKDAYS[m[1]!.toLowerCase()]!, time: t }), hours: 2 },
    { pattern: DAILY, build: (_m: RegExpExecArray, t: string): Recurrence => ({ rule: 'daily', time: t }), hours: 1 },
  ];
  for (const { pattern, build, hours } of recurring) {
    const match = pattern.exec(input);
    if (!match) continue;
    const at = time(match[hours], match[hours + 1]);
    if (!at) return fail('invalid', match[0]);
    const text = input.slice(match[0].length).replace(CONNECTOR, '').trim();
    if (!text) return fail('noText');
    return ok({ audience, text, recurrence: build(match, at) });
  }
  const due = parseDue(input, options);
  if (!due.ok) {
    if (due.reason === 'past') return fail('past', due.matched);
    if (due.reason === 'invalid') return fail('invalid', due.matched);
    return fail('noTime');
  }
  const before = input.slice(0, due.index).trim();
  const after = input.slice(due.index + due.matched.length).replace(CONNECTOR, '').trim();
  const text = (after || before.replace(/^(?:om|to|about)\s+/i, '')).trim();
  if (!text) return fail('noText');
  const when: DueDate = { date: due.due.date, time: due.due.time ?? REMINDER_TIME };
  const dueAt = dueInstant(when, options.timeZone);
  if (dueAt.getTime() <= options.now.getTime()) return fail('past', due.matched);
  return ok({ audience, text, due: when, dueAt });
}
