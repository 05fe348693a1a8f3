import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueInstant, type DueDate } from '../../../src/domain/dates/due-date.js';
import { parseDue, parseDueExact, type DueParseResult } from '../../../src/domain/dates/parse-due.js';

const timeZone = 'Europe/Stockholm';
/** Tue 27 February 2024, 10:00 in Stockholm: the seed meeting. */
const SEED_MEETING = '2024-02-27T09:00:00Z';
const at = (instant: string) => ({ now: new Date(instant), timeZone });
const due = (date: string, time?: string): DueDate => (time ? { date, time } : { date });

/** [what is typed, the due date it means] at the seed meeting. */
const seedMeetingPhrases: Array<[string, DueDate]> = [
  // Swedish
  ['fredag', due('2024-03-01')],
  ['senast fredag', due('2024-03-01')],
  ['på fredag', due('2024-03-01')],
  ['senast på fredag', due('2024-03-01')],
  ['15 mars', due('2024-03-15')],
  ['den 15 mars', due('2024-03-15')],
  ['senast den 15 mars', due('2024-03-15')],
  ['2024-04-19', due('2024-04-19')],
  ['19/4', due('2024-04-19')],
  ['12/3', due('2024-03-12')],
  ['imorgon', due('2024-02-28')],
  ['i morgon', due('2024-02-28')],
  ['i övermorgon', due('2024-02-29')],
  ['idag', due('2024-02-27')],
  ['i dag', due('2024-02-27')],
  ['nästa tisdag', due('2024-03-05')],
  ['fredag nästa vecka', due('2024-03-08')],
  ['nästa vecka', due('2024-03-08')],
  ['i veckan', due('2024-03-01')],
  ['om två veckor', due('2024-03-12')],
  ['om 3 dagar', due('2024-03-01')],
  ['om en vecka', due('2024-03-05')],
  ['om fem dagar', due('2024-03-03')],
  ['om åtta dagar', due('2024-03-06')],
  ['om tio dagar', due('2024-03-08')],
  ['om sex veckor', due('2024-04-09')],
  ['om en månad', due('2024-03-27')],
  ['vecka 12', due('2024-03-22')],
  ['v. 12', due('2024-03-22')],
  ['v12', due('2024-03-22')],
  ['v.12', due('2024-03-22')],
  ['senast v 12', due('2024-03-22')],
  ['kl 10', due('2024-02-28', '10:00')], // 10:00 is now, so not ahead: tomorrow
  ['kl. 10', due('2024-02-28', '10:00')],
  ['kl 10.30', due('2024-02-27', '10:30')],
  ['kl 9', due('2024-02-28', '09:00')],
  ['10:00', due('2024-02-28', '10:00')],
  ['13:15', due('2024-02-27', '13:15')],
  ['fredag kl 14', due('2024-03-01', '14:00')],
  ['kl 14 på fredag', due('2024-03-01', '14:00')],
  ['15 mars kl 9', due('2024-03-15', '09:00')],
  ['den 15 mars kl. 9.30', due('2024-03-15', '09:30')],
  ['i morgon kl 8', due('2024-02-28', '08:00')],
  ['19/4 10:00', due('2024-04-19', '10:00')],
  ['fre 8 mars', due('2024-03-08')],
  // English
  ['friday', due('2024-03-01')],
  ['by friday', due('2024-03-01')],
  ['on friday', due('2024-03-01')],
  ['15 March', due('2024-03-15')],
  ['March 15', due('2024-03-15')],
  ['tomorrow', due('2024-02-28')],
  ['today', due('2024-02-27')],
  ['next tuesday', due('2024-03-05')],
  ['next week', due('2024-03-08')],
  ['in two weeks', due('2024-03-12')],
  ['in 3 days', due('2024-03-01')],
  ['in ten days', due('2024-03-08')],
  ['in a week', due('2024-03-05')],
  ['week 12', due('2024-03-22')],
  ['at 10', due('2024-02-28', '10:00')],
  ['10am', due('2024-02-28', '10:00')],
  ['3pm', due('2024-02-27', '15:00')],
  ['friday at 10', due('2024-03-01', '10:00')],
  ['15 March at 9', due('2024-03-15', '09:00')],
];

describe('parseDue at the seed meeting (Tue 27 February 2024, 10:00)', () => {
  it.each(seedMeetingPhrases)('understands "%s"', (phrase, expected) => {
    expect(parseDue(phrase, at(SEED_MEETING))).toEqual({ ok: true, due: expected, matched: phrase, index: 0 });
  });

  it.each(seedMeetingPhrases)('also accepts "%s" given alone in a date field', (phrase, expected) => {
    expect(parseDueExact(phrase, at(SEED_MEETING))).toEqual({ ok: true, due: expected, matched: phrase, index: 0 });
  });
});

describe('finding the date in a title', () => {
  it.each<[string, string, DueDate, string]>([
    ['Petra skickar mail om ensamhetspengen senast fredag', 'senast fredag', due('2024-03-01'), 'Petra skickar mail om ensamhetspengen'],
    ['Boka lokal senast den 15 mars kl 9', 'senast den 15 mars kl 9', due('2024-03-15', '09:00'), 'Boka lokal'],
    ['Send the minutes by friday', 'by friday', due('2024-03-01'), 'Send the minutes'],
    ['Ring Kalle på fredag kl 14 om budgeten', 'på fredag kl 14', due('2024-03-01', '14:00'), 'Ring Kalle  om budgeten'],
    ['Skicka 3 mail kl 15', 'kl 15', due('2024-02-27', '15:00'), 'Skicka 3 mail'],
    ['Sammanställ enkäten till v12', 'till v12', due('2024-03-22'), 'Sammanställ enkäten'],
    ['Boka lokal till mötet 12/3 kl 13:00', '12/3 kl 13:00', due('2024-03-12', '13:00'), 'Boka lokal till mötet'],
    ['Skicka rapporten i morgon bitti', 'i morgon', due('2024-02-28'), 'Skicka rapporten  bitti'],
  ])('"%s" → "%s"', (text, matched, expected, rest) => {
    const result = parseDue(text, at(SEED_MEETING));
    expect(result).toMatchObject({ ok: true, due: expected, matched });
    if (!result.ok) throw new Error('expected a date');
    expect(text.slice(result.index, result.index + result.matched.length)).toBe(matched);
    expect((text.slice(0, result.index) + text.slice(result.index + matched.length)).trim()).toBe(rest);
  });

  it('prefers the one stated as a deadline over other dates in the text', () => {
    expect(parseDue('KPR-möte 15 mars, Petra skickar underlag senast 8 mars', at(SEED_MEETING))).toMatchObject({
      ok: true,
      due: due('2024-03-08'),
      matched: 'senast 8 mars',
    });
  });

  it('prefers a usable date over one that has passed, and otherwise takes the last', () => {
    expect(parseDue('Uppföljning av 2024-01-10 klar fredag', at(SEED_MEETING))).toMatchObject({ ok: true, due: due('2024-03-01'), matched: 'fredag' });
    expect(parseDue('Fredag: uppföljning av 2024-01-10', at(SEED_MEETING))).toMatchObject({ ok: true, due: due('2024-03-01'), matched: 'Fredag' });
    expect(parseDue('Flytta 15 mars till 22 mars', at(SEED_MEETING))).toMatchObject({ ok: true, due: due('2024-03-22'), matched: 'till 22 mars' });
  });

  it.each([
    'Petra skickar 3 mail',
    'samla 20 deltagare',
    'Måltider och möten – tre piloter',
    'KPR-mötet i april',
    'Budget för mars',
    'next month',
    'blåbär',
    'i mån av tid',
    'fri entré',
    'Vi måste nu skicka',
    'Workshop - 3 dagar',
    'Workshop 2 - 3 mail',
    'Möte 14-16 i Sal 3',
    'Version 2.10 släpps',
    'Ring Anna 070-123 45 67',
    'Budget 2025',
    'Läs kapitel 3:e',
    'samla 20/30 deltagare',
    '',
  ])('finds no date in "%s"', (text) => {
    expect(parseDue(text, at(SEED_MEETING))).toEqual({ ok: false, reason: 'none' });
  });
});

describe('dates that have passed or cannot exist', () => {
  it.each<[string, DueDate]>([
    ['2020-01-01', due('2020-01-01')],
    ['igår', due('2024-02-26')],
    ['i går', due('2024-02-26')],
    ['yesterday', due('2024-02-26')],
    ['förra fredag', due('2024-02-23')],
    ['idag kl 9', due('2024-02-27', '09:00')],
    ['15 mars 2023', due('2023-03-15')],
  ])('"%s" has passed', (text, expected) => {
    expect(parseDue(text, at(SEED_MEETING))).toEqual({ ok: false, reason: 'past', due: expected, matched: text, index: 0 });
    expect(parseDueExact(text, at(SEED_MEETING))).toEqual({ ok: false, reason: 'past', due: expected, matched: text, index: 0 });
  });

  it.each(['31 februari', '31 april', '32 mars', '30/2', '31/4', '2024-02-30', '2023-02-29', 'February 30', 'vecka 60', 'vecka 54', 'vecka 0', 'vecka 53', 'week 60', 'kl 25', 'kl 10.75', '25:00', 'fredag kl 25'])(
    '"%s" is impossible',
    (text) => {
      expect(parseDue(text, at(SEED_MEETING))).toEqual({ ok: false, reason: 'invalid', matched: text, index: 0 });
      expect(parseDueExact(text, at(SEED_MEETING))).toEqual({ ok: false, reason: 'invalid', matched: text, index: 0 });
    },
  );

  it('reports an impossible date inside a title', () => {
    expect(parseDue('Skicka underlaget senast 31 februari', at(SEED_MEETING))).toEqual({ ok: false, reason: 'invalid', matched: 'senast 31 februari', index: 18 });
  });
});

describe('the rules for what a phrase means', () => {
  it('a weekday said on that weekday means the same day next week (today would be "idag")', () => {
    const friday = at('2024-03-01T09:00:00Z');
    expect(parseDue('senast fredag', friday)).toMatchObject({ ok: true, due: due('2024-03-08') });
    expect(parseDue('fredag', friday)).toMatchObject({ ok: true, due: due('2024-03-08') });
    expect(parseDue('idag', friday)).toMatchObject({ ok: true, due: due('2024-03-01') });
    expect(parseDue('nästa fredag', friday)).toMatchObject({ ok: true, due: due('2024-03-08') });
  });

  it('"nästa" means the day in next week, not merely the next one', () => {
    const monday = at('2024-02-26T09:00:00Z');
    expect(parseDue('tisdag', monday)).toMatchObject({ ok: true, due: due('2024-02-27') });
    expect(parseDue('nästa tisdag', monday)).toMatchObject({ ok: true, due: due('2024-03-05') });
    expect(parseDue('next tuesday', monday)).toMatchObject({ ok: true, due: due('2024-03-05') });
    const sunday = at('2024-03-03T09:00:00Z');
    expect(parseDue('nästa måndag', sunday)).toMatchObject({ ok: true, due: due('2024-03-04') });
  });

  it('a day and month without a year is the next time it comes round, today included', () => {
    expect(parseDue('15 mars', at('2024-03-15T20:00:00Z'))).toMatchObject({ ok: true, due: due('2024-03-15') });
    expect(parseDue('15 mars', at('2024-06-01T09:00:00Z'))).toMatchObject({ ok: true, due: due('2025-03-15') });
    expect(parseDue('29 februari', at('2024-03-01T09:00:00Z'))).toMatchObject({ ok: true, due: due('2028-02-29') });
  });

  it('a time alone is today while it is still ahead, else tomorrow', () => {
    expect(parseDue('kl 11', at(SEED_MEETING))).toMatchObject({ ok: true, due: due('2024-02-27', '11:00') });
    expect(parseDue('kl 10', at('2024-02-27T08:59:59Z'))).toMatchObject({ ok: true, due: due('2024-02-27', '10:00') });
    expect(parseDue('kl 10', at(SEED_MEETING))).toMatchObject({ ok: true, due: due('2024-02-28', '10:00') });
  });

  it('a week number during that week\'s weekend is its Friday, which has passed; an earlier week is next year\'s', () => {
    const saturdayOfWeek9 = at('2024-03-02T09:00:00Z');
    expect(parseDue('vecka 9', saturdayOfWeek9)).toMatchObject({ ok: false, reason: 'past', due: due('2024-03-01') });
    expect(parseDue('vecka 8', saturdayOfWeek9)).toMatchObject({ ok: true, due: due('2025-02-21') });
  });

  it('weekday abbreviations count only in a date field or next to a date', () => {
    expect(parseDue('fre', at(SEED_MEETING))).toEqual({ ok: false, reason: 'none' });
    expect(parseDueExact('fre', at(SEED_MEETING))).toMatchObject({ ok: true, due: due('2024-03-01') });
    expect(parseDueExact('mån', at(SEED_MEETING))).toMatchObject({ ok: true, due: due('2024-03-04') });
    expect(parseDue('fre 8 mars', at(SEED_MEETING))).toMatchObject({ ok: true, due: due('2024-03-08') });
  });

  it('the exact parser wants the whole text to be the date', () => {
    expect(parseDueExact('Petra skickar mail senast fredag', at(SEED_MEETING))).toEqual({ ok: false, reason: 'none' });
    expect(parseDueExact('fredag blåbär', at(SEED_MEETING))).toEqual({ ok: false, reason: 'none' });
    expect(parseDueExact('  15 mars. ', at(SEED_MEETING))).toEqual({ ok: true, due: due('2024-03-15'), matched: '15 mars', index: 2 });
    expect(parseDueExact('   ', at(SEED_MEETING))).toEqual({ ok: false, reason: 'none' });
    expect(parseDueExact('2024-03-08', at(SEED_MEETING))).toEqual({ ok: true, due: due('2024-03-08'), matched: '2024-03-08', index: 0 });
  });
});

describe('around the change to summer time and back', () => {
  it('"måndag kl 9" from Friday 29 March 2024 is 1 April 09:00, 07:00 UTC (summer time started on the Sunday)', () => {
    const result = parseDue('måndag kl 9', at('2024-03-29T09:00:00Z'));
    expect(result).toMatchObject({ ok: true, due: due('2024-04-01', '09:00') });
    expect(dueInstant(due('2024-04-01', '09:00'), timeZone).toISOString()).toBe('2024-04-01T07:00:00.000Z');
  });

  it('"måndag kl 9" from Friday 25 October 2024 is 28 October 09:00, 08:00 UTC (back to winter time)', () => {
    const result = parseDue('måndag kl 9', at('2024-10-25T08:00:00Z'));
    expect(result).toMatchObject({ ok: true, due: due('2024-10-28', '09:00') });
    expect(dueInstant(due('2024-10-28', '09:00'), timeZone).toISOString()).toBe('2024-10-28T08:00:00.000Z');
  });

  it('"om 3 dagar" counts calendar days across the change', () => {
    // Counting 72 hours instead would land on 2 April (an hour is skipped) and on 28 October (an hour is repeated).
    expect(parseDue('om 3 dagar', at('2024-03-29T22:30:00Z'))).toMatchObject({ ok: true, due: due('2024-04-01') }); // 23:30 on Friday 29 March
    expect(parseDue('om 3 dagar', at('2024-10-25T22:30:00Z'))).toMatchObject({ ok: true, due: due('2024-10-29') }); // 00:30 on Saturday 26 October
  });

  it('uses the Stockholm date, not the UTC one, just after midnight', () => {
    const justAfterMidnight = at('2024-02-27T23:30:00Z'); // 00:30 on Wednesday 28 February in Stockholm
    expect(parseDue('idag', justAfterMidnight)).toMatchObject({ ok: true, due: due('2024-02-28') });
    expect(parseDue('imorgon', justAfterMidnight)).toMatchObject({ ok: true, due: due('2024-02-29') });
    expect(parseDue('kl 9', justAfterMidnight)).toMatchObject({ ok: true, due: due('2024-02-28', '09:00') });
  });
});

describe('around the new year (Monday 30 December 2024, ISO week 2025-W01)', () => {
  const newYear = at('2024-12-30T09:00:00Z');
  it.each<[string, DueDate]>([
    ['fredag', due('2025-01-03')],
    ['15 januari', due('2025-01-15')],
    ['vecka 2', due('2025-01-10')],
    ['vecka 1', due('2025-01-03')],
    ['31 december', due('2024-12-31')],
    ['i morgon', due('2024-12-31')],
    ['om en vecka', due('2025-01-06')],
    ['2/1', due('2025-01-02')],
  ])('"%s"', (text, expected) => {
    expect(parseDue(text, newYear)).toMatchObject({ ok: true, due: expected });
  });
});

describe('gives the same answers whatever the server\'s time zone', () => {
  const original = process.env.TZ;
  const answers = (): DueParseResult[] =>
    [
      ...seedMeetingPhrases.map(([phrase]) => parseDue(phrase, at(SEED_MEETING))),
      parseDue('måndag kl 9', at('2024-03-29T09:00:00Z')),
      parseDue('om 3 dagar', at('2024-03-29T22:30:00Z')),
      parseDue('idag', at('2024-02-27T23:30:00Z')),
      parseDue('vecka 1', at('2024-12-30T09:00:00Z')),
      parseDue('kl 2.30', at('2024-03-30T09:00:00Z')),
    ];
  let reference: DueParseResult[];
  beforeAll(() => {
    process.env.TZ = 'Europe/Stockholm';
    reference = answers();
  });
  afterAll(() => {
    if (original === undefined) delete process.env.TZ;
    else process.env.TZ = original;
  });

  it.each(['UTC', 'America/New_York', 'Asia/Tokyo', 'Pacific/Kiritimati', 'America/St_Johns'])('TZ=%s', (tz) => {
    process.env.TZ = tz;
    expect(new Date(2024, 0, 1).getTimezoneOffset()).not.toBe(-60); // the zone really changed
    expect(answers()).toEqual(reference);
  });
});
