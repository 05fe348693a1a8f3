import { randomUUID } from 'node:crypto';
import type { ActionItemService } from '../action-items/action-item-service.js';
import type { DueDate } from '../dates/due-date.js';
import { parseDue, parseDueExact } from '../dates/parse-due.js';
import type { PersonRef } from '../people/person.js';
import { fail, ok, type Failure, type Result } from '../result.js';
import { ConflictError, retryOnConflict, type Clock, type Versioned } from '../ports.js';
import {
  lines,
  MEETING_LIMITS,
  parseAttendeeLine,
  type Attendee,
  type Meeting,
  type MeetingProblem,
  type MeetingTodo,
  type MeetingType,
} from './meeting.js';
import { matchOwner, parseMinutes, type ParsedMinutes } from './parse-minutes.js';
import { readTodoDue } from './todo-due.js';

/** A parsed import waiting for the note-taker to check it (the preview card refers to it). */
export interface MeetingDraft {
  id: string;
  tenantId: string;
  conversationKey: string;
  source: 'minutes' | 'docx';
  parsed: ParsedMinutes;
  createdBy: PersonRef;
  createdAt: string;
}

export interface MeetingStorage {
  createMeeting(meeting: Meeting): Promise<void>;
  getMeeting(tenantId: string, id: string): Promise<Versioned<Meeting> | undefined>;
  /** Rejects with ConflictError when the meeting changed since `etag`. */
  replaceMeeting(meeting: Meeting, etag: string): Promise<void>;
  /** A conversation's meetings, newest first. */
  listMeetings(tenantId: string, conversationKey: string): Promise<Meeting[]>;
  createDraft(draft: MeetingDraft): Promise<void>;
  getDraft(tenantId: string, id: string): Promise<MeetingDraft | undefined>;
  deleteDraft(tenantId: string, id: string): Promise<void>;
}

/** What the meeting form sends (all text; lists one per line). */
export interface MeetingForm {
  title: string;
  kind: MeetingType;
  date: string;
  startTime?: string;
  endTime?: string;
  place?: string;
  participants?: string;
  absent?: string;
  decisions?: string;
  todos?: string;
  keyPoints?: string;
  nextMeeting?: string;
  noteTaker?: string;
}

/** Finds the Teams person for a name ("Petra Edoff"); the Teams layer asks the roster. */
export type PersonLookup = (name: string) => Promise<PersonRef | undefined>;

/**
 * `saved` (new or changed), or `stale`: the form was out of date or another save won the race; nothing was
 * written and `meeting` is the latest state (a named success: the answer is the fresh form, not an error).
 */
export type SaveOutcome = Result<{ kind: 'saved'; meeting: Meeting; created: boolean } | { kind: 'stale'; meeting: Meeting }, Failure<MeetingProblem | 'notFound', string>>;

const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

export class MeetingService {
  constructor(
    private readonly storage: MeetingStorage,
    private readonly actionItems: ActionItemService,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly newId: () => string = () => randomUUID(),
    /** Told about every meeting saved (its next-meeting reminder follows it this way). Must not throw. */
    private readonly onSave: (meeting: Meeting) => Promise<void> = async () => {},
  ) {}

  /** Parses pasted minutes into a draft for the preview card. Never throws on odd text. */
  async importMinutes(input: { tenantId: string; conversationKey: string; text: string; createdBy: PersonRef; source?: 'minutes' | 'docx' }): Promise<MeetingDraft> {
    const now = this.clock.now();
    const draft: MeetingDraft = {
      id: this.newId(),
      tenantId: input.tenantId,
      conversationKey: input.conversationKey,
      source: input.source ?? 'minutes',
      parsed: parseMinutes(input.text, { now, timeZone: this.timeZone }),
      createdBy: input.createdBy,
      createdAt: now.toISOString(),
    };
    await this.storage.createDraft(draft);
    return draft;
  }

  /** A draft for the preview from content already structured (a meeting's live notes, #17). */
  async draftFromParsed(input: { tenantId: string; conversationKey: string; parsed: ParsedMinutes; createdBy: PersonRef }): Promise<MeetingDraft> {
    const draft: MeetingDraft = { id: this.newId(), tenantId: input.tenantId, conversationKey: input.conversationKey, source: 'minutes', parsed: input.parsed, createdBy: input.createdBy, createdAt: this.clock.now().toISOString() };
    await this.storage.createDraft(draft);
    return draft;
  }

  async draft(tenantId: string, id: string, conversationKey: string): Promise<MeetingDraft | undefined> {
    const draft = await this.storage.getDraft(tenantId, id);
    return draft && draft.conversationKey === conversationKey ? draft : undefined;
  }

  async cancelDraft(tenantId: string, id: string): Promise<void> {
    await this.storage.deleteDraft(tenantId, id);
  }

  /**
   * Saves what the form says: a new meeting (optionally from a draft, whose unplaced text is kept as "övrigt"),
   * or changes to an existing one (guarded by the revision the form was opened at). New to-dos become action
   * items linked to the meeting, their owners matched by name.
   */
  async save(input: {
    tenantId: string;
    conversationKey: string;
    form: MeetingForm;
    by: PersonRef;
    meetingId?: string;
    revision?: number;
    draftId?: string;
    lookup: PersonLookup;
  }): Promise<SaveOutcome> {
    const checked = this.check(input.form);
    if (!checked.ok) return checked;
    const valid = checked.value;
    const now = this.clock.now();
    const at = now.toISOString();

    if (input.meetingId) {
      const current = await this.storage.getMeeting(input.tenantId, input.meetingId);
      if (!current || current.value.conversationKey !== input.conversationKey) return fail('notFound');
      const { value: meeting, etag: _etag } = current;
      if (input.revision !== undefined && input.revision !== meeting.revision) return ok({ kind: 'stale', meeting });
      const todos = await this.linkTodos(meeting, valid.todos, meeting.todos, input.by, input.lookup, valid.participants);
      const next: Meeting = {
        ...meeting,
        ...valid.fields,
        todos,
        updatedAt: at,
        revision: meeting.revision + 1,
        history: [...meeting.history, { at, by: input.by, change: 'edited', fields: changedFields(meeting, valid.fields) }],
      };
      try {
        await this.storage.replaceMeeting(next, _etag);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        const latest = await this.storage.getMeeting(input.tenantId, input.meetingId);
        return latest ? ok({ kind: 'stale', meeting: latest.value }) : fail('notFound');
      }
      await this.onSave(next);
      return ok({ kind: 'saved', meeting: next, created: false });
    }

    const draft = input.draftId ? await this.draft(input.tenantId, input.draftId, input.conversationKey) : undefined;
    const base: Meeting = {
      id: this.newId(),
      tenantId: input.tenantId,
      conversationKey: input.conversationKey,
      ...valid.fields,
      todos: [],
      other: draft?.parsed.other ?? [],
      upcoming: draft?.parsed.upcoming ?? [],
      source: draft ? draft.source : 'form',
      createdBy: input.by,
      createdAt: at,
      updatedAt: at,
      revision: 1,
      history: [{ at, by: input.by, change: 'created' }],
    };
    base.todos = await this.linkTodos(base, valid.todos, [], input.by, input.lookup, valid.participants);
    await this.storage.createMeeting(base);
    if (draft) await this.storage.deleteDraft(input.tenantId, draft.id);
    await this.onSave(base);
    return ok({ kind: 'saved', meeting: base, created: true });
  }

  async meeting(tenantId: string, id: string, conversationKey: string): Promise<Meeting | undefined> {
    const found = (await this.storage.getMeeting(tenantId, id))?.value;
    return found && found.conversationKey === conversationKey ? found : undefined;
  }

  async recordCard(tenantId: string, id: string, card: { conversationId: string; activityId: string }): Promise<void> {
    await retryOnConflict(async () => {
      const current = await this.storage.getMeeting(tenantId, id);
      if (current) await this.storage.replaceMeeting({ ...current.value, card }, current.etag);
    });
  }


  /** "möten": the latest meetings of a conversation. */
  async latest(tenantId: string, conversationKey: string, count = 10): Promise<Meeting[]> {
    return (await this.storage.listMeetings(tenantId, conversationKey)).slice(0, count);
  }

  /** "möte 27 februari" / "möte 2024-02-27": the newest meeting on that day (any year when none is given). */
  async onDate(tenantId: string, conversationKey: string, text: string): Promise<Meeting | undefined> {
    const meetings = await this.storage.listMeetings(tenantId, conversationKey);
    const iso = /^\s*(\d{4}-\d{2}-\d{2})\s*$/.exec(text)?.[1];
    if (iso) return meetings.find((m) => m.date === iso);
    const parsed = parseDue(text, { now: this.clock.now(), timeZone: this.timeZone });
    const date = parsed.ok || parsed.reason === 'past' ? parsed.due.date : undefined;
    if (!date) return undefined;
    const explicitYear = /\b\d{4}\b/.test(text);
    return meetings.find((m) => (explicitYear ? m.date === date : m.date.slice(5) === date.slice(5)));
  }

  /** "beslut [sök]": decisions of a conversation's meetings containing the words, newest first. */
  async decisions(tenantId: string, conversationKey: string, search: string): Promise<Array<{ meeting: Meeting; decision: string }>> {
    const words = search.toLocaleLowerCase('sv-SE').split(/\s+/).filter(Boolean);
    const found: Array<{ meeting: Meeting; decision: string }> = [];
    for (const meeting of await this.storage.listMeetings(tenantId, conversationKey)) {
      for (const decision of meeting.decisions) {
        const lower = decision.toLocaleLowerCase('sv-SE');
        if (words.every((w) => lower.includes(w))) found.push({ meeting, decision });
      }
    }
    return found;
  }

  /** "uppföljning": the previous meeting (of the latest meeting's type) with its to-dos, for the chair. */
  async followUp(tenantId: string, conversationKey: string, type?: MeetingType): Promise<Meeting | undefined> {
    const meetings = await this.storage.listMeetings(tenantId, conversationKey);
    const today = this.clock.now().toISOString().slice(0, 10);
    const past = meetings.filter((m) => m.date <= today);
    const wanted = type ?? past[0]?.kind;
    return past.find((m) => m.kind === wanted);
  }

  private check(form: MeetingForm): Result<
    { fields: Pick<Meeting, 'title' | 'kind' | 'date' | 'startTime' | 'endTime' | 'place' | 'participants' | 'absent' | 'decisions' | 'keyPoints' | 'nextMeeting' | 'noteTaker'>; todos: string[]; participants: Attendee[] },
    Failure<MeetingProblem, string>
  > {
    const title = form.title.replace(/\s+/g, ' ').trim();
    if (!title) return fail('emptyTitle');
    if (title.length > MEETING_LIMITS.title) return fail('titleTooLong', String(MEETING_LIMITS.title));
    if (!form.date?.trim()) return fail('noDate');
    const date = /^\d{4}-\d{2}-\d{2}$/.test(form.date.trim()) ? form.date.trim() : undefined;
    if (!date || Number.isNaN(Date.parse(`${date}T12:00:00Z`)) || new Date(`${date}T12:00:00Z`).toISOString().slice(0, 10) !== date) return fail('invalidDate', form.date);
    const lists = {
      participants: lines(form.participants),
      absent: lines(form.absent),
      decisions: lines(form.decisions),
      todos: lines(form.todos),
      keyPoints: lines(form.keyPoints),
    };
    for (const list of Object.values(lists)) {
      if (list.length > MEETING_LIMITS.lines) return fail('tooManyLines', String(MEETING_LIMITS.lines));
      if (list.some((l) => l.length > MEETING_LIMITS.line)) return fail('lineTooLong', String(MEETING_LIMITS.line));
    }
    const time = (value: string | undefined) => {
      const match = TIME.exec(value?.trim() ?? '');
      return match ? `${match[1]!.padStart(2, '0')}:${match[2]}` : undefined;
    };
    let nextMeeting: Meeting['nextMeeting'];
    if (form.nextMeeting?.trim()) {
      const parsed = parseDueExact(form.nextMeeting.trim(), { now: this.clock.now(), timeZone: this.timeZone });
      if (parsed.ok) nextMeeting = parsed.due;
      else return fail('invalidDate', form.nextMeeting);
    }
    const participants = lists.participants.map(parseAttendeeLine).filter((a): a is Attendee => Boolean(a));
    const startTime = time(form.startTime);
    const endTime = time(form.endTime);
    const place = form.place?.replace(/\s+/g, ' ').trim().slice(0, MEETING_LIMITS.place);
    const writtenNoteTaker = form.noteTaker?.replace(/\s+/g, ' ').trim().slice(0, MEETING_LIMITS.title);
    // "Vid tangenterna: Marianne" is the participant Marianne Kiiskilä when she is the only Marianne.
    const noteTaker = writtenNoteTaker ? (matchOwner(writtenNoteTaker, participants)?.name ?? writtenNoteTaker) : undefined;
    return ok({
      fields: {
        title,
        kind: form.kind,
        date,
        ...(startTime ? { startTime } : {}),
        ...(endTime ? { endTime } : {}),
        ...(place ? { place } : {}),
        participants,
        absent: lists.absent.map(parseAttendeeLine).filter((a): a is Attendee => Boolean(a)),
        decisions: lists.decisions,
        keyPoints: lists.keyPoints,
        ...(nextMeeting ? { nextMeeting } : {}),
        ...(noteTaker ? { noteTaker } : {}),
      },
      todos: lists.todos,
      participants,
    });
  }

  /**
   * Turns to-do lines into linked action items. A line that was already linked (same text) keeps its item;
   * a new line gets one. "Petra: skicka mail … senast fredag" or "Petra skickar mail …": the owner is matched
   * to a participant ("Petra" → "Petra Edoff") and then to a Teams person; unmatched owners stay as text.
   */
  private async linkTodos(meeting: Meeting, todoLines: string[], existing: MeetingTodo[], by: PersonRef, lookup: PersonLookup, participants: Attendee[]): Promise<MeetingTodo[]> {
    const now = this.clock.now();
    const result: MeetingTodo[] = [];
    for (const line of todoLines) {
      const kept = existing.find((t) => todoLine(t) === line);
      if (kept) {
        result.push(kept);
        continue;
      }
      const { ownerName, text } = splitOwner(line, participants);
      // "senast fredag" is the Friday after the meeting, not after the day the form is saved.
      const { title, due } = readTodoDue(text, { meetingDate: meeting.date, now, timeZone: this.timeZone });
      const fullName = ownerName ? (matchOwner(ownerName, participants)?.name ?? ownerName) : undefined;
      const owner = fullName ? await lookup(fullName) : undefined;
      const what = title || text;
      const todo: MeetingTodo = { text: what.charAt(0).toLocaleUpperCase('sv-SE') + what.slice(1), ...(ownerName ? { ownerName: fullName ?? ownerName } : {}), ...(owner ? { owner } : {}), ...(due ? { due } : {}) };
      const created = await this.actionItems.create({
        tenantId: meeting.tenantId,
        conversationKey: meeting.conversationKey,
        title: owner || !fullName ? todo.text : `${fullName}: ${todo.text}`,
        assignees: owner ? [owner] : [],
        ...(todo.due ? { due: todo.due } : {}),
        sender: by,
        source: { kind: 'meeting', meetingId: meeting.id, title: meeting.title },
      });
      if (created.ok) todo.actionItemId = created.value.item.id;
      result.push(todo);
    }
    return result;
  }
}

/** How a to-do is shown in the form (and recognised again when the form comes back). */
export function todoLine(todo: MeetingTodo): string {
  const due = todo.due ? ` senast ${todo.due.date}` : '';
  return todo.ownerName ? `${todo.ownerName}: ${todo.text}${due}` : `${todo.text}${due}`;
}

/** "Petra: skicka mail" → Petra; "Petra skickar mail" → Petra when a participant is called Petra. */
export function splitOwner(line: string, participants: Attendee[]): { ownerName?: string; text: string } {
  const colon = /^([^:]{2,40}):\s*(.+)$/.exec(line);
  if (colon && !/\d/.test(colon[1]!)) return { ownerName: colon[1]!.trim(), text: colon[2]!.trim() };
  const first = /^(\p{Lu}[\p{L}-]+)\s+(.+)$/u.exec(line);
  if (first && matchOwner(first[1]!, participants)) return { ownerName: first[1]!, text: line };
  return { text: line };
}

function changedFields(before: Meeting, after: Partial<Meeting>): string[] {
  return Object.entries(after)
    .filter(([key, value]) => JSON.stringify(before[key as keyof Meeting]) !== JSON.stringify(value))
    .map(([key]) => key);
}

