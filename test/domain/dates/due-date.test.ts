import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dueInstant,
  formatDateTime,
  formatDue,
  isOverdue,
  isoWeekMonday,
  isoWeekOf,
  relativeDueLabel,
  todayIn,
  type DueDate,
} from '../../../src/domain/dates/due-date.js';
import { isWorkingDay, previousWorkingDay, workingDaysBefore } from '../../../src/domain/dates/holidays.js';

const timeZone = 'Europe/Stockholm';
/** Tue 27 February 2024, 10:00 in Stockholm. */
const seedMeeting = new Date('2024-02-27T09:00:00Z');
const due = (date: string, time?: string): DueDate => (time ? { date, time } : { date });

describe('the moment something is due', () => {
  it.each<[DueDate, string]>([
    [due('2024-02-27'), '2024-02-27T22:59:59.999Z'], // end of the day, winter time
    [due('2024-06-01'), '2024-06-01T21:59:59.999Z'], // end of the day, summer time
    [due('2024-04-01', '09:00'), '2024-04-01T07:00:00.000Z'],
    [due('2024-10-28', '09:00'), '2024-10-28T08:00:00.000Z'],
    [due('2024-03-31', '03:00'), '2024-03-31T01:00:00.000Z'], // the first hour of summer time
    [due('2024-03-31', '02:30'), '2024-03-31T01:30:00.000Z'], // does not exist: moves forward an hour
  ])('%j is %s', (d, iso) => {
    expect(dueInstant(d, timeZone).toISOString()).toBe(iso);
  });

  it('rejects a malformed date or time', () => {
    expect(() => dueInstant(due('2024-02-30'), timeZone)).toThrow(RangeError);
    expect(() => dueInstant(due('2024-02-27', '25:00'), timeZone)).toThrow(RangeError);
  });

  it('is overdue only once that moment has passed', () => {
    expect(isOverdue(due('2024-02-27'), new Date('2024-02-27T22:59:59Z'), timeZone)).toBe(false);
    expect(isOverdue(due('2024-02-27'), new Date('2024-02-27T23:00:00Z'), timeZone)).toBe(true);
    expect(isOverdue(due('2024-02-27', '10:00'), seedMeeting, timeZone)).toBe(false);
    expect(isOverdue(due('2024-02-27', '10:00'), new Date('2024-02-27T09:01:00Z'), timeZone)).toBe(true);
  });
});

describe('calendar days', () => {
  it('today is the date in the given zone', () => {
    expect(todayIn(new Date('2024-02-27T23:30:00Z'), timeZone)).toBe('2024-02-28');
    expect(todayIn(new Date('2024-02-27T23:30:00Z'), 'UTC')).toBe('2024-02-27');
    expect(todayIn(new Date('2024-02-27T23:30:00Z'), 'America/New_York')).toBe('2024-02-27');
  });

  it.each<[string, number, string]>([
    ['2024-02-28', 1, '2024-02-29'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2024-03-30', 1, '2024-03-31'],
    ['2024-03-30', 2, '2024-04-01'],
    ['2024-10-26', 2, '2024-10-28'],
    ['2024-02-27', 0, '2024-02-27'],
  ])('%s + %i days = %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('adds months, keeping to the end of a shorter month', () => {
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-02-27', 1)).toBe('2024-03-27');
    expect(addMonths('2024-11-15', 2)).toBe('2025-01-15');
  });

  it('knows ISO weeks', () => {
    expect(isoWeekOf('2024-12-30')).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf('2024-02-27')).toEqual({ year: 2024, week: 9 });
    expect(isoWeekOf('2021-01-03')).toEqual({ year: 2020, week: 53 });
    expect(isoWeekMonday(2024, 12)).toBe('2024-03-18');
    expect(isoWeekMonday(2026, 53)).toBe('2026-12-28');
    expect(isoWeekMonday(2024, 53)).toBeUndefined();
  });
});

describe('showing a due date', () => {
  it.each<[DueDate, 'sv' | 'en', string]>([
    [due('2024-03-08'), 'sv', 'fre 8 mars'],
    [due('2024-03-08', '10:00'), 'sv', 'fre 8 mars kl. 10.00'],
    [due('2024-03-07', '09:05'), 'sv', 'tors 7 mars kl. 09.05'],
    [due('2025-01-03'), 'sv', 'fre 3 januari 2025'],
    [due('2025-01-06'), 'sv', 'mån 6 januari 2025'],
    [due('2024-03-08'), 'en', 'Fri 8 March'],
    [due('2024-03-08', '10:00'), 'en', 'Fri 8 March 10:00'],
    [due('2025-01-06'), 'en', 'Mon 6 January 2025'],
    [due('2025-01-06', '14:30'), 'en', 'Mon 6 January 2025 14:30'],
  ])('%j in %s is "%s"', (d, locale, expected) => {
    expect(formatDue(d, locale, seedMeeting, timeZone)).toBe(expected);
  });

  it('shows the year by the current year in the team\'s zone', () => {
    const newYearsEveInStockholm = new Date('2024-12-31T23:30:00Z'); // already 2025 in Stockholm
    expect(formatDue(due('2025-01-03'), 'sv', newYearsEveInStockholm, timeZone)).toBe('fre 3 januari');
    expect(formatDue(due('2024-12-31'), 'sv', newYearsEveInStockholm, timeZone)).toBe('tis 31 december 2024');
  });

  it('shows an instant as a date and time in the zone', () => {
    const instant = new Date('2024-02-27T08:00:00Z');
    expect(formatDateTime(instant, 'sv', timeZone)).toBe('tis 27 februari kl. 09.00');
    expect(formatDateTime(instant, 'en', timeZone)).toBe('Tue 27 February 09:00');
    expect(formatDateTime(new Date('2024-06-01T12:00:00Z'), 'sv', timeZone)).toBe('lör 1 juni kl. 14.00');
    expect(formatDateTime(instant, 'sv', timeZone, new Date('2025-03-01T12:00:00Z'))).toBe('tis 27 februari 2024 kl. 09.00');
    expect(formatDateTime(instant, 'en', timeZone, seedMeeting)).toBe('Tue 27 February 09:00');
  });
});

describe('how close a due date is', () => {
  it.each<[DueDate, string]>([
    [due('2024-02-26'), 'overdue'],
    [due('2024-02-27', '09:00'), 'overdue'],
    [due('2024-02-27'), 'today'],
    [due('2024-02-27', '16:00'), 'today'],
    [due('2024-02-28'), 'tomorrow'],
    [due('2024-03-01'), 'thisWeek'],
    [due('2024-03-03'), 'thisWeek'],
    [due('2024-03-04'), 'later'],
  ])('%j at the seed meeting is %s', (d, label) => {
    expect(relativeDueLabel(d, seedMeeting, timeZone)).toBe(label);
  });

  it('on a Sunday, Monday is tomorrow', () => {
    expect(relativeDueLabel(due('2024-03-04'), new Date('2024-03-03T12:00:00Z'), timeZone)).toBe('tomorrow');
  });
});

describe('Swedish working days', () => {
  it.each([
    ['2024-06-21', 'midsommarafton'],
    ['2025-06-20', 'midsommarafton 2025'],
    ['2024-12-24', 'julafton'],
    ['2024-12-25', 'juldagen'],
    ['2024-12-26', 'annandag jul'],
    ['2024-12-31', 'nyårsafton'],
    ['2025-01-01', 'nyårsdagen'],
    ['2025-01-06', 'trettondedag jul'],
    ['2024-03-29', 'långfredagen'],
    ['2024-04-01', 'annandag påsk'],
    ['2024-05-01', 'första maj'],
    ['2024-05-09', 'Kristi himmelsfärdsdag'],
    ['2024-06-06', 'nationaldagen'],
    ['2024-03-02', 'a Saturday'],
    ['2024-03-03', 'a Sunday'],
  ])('%s (%s) is not a working day', (date) => {
    expect(isWorkingDay(date)).toBe(false);
  });

  it.each([
    ['2024-02-27', 'an ordinary Tuesday'],
    ['2024-04-30', 'valborgsmässoafton'],
    ['2024-05-20', 'annandag pingst (no longer a holiday)'],
    ['2024-06-20', 'the day before midsommarafton'],
    ['2024-12-23', 'the day before julafton'],
    ['2024-12-27', 'the Friday after Christmas'],
  ])('%s (%s) is a working day', (date) => {
    expect(isWorkingDay(date)).toBe(true);
  });

  it('finds the previous working day', () => {
    expect(previousWorkingDay('2024-12-23')).toBe('2024-12-23');
    expect(previousWorkingDay('2024-12-26')).toBe('2024-12-23');
    expect(previousWorkingDay('2025-01-01')).toBe('2024-12-30');
    expect(previousWorkingDay('2024-06-23')).toBe('2024-06-20');
    expect(previousWorkingDay('2024-04-01')).toBe('2024-03-28');
  });

  it('counts working days back', () => {
    expect(workingDaysBefore('2024-12-27', 1)).toBe('2024-12-23');
    expect(workingDaysBefore('2024-12-27', 2)).toBe('2024-12-20');
    expect(workingDaysBefore('2024-04-02', 1)).toBe('2024-03-28');
    expect(workingDaysBefore('2024-12-28', 1)).toBe('2024-12-27');
    expect(workingDaysBefore('2024-12-28', 0)).toBe('2024-12-27');
    expect(workingDaysBefore('2024-02-27', 0)).toBe('2024-02-27');
    expect(workingDaysBefore('2024-03-04', 5)).toBe('2024-02-26');
    expect(() => workingDaysBefore('2024-02-27', -1)).toThrow(RangeError);
  });
});
