import { describe, expect, it } from 'vitest';
import {
  atLocalTime,
  backoffMs,
  claimed,
  deliveryFailed,
  delivered,
  firstWorkingDayBefore,
  isClaimable,
  MAX_ATTEMPTS,
  nextOccurrence,
  recurrenceProblems,
  type Recurrence,
  type Reminder,
} from '../../../src/domain/reminders/reminder.js';

const timeZone = 'Europe/Stockholm';
const next = (recurrence: Recurrence, after: string): string => nextOccurrence(recurrence, new Date(after), timeZone).toISOString();

describe('when a recurring reminder fires next', () => {
  const mondayNine: Recurrence = { rule: 'weekly', weekday: 1, time: '09:00' };

  it('the Monday 09:00 reminder stays at 09:00 across the start of summer time (31 March 2024)', () => {
    // Mon 25 March 09:00 CET = 08:00Z; the next Monday is in summer time: 09:00 CEST = 07:00Z.
    expect(next(mondayNine, '2024-03-25T08:00:00.000Z')).toBe('2024-04-01T07:00:00.000Z');
    expect(next(mondayNine, '2024-03-24T12:00:00.000Z')).toBe('2024-03-25T08:00:00.000Z');
    expect(next(mondayNine, '2024-04-01T07:00:00.000Z')).toBe('2024-04-08T07:00:00.000Z');
  });

  it('the Monday 09:00 reminder stays at 09:00 across the end of summer time (27 October 2024)', () => {
    expect(next(mondayNine, '2024-10-21T07:00:00.000Z')).toBe('2024-10-28T08:00:00.000Z');
    expect(next(mondayNine, '2024-10-27T23:30:00.000Z')).toBe('2024-10-28T08:00:00.000Z'); // Monday 00:30 local
    expect(next(mondayNine, '2024-10-28T08:00:00.000Z')).toBe('2024-11-04T08:00:00.000Z');
  });

  it('is strictly after the given instant, also a minute before and on the occurrence itself', () => {
    expect(next(mondayNine, '2024-04-01T06:59:00.000Z')).toBe('2024-04-01T07:00:00.000Z');
    expect(next(mondayNine, '2024-04-01T07:00:00.000Z')).toBe('2024-04-08T07:00:00.000Z');
    expect(next(mondayNine, '2024-04-01T07:00:00.001Z')).toBe('2024-04-08T07:00:00.000Z');
  });

  it('the first Tuesday of the month at 09:00', () => {
    const firstTuesday: Recurrence = { rule: 'monthlyNthWeekday', nth: 1, weekday: 2, time: '09:00' };
    expect(next(firstTuesday, '2024-03-01T00:00:00.000Z')).toBe('2024-03-05T08:00:00.000Z'); // winter
    expect(next(firstTuesday, '2024-03-05T08:00:00.000Z')).toBe('2024-04-02T07:00:00.000Z'); // summer
    expect(next(firstTuesday, '2024-10-01T07:00:00.000Z')).toBe('2024-11-05T08:00:00.000Z');
    expect(next(firstTuesday, '2024-12-03T08:00:00.000Z')).toBe('2025-01-07T08:00:00.000Z'); // over the new year
  });

  it('the fifth Friday skips months that have none', () => {
    const fifthFriday: Recurrence = { rule: 'monthlyNthWeekday', nth: 5, weekday: 5, time: '13:30' };
    expect(next(fifthFriday, '2024-03-29T12:30:00.000Z')).toBe('2024-05-31T11:30:00.000Z');
  });

  it('daily at 09:00, across the night summer time starts', () => {
    const daily: Recurrence = { rule: 'daily', time: '09:00' };
    expect(next(daily, '2024-03-30T07:59:00.000Z')).toBe('2024-03-30T08:00:00.000Z');
    expect(next(daily, '2024-03-30T08:00:00.000Z')).toBe('2024-03-31T07:00:00.000Z');
    expect(next(daily, '2024-10-26T07:00:00.000Z')).toBe('2024-10-27T08:00:00.000Z');
    // After 09:00 local on a day, the next is tomorrow; before, it is today (local day, not the UTC day).
    expect(next(daily, '2024-06-10T22:30:00.000Z')).toBe('2024-06-11T07:00:00.000Z'); // 00:30 local on the 11th
  });

  it('rejects a malformed recurrence', () => {
    expect(recurrenceProblems({ rule: 'weekly', weekday: 8 as 1, time: '9:00' })).toHaveLength(2);
    expect(() => nextOccurrence({ rule: 'daily', time: '24:00' }, new Date(), timeZone)).toThrowError(RangeError);
    expect(recurrenceProblems({ rule: 'monthlyNthWeekday', nth: 1, weekday: 2, time: '09:00' })).toEqual([]);
  });
});

describe('wall-clock times and working days', () => {
  it('atLocalTime gives the instant in Stockholm, DST-correct', () => {
    expect(atLocalTime('2024-02-27', '09:00', timeZone).toISOString()).toBe('2024-02-27T08:00:00.000Z');
    expect(atLocalTime('2024-06-27', '09:00', timeZone).toISOString()).toBe('2024-06-27T07:00:00.000Z');
    expect(atLocalTime('2024-03-31', '02:30', timeZone).toISOString()).toBe('2024-03-31T01:30:00.000Z');
    expect(() => atLocalTime('2024-02-30', '09:00', timeZone)).toThrowError(RangeError);
    expect(() => atLocalTime('2024-02-27', '9', timeZone)).toThrowError(RangeError);
  });

  it('firstWorkingDayBefore skips weekends and Swedish holidays', () => {
    expect(firstWorkingDayBefore('2024-04-02')).toBe('2024-03-28'); // Easter Monday, Good Friday
    expect(firstWorkingDayBefore('2024-12-27', 2)).toBe('2024-12-20');
    expect(firstWorkingDayBefore('2024-03-11')).toBe('2024-03-08');
  });
});

describe('reminder transitions', () => {
  const base: Reminder = {
    id: 'r1',
    tenantId: 't1',
    conversationKey: 'c1',
    kind: 'custom',
    dueAt: '2024-03-25T08:00:00.000Z',
    payload: {},
    status: 'pending',
    attempts: 0,
    createdAt: '2024-03-01T08:00:00.000Z',
    updatedAt: '2024-03-01T08:00:00.000Z',
  };
  const at = new Date('2024-03-25T08:00:10.000Z');

  it('a claim counts an attempt and leases the reminder', () => {
    const claim = claimed(base, 'p1', at, 60_000);
    expect(claim).toMatchObject({ status: 'sending', attempts: 1, lease: { owner: 'p1', until: '2024-03-25T08:01:10.000Z' } });
    expect(isClaimable(claim, at)).toBe(false);
    expect(isClaimable(claim, new Date('2024-03-25T08:01:10.001Z'))).toBe(true);
  });

  it('back-off doubles up to an hour, and a one-off fails after the last attempt while a series moves on', () => {
    expect([1, 2, 5, 6, 7, 10].map(backoffMs)).toEqual([2, 4, 32, 60, 60, 60].map((m) => m * 60_000));
    const failing = { ...claimed(base, 'p1', at, 60_000), attempts: MAX_ATTEMPTS };
    expect(deliveryFailed(failing, at, 'boom', timeZone)).toMatchObject({ status: 'failed' });
    const series = deliveryFailed({ ...failing, recurrence: { rule: 'weekly', weekday: 1, time: '09:00' } }, at, 'boom', timeZone);
    expect(series).toMatchObject({ status: 'pending', attempts: 0, dueAt: '2024-04-01T07:00:00.000Z' });
    expect(series.lastError).toMatch(/gave up after 10 attempts: boom/);
  });

  it('lateness is measured from the original due time, not the retry time', () => {
    const retry = deliveryFailed(claimed(base, 'p1', at, 60_000), at, 'boom', timeZone);
    expect(retry).toMatchObject({ status: 'pending', attempts: 1, originalDueAt: base.dueAt, dueAt: '2024-03-25T08:02:10.000Z' });
    const done = delivered(claimed(retry, 'p1', new Date('2024-03-25T08:02:10.000Z'), 60_000), new Date('2024-03-25T08:02:11.000Z'), timeZone, 120_000);
    expect(done).toMatchObject({ status: 'done', late: true, sentAt: '2024-03-25T08:02:11.000Z' });
    expect(done.originalDueAt).toBeUndefined();
    expect(done.lease).toBeUndefined();
  });
});
