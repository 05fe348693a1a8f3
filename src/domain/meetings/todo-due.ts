import { dueInstant, type DueDate } from '../dates/due-date.js';
import { parseDue } from '../dates/parse-due.js';

/**
 * A to-do's due date read relative to the meeting, not to the day it is saved: "Petra skickar mail senast fredag" in
 * minutes of Tuesday 27 January is due Friday 30 January, whenever the minutes are pasted or saved. The title is the
 * text without the date expression ("Petra skickar mail"), so a preview that shows the date separately (and a saved
 * line "… senast 2026-01-30") never keeps it twice.
 *
 * `meetingDate` is 'YYYY-MM-DD'; without it the reference is `now`. A date already past relative to the meeting is
 * still its due date (overdue minutes are still minutes).
 */
export function readTodoDue(text: string, options: { meetingDate?: string; now: Date; timeZone: string }): { title: string; due?: DueDate } {
  const head = text.slice(0, 300);
  const now = options.meetingDate ? dueInstant({ date: options.meetingDate, time: '12:00' }, options.timeZone) : options.now;
  const found = parseDue(head, { now, timeZone: options.timeZone });
  if (!(found.ok || found.reason === 'past')) return { title: text };
  const title = (text.slice(0, found.index) + text.slice(found.index + found.matched.length))
    .replace(/\s+([,.;:!?])/g, '$1')
    .replace(/\s{2,}/g, ' ')
    .replace(/[\s,;:–-]+$/u, '')
    .trim();
  return { title: title || text, due: found.due };
}
