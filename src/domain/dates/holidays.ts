import Holidays from 'date-holidays';
import { addDays, formatYmd, isoWeekday, parseYmd } from './due-date.js';

/**
 * Swedish working days, for reminders that should not land on a day nobody is at work.
 *
 * Non-working: Saturdays, Sundays, Swedish public holidays ("allmän helgdag": date-holidays, country SE, type
 * 'public'), and three eves that are not public holidays by law but are de facto days off in Swedish
 * municipalities (and in most collective agreements): midsommarafton, julafton and nyårsafton. They are computed
 * here rather than taken from date-holidays (which lists them as 'bank') so the rule does not depend on its naming.
 *
 * Dates are 'YYYY-MM-DD' calendar days; nothing here depends on the process time zone.
 */

let calendar: Holidays | undefined;
const nonWorkingByYear = new Map<number, Set<string>>();

function nonWorkingDays(year: number): Set<string> {
  let days = nonWorkingByYear.get(year);
  if (days) return days;
  calendar ??= new Holidays('SE');
  days = new Set<string>();
  // `date` is the local date in the country's zone, "YYYY-MM-DD hh:mm:ss"; the string avoids any TZ conversion.
  for (const holiday of calendar.getHolidays(year)) if (holiday.type === 'public') days.add(holiday.date.slice(0, 10));
  // Midsommarafton: the Friday between 19 and 25 June.
  for (let day = 19; day <= 25; day++) {
    const date = formatYmd(year, 6, day);
    if (isoWeekday(date) === 5) days.add(date);
  }
  days.add(formatYmd(year, 12, 24)); // julafton
  days.add(formatYmd(year, 12, 31)); // nyårsafton
  nonWorkingByYear.set(year, days);
  return days;
}

/** Monday–Friday and not a Swedish public holiday, midsommarafton, julafton or nyårsafton. */
export function isWorkingDay(date: string): boolean {
  return isoWeekday(date) <= 5 && !nonWorkingDays(parseYmd(date).year).has(date);
}

/** `date` itself when it is a working day, else the closest earlier working day. */
export function previousWorkingDay(date: string): string {
  let day = date;
  while (!isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

/**
 * The working day that lies `n` working days before `date`, counting only working days strictly before it
 * (workingDaysBefore('2024-12-27', 2) = '2024-12-20': 23 December, then 20 December, skipping julafton and the
 * Christmas holidays). n = 0 gives previousWorkingDay(date).
 */
export function workingDaysBefore(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a whole number >= 0: ${n}`);
  if (n === 0) return previousWorkingDay(date);
  let day = date;
  for (let left = n; left > 0; ) {
    day = addDays(day, -1);
    if (isWorkingDay(day)) left--;
  }
  return day;
}
