import { createHash } from 'node:crypto';
import type { DueDate } from '../dates/due-date.js';
import { samePerson, type PersonRef } from '../people/person.js';
import { fail, ok, type Failure, type Result } from '../result.js';

/**
 * A meeting while it happens: what the bot learnt from Teams' meeting events (start, end, title, times) and the
 * live notes people add during it (beslut, att-göra, anteckningar). At the end the notes become a draft for the
 * existing meeting preview, and the saved Meeting takes over. One document per meeting occurrence.
 */

export const LIVE_NOTE_KINDS = ['decision', 'todo', 'note'] as const;
export type LiveNoteKind = (typeof LIVE_NOTE_KINDS)[number];

export const LIVE_LIMITS = {
  /** One note's text. */
  text: 1_000,
  /** Notes per meeting (a two-hour meeting rarely has more than 40). */
  notes: 150,
  title: 200,
} as const;

export interface LiveNote {
  id: string;
  kind: LiveNoteKind;
  text: string;
  by: PersonRef;
  at: string;
  /** For to-dos: the person it was given to (mention or name), and the date. */
  ownerName?: string;
  due?: DueDate;
}

export interface PostedRef {
  conversationId: string;
  activityId: string;
}

export type LiveStatus = 'open' | 'ended';

export interface LiveMeeting {
  id: string;
  tenantId: string;
  /** The meeting chat (or channel) it belongs to. */
  conversationKey: string;
  /** Teams' meeting id (BASE64, from the event value `Id` / `channelData.meeting.id`), when known. */
  teamsMeetingId?: string;
  title: string;
  /** The occurrence's day, 'YYYY-MM-DD' in Stockholm time (a recurring meeting's chat has one meeting id). */
  day: string;
  startedAt: string;
  endedAt?: string;
  status: LiveStatus;
  noteTaker?: PersonRef;
  notes: LiveNote[];
  /** "Inför mötet" and "Mötesanteckningar" as posted in the chat. */
  briefCard?: PostedRef;
  notesCard?: PostedRef;
  /** Set once the "the meeting is over" message has gone out, so a resent meetingEnd says nothing twice. */
  endAnnounced?: boolean;
  /** The summary draft made from the notes at the end (the preview form refers to it). */
  draftId?: string;
  revision: number;
  createdAt: string;
  updatedAt: string;
}

/** What the summary of a live meeting could not learn from Teams (codes in the draft's warnings). */
export const LIVE_WARNINGS = { noDetails: 'meeting details unavailable', noRoster: 'meeting roster unavailable' } as const;

export type LiveProblem = 'emptyText' | 'textTooLong' | 'tooManyNotes' | 'ended' | 'notNoteTaker';

/** The stable id of one occurrence of a Teams meeting in one conversation: resent events land on the same one. */
export function liveMeetingId(tenantId: string, conversationKey: string, meetingKey: string, day: string): string {
  return createHash('sha256').update(`${tenantId}\u0000${conversationKey}\u0000${meetingKey}\u0000${day}`).digest('hex').slice(0, 32);
}

/** Bounded, single-line-tidy note text, or the problem with it. */
export function checkNoteText(raw: string): Result<string, Failure<LiveProblem, never>> {
  const text = raw.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/[ \t]+/g, ' ').trim();
  if (!text) return fail('emptyText');
  if (text.length > LIVE_LIMITS.text) return fail('textTooLong');
  return ok(text);
}

export function isNoteTaker(meeting: LiveMeeting, person: PersonRef): boolean {
  return meeting.noteTaker !== undefined && samePerson(meeting.noteTaker, person);
}

export function notesOf(meeting: LiveMeeting, kind: LiveNoteKind): LiveNote[] {
  return meeting.notes.filter((n) => n.kind === kind);
}

/** Nobody took notes: no note-taker and nothing written. */
export function isUntouched(meeting: LiveMeeting): boolean {
  return !meeting.noteTaker && meeting.notes.length === 0;
}
