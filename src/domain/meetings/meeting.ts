import type { DueDate } from '../dates/due-date.js';
import type { PersonRef } from '../people/person.js';

/**
 * A meeting as the note-taker (vid tangenterna) records it: who took part from which organisation, what was
 * decided (beslut), who does what by when (att-göra, each linked to an action item), what comes next.
 */

export const MEETING_TYPES = ['coreTeam', 'board', 'workshop', 'openWorkshop', 'other'] as const;
export type MeetingType = (typeof MEETING_TYPES)[number];

export interface Attendee {
  name: string;
  organisation?: string;
}

export interface MeetingTodo {
  text: string;
  /** The owner as written in the minutes ("Petra"). */
  ownerName?: string;
  /** The person it was matched to (participant or team member), when found. */
  owner?: PersonRef;
  due?: DueDate;
  /** The att-göra created for it. */
  actionItemId?: string;
}

export interface MeetingHistoryEntry {
  at: string;
  by: PersonRef;
  change: 'created' | 'edited';
  fields?: string[];
}

export interface Meeting {
  id: string;
  tenantId: string;
  conversationKey: string;
  title: string;
  kind: MeetingType;
  /** 'YYYY-MM-DD' in Stockholm time. */
  date: string;
  startTime?: string;
  endTime?: string;
  place?: string;
  participants: Attendee[];
  absent: Attendee[];
  decisions: string[];
  todos: MeetingTodo[];
  keyPoints: string[];
  /** What the minutes said that fitted nowhere else: kept, never dropped. */
  other: string[];
  nextMeeting?: DueDate & { text?: string };
  upcoming: Array<{ text: string; date?: string; time?: string }>;
  noteTaker?: string;
  source: 'form' | 'minutes' | 'docx';
  createdBy: PersonRef;
  createdAt: string;
  updatedAt: string;
  revision: number;
  history: MeetingHistoryEntry[];
  card?: { conversationId: string; activityId: string };
}

export const MEETING_LIMITS = {
  title: 200,
  line: 1_000,
  lines: 100,
  place: 200,
} as const;

export type MeetingProblem = 'emptyTitle' | 'titleTooLong' | 'noDate' | 'invalidDate' | 'tooManyLines' | 'lineTooLong';

/** "Christine Wäneskog, Västerås stad" / "Anna Berg (MDU)" / "Karl Ek – Eskilstuna kommun" → attendee. */
export function parseAttendeeLine(line: string): Attendee | undefined {
  const clean = line.replace(/^[\s•*–-]+/, '').trim();
  if (!clean) return undefined;
  const paren = /^(.+?)\s*\((.+)\)\s*$/.exec(clean);
  if (paren) return { name: paren[1]!.trim(), organisation: paren[2]!.trim() };
  const [name, ...rest] = clean.split(/\s*,\s*|\s+[–-]\s+/);
  const organisation = rest.join(', ').trim();
  return { name: name!.trim(), ...(organisation ? { organisation } : {}) };
}

export function formatAttendee(attendee: Attendee): string {
  return attendee.organisation ? `${attendee.name}, ${attendee.organisation}` : attendee.name;
}

/** Non-empty, trimmed lines of a multi-line form field. */
export function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[•*–-]|\d+[.)])\s+/, '').trim())
    .filter(Boolean);
}

/** Participants grouped by organisation, in order of first appearance (for the summary card). */
export function byOrganisation(attendees: Attendee[]): Array<{ organisation: string | undefined; names: string[] }> {
  const groups: Array<{ organisation: string | undefined; names: string[] }> = [];
  for (const attendee of attendees) {
    let group = groups.find((g) => g.organisation === attendee.organisation);
    if (!group) groups.push((group = { organisation: attendee.organisation, names: [] }));
    group.names.push(attendee.name);
  }
  return groups;
}
