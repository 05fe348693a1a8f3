import { describe, expect, it } from 'vitest';
import { parseReminder } from '../../../src/domain/reminders/parse-reminder.js';

const options = { now: new Date('2024-02-27T09:00:00Z'), timeZone: 'Europe/Stockholm' };

describe('"påminn mig/oss …" as people write it', () => {
  it.each([
    ['oss', '2 april kl 9 om KPR-mötet: skicka material', { audience: 'us', text: 'KPR-mötet: skicka material', at: '2024-04-02T07:00:00.000Z' }],
    ['mig', 'i morgon om att ringa Anne', { audience: 'me', text: 'att ringa Anne', at: '2024-02-28T08:00:00.000Z' }],
    ['mig', 'om två veckor om uppföljningen', { audience: 'me', text: 'uppföljningen', at: '2024-03-12T08:00:00.000Z' }],
    ['me', 'tomorrow at 14 to call Anne', { audience: 'me', text: 'call Anne', at: '2024-02-28T13:00:00.000Z' }],
    ['oss', 'fredag kl 15.30 om veckans rapport', { audience: 'us', text: 'veckans rapport', at: '2024-03-01T14:30:00.000Z' }],
  ])('påminn %s %s', (who, rest, expected) => {
    const parsed = parseReminder(who, rest, options);
    expect(parsed).toMatchObject({ ok: true, value: { audience: expected.audience, text: expected.text } });
    expect(parsed.ok && parsed.value.dueAt?.toISOString()).toBe(expected.at);
  });

  it.each([
    ['varje måndag kl 9 om veckobrevet', { rule: 'weekly', weekday: 1, time: '09:00' }, 'veckobrevet'],
    ['första tisdagen varje månad om styrgruppen', { rule: 'monthlyNthWeekday', nth: 1, weekday: 2, time: '09:00' }, 'styrgruppen'],
    ['varje dag kl 8 om att läsa mejlen', { rule: 'daily', time: '08:00' }, 'att läsa mejlen'],
    ['every friday at 15:30 about the report', { rule: 'weekly', weekday: 5, time: '15:30' }, 'the report'],
    ['first tuesday of every month about the board', { rule: 'monthlyNthWeekday', nth: 1, weekday: 2, time: '09:00' }, 'the board'],
  ])('recurring: %s', (rest, recurrence, text) => {
    expect(parseReminder('oss', rest, options)).toEqual({ ok: true, value: { audience: 'us', text, recurrence } });
  });

  it.each([
    ['om KPR-mötet', 'noTime'],
    ['i morgon kl 9', 'noText'],
    ['2020-01-01 om något', 'past'],
    ['31 februari om något', 'invalid'],
    ['varje måndag kl 25 om något', 'invalid'],
  ])('refuses %s (%s)', (rest, problem) => {
    expect(parseReminder('mig', rest, options)).toMatchObject({ ok: false, error: { code: problem } });
  });
});
