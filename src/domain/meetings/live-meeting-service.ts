import { randomUUID } from 'node:crypto';
import { fail, ok, type Failure, type Result } from '../result.js';
import { parseNewItem, type MentionInText } from '../action-items/parse-new-item.js';
import { todayIn, type DueDate } from '../dates/due-date.js';
import type { PersonRef } from '../people/person.js';
import { ConflictError, type Clock, type Versioned } from '../ports.js';
import {
  checkNoteText,
  isNoteTaker,
  LIVE_LIMITS,
  liveMeetingId,
  notesOf,
  type LiveMeeting,
  type LiveNote,
  type LiveNoteKind,
  type LiveProblem,
  type PostedRef,
} from './live-meeting.js';
import type { MinutesParticipant, ParsedMinutes } from './parse-minutes.js';

export interface LiveMeetingStorage {
  get(tenantId: string, id: string): Promise<Versioned<LiveMeeting> | undefined>;
  /** Rejects with ConflictError when a document with this id exists. */
  create(meeting: LiveMeeting): Promise<void>;
  /** Rejects with ConflictError when the document changed since `etag`. */
  replace(meeting: LiveMeeting, etag: string): Promise<void>;
  /** A conversation's live meetings, newest start first. */
  listForConversation(tenantId: string, conversationKey: string): Promise<LiveMeeting[]>;
}

/** What Teams told about the meeting (event value, meeting details), all optional: the details call may fail. */
export interface MeetingFacts {
  teamsMeetingId?: string;
  title?: string;
  /** ISO date-times. */
  start?: string;
  end?: string;
}

/** A refusal carries the live meeting as it is (when there is one): the message names its note-taker. */
export type LiveFailure = Failure<LiveProblem | 'notFound', LiveMeeting>;
export type LiveOutcome<T = object> = Result<{ meeting: LiveMeeting } & T, LiveFailure>;

/** Notes only go to a meeting started this long ago or less when no end came (Teams may never send meetingEnd). */
export const LIVE_WINDOW_HOURS = 12;
/** A meetingStart this long after its start time is late: recorded, but nothing is posted. */
export const LATE_START_HOURS = 3;

const stockholmTime = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

export class LiveMeetingService {
  constructor(
    private readonly storage: LiveMeetingStorage,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly newId: () => string = () => randomUUID(),
  ) {}

  /**
   * meetingStart: the occurrence is created once. A resent or late event finds it and changes nothing
   * (`created: false`); `late` says the start is too old to announce.
   */
  async start(input: { tenantId: string; conversationKey: string; facts: MeetingFacts }): Promise<{ meeting: LiveMeeting; created: boolean; late: boolean }> {
    const now = this.clock.now();
    const startedAt = validIso(input.facts.start) ?? now.toISOString();
    const day = todayIn(new Date(startedAt), this.timeZone);
    const id = liveMeetingId(input.tenantId, input.conversationKey, input.facts.teamsMeetingId ?? 'chat', day);
    const late = now.getTime() - Date.parse(startedAt) > LATE_START_HOURS * 3_600_000;
    const existing = await this.storage.get(input.tenantId, id);
    if (existing) return { meeting: existing.value, created: false, late };
    const at = now.toISOString();
    const meeting: LiveMeeting = {
      id,
      tenantId: input.tenantId,
      conversationKey: input.conversationKey,
      ...(input.facts.teamsMeetingId ? { teamsMeetingId: input.facts.teamsMeetingId } : {}),
      title: (input.facts.title ?? '').replace(/\s+/g, ' ').trim().slice(0, LIVE_LIMITS.title),
      day,
      startedAt,
      status: 'open',
      notes: [],
      revision: 1,
      createdAt: at,
      updatedAt: at,
    };
    try {
      await this.storage.create(meeting);
      return { meeting, created: true, late };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      // The same event delivered twice at once: the other delivery created it.
      const winner = await this.storage.get(input.tenantId, id);
      if (!winner) throw error;
      return { meeting: winner.value, created: false, late };
    }
  }

  /**
   * meetingEnd: marks the occurrence ended (creating it if the start never came). `announce` is true exactly
   * once per occurrence, however often Teams sends the event.
   */
  async end(input: { tenantId: string; conversationKey: string; facts: MeetingFacts }): Promise<{ meeting: LiveMeeting; announce: boolean }> {
    const now = this.clock.now();
    const endedAt = validIso(input.facts.end) ?? now.toISOString();
    // The occurrence is found by its start day: the open one of this Teams meeting, else by the end's day.
    const candidates = (await this.storage.listForConversation(input.tenantId, input.conversationKey)).filter(
      (m) => (input.facts.teamsMeetingId ? m.teamsMeetingId === input.facts.teamsMeetingId : true) && m.startedAt <= endedAt,
    );
    let target = candidates[0];
    if (!target) {
      const started = await this.start({ tenantId: input.tenantId, conversationKey: input.conversationKey, facts: { ...input.facts, start: input.facts.start ?? endedAt } });
      target = started.meeting;
    }
    let announce = false;
    const updated = await this.change(input.tenantId, target.id, (m) => {
      announce = !m.endAnnounced;
      if (m.status === 'ended' && m.endAnnounced) return undefined;
      return { ...m, status: 'ended', endedAt: m.endedAt ?? endedAt, endAnnounced: true };
    });
    return { meeting: updated ?? target, announce };
  }

  /** The meeting notes go to now: the newest open occurrence of this conversation, started within the window. */
  async current(tenantId: string, conversationKey: string): Promise<LiveMeeting | undefined> {
    const since = new Date(this.clock.now().getTime() - LIVE_WINDOW_HOURS * 3_600_000).toISOString();
    return (await this.storage.listForConversation(tenantId, conversationKey)).find((m) => m.status === 'open' && m.startedAt >= since);
  }

  async get(tenantId: string, id: string, conversationKey: string): Promise<LiveMeeting | undefined> {
    const found = await this.storage.get(tenantId, id);
    return found && found.value.conversationKey === conversationKey ? found.value : undefined;
  }

  /** "Börja anteckna": the presser becomes the note-taker, unless someone already is (then they are named). */
  async takeNotes(tenantId: string, id: string, conversationKey: string, person: PersonRef): Promise<LiveOutcome<{ already?: PersonRef }>> {
    const current = await this.get(tenantId, id, conversationKey);
    if (!current) return fail('notFound');
    if (current.status === 'ended') return fail('ended', current);
    let already: PersonRef | undefined;
    const updated = await this.change(tenantId, id, (m) => {
      if (m.noteTaker) {
        if (!isNoteTaker(m, person)) already = m.noteTaker;
        return undefined;
      }
      return { ...m, noteTaker: person };
    });
    const meeting = updated ?? (await this.get(tenantId, id, conversationKey))!;
    return ok(already ? { meeting, already } : { meeting });
  }

  /**
   * A beslut, att-göra or anteckning for the live notes. An att-göra's text is read like "att-göra": leading
   * mentions are the owners, "senast fredag" the date.
   */
  async addNote(input: {
    tenantId: string;
    id: string;
    conversationKey: string;
    kind: LiveNoteKind;
    text: string;
    by: PersonRef;
    mentions?: MentionInText[];
  }): Promise<LiveOutcome<{ note: LiveNote }>> {
    const checked = checkNoteText(input.text);
    if (!checked.ok) return fail(checked.error.code);
    const current = await this.get(input.tenantId, input.id, input.conversationKey);
    if (!current) return fail('notFound');
    const now = this.clock.now();
    const note: LiveNote = { id: this.newId(), kind: input.kind, text: checked.value, by: input.by, at: now.toISOString() };
    if (input.kind === 'todo') {
      const outcome = parseNewItem(checked.value, input.mentions ?? [], { now, timeZone: this.timeZone });
      if (outcome.ok) {
        const parsed = outcome.value;
        note.text = parsed.title;
        const owners = parsed.includesSender ? [input.by, ...parsed.assignees] : parsed.assignees;
        if (owners.length > 0) note.ownerName = owners.map((p) => p.name).join(', ');
        if (parsed.due) note.due = parsed.due;
      }
      // Mention markup that was not an owner stays readable as a name.
      note.text = note.text.replace(/<at>([^<]*)<\/at>/g, '$1');
      note.text = note.text.charAt(0).toLocaleUpperCase('sv-SE') + note.text.slice(1);
    }
    let problem: LiveProblem | undefined;
    const updated = await this.change(input.tenantId, input.id, (m) => {
      if (m.status === 'ended') return void (problem = 'ended');
      if (m.notes.length >= LIVE_LIMITS.notes) return void (problem = 'tooManyNotes');
      return { ...m, notes: [...m.notes, note] };
    });
    if (problem || !updated) return fail(problem ?? 'notFound', current);
    return ok({ meeting: updated, note });
  }

  /** Removes a note (the tab's ✕); the note-taker or its writer may. */
  async removeNote(input: { tenantId: string; id: string; conversationKey: string; noteId: string; by: PersonRef }): Promise<LiveOutcome> {
    const current = await this.get(input.tenantId, input.id, input.conversationKey);
    if (!current) return fail('notFound');
    let problem: LiveProblem | 'notFound' | undefined;
    const updated = await this.change(input.tenantId, input.id, (m) => {
      const note = m.notes.find((n) => n.id === input.noteId);
      if (!note) return void (problem = 'notFound');
      if (m.status === 'ended') return void (problem = 'ended');
      const allowed = isNoteTaker(m, input.by) || samePersonRef(note.by, input.by);
      if (!allowed) return void (problem = 'notNoteTaker');
      return { ...m, notes: m.notes.filter((n) => n.id !== input.noteId) };
    });
    if (problem || !updated) return fail(problem ?? 'notFound', current);
    return ok({ meeting: updated });
  }

  /** "Avsluta": only the note-taker (or anyone, when nobody is) ends the notes. Idempotent. */
  async finish(tenantId: string, id: string, conversationKey: string, by: PersonRef): Promise<LiveOutcome> {
    const current = await this.get(tenantId, id, conversationKey);
    if (!current) return fail('notFound');
    if (current.noteTaker && !isNoteTaker(current, by)) return fail('notNoteTaker', current);
    const updated = await this.change(tenantId, id, (m) =>
      // Ended by hand: a later meetingEnd has nothing more to announce.
      m.status === 'ended' && m.endAnnounced ? undefined : { ...m, status: 'ended', endedAt: m.endedAt ?? this.clock.now().toISOString(), endAnnounced: true },
    );
    return ok({ meeting: updated ?? current });
  }

  async recordDraft(tenantId: string, id: string, draftId: string): Promise<LiveMeeting | undefined> {
    return this.change(tenantId, id, (m) => ({ ...m, draftId }));
  }

  async recordCard(tenantId: string, id: string, which: 'briefCard' | 'notesCard', ref: PostedRef): Promise<LiveMeeting | undefined> {
    return this.change(tenantId, id, (m) => ({ ...m, [which]: ref }));
  }

  /**
   * The meeting preview's content, from the live notes and what Teams told: title and times from the meeting's
   * details, participants from its roster. `warnings` carry what could not be known (shown on the form).
   */
  minutesFrom(meeting: LiveMeeting, input: { facts: MeetingFacts; participants: MinutesParticipant[]; warnings: string[] }): ParsedMinutes {
    const start = validIso(input.facts.start) ?? meeting.startedAt;
    const end = validIso(input.facts.end) ?? meeting.endedAt;
    return {
      title: (input.facts.title?.trim() || meeting.title || '').slice(0, LIVE_LIMITS.title) || undefined,
      type: /core[\s-]*team/i.test(input.facts.title ?? meeting.title) ? 'coreTeam' : 'other',
      date: todayIn(new Date(start), this.timeZone),
      startTime: stockholmTime(start, this.timeZone),
      ...(end ? { endTime: stockholmTime(end, this.timeZone) } : {}),
      place: 'Teams',
      participants: input.participants,
      absent: [],
      decisions: notesOf(meeting, 'decision').map((n) => n.text),
      todos: notesOf(meeting, 'todo').map((n) => ({
        text: n.text,
        ...(n.ownerName ? { owner: n.ownerName } : {}),
        ...(n.due ? { due: dueOf(n.due) } : {}),
      })),
      keyPoints: notesOf(meeting, 'note').map((n) => n.text),
      upcoming: [],
      ...(meeting.noteTaker ? { noteTaker: meeting.noteTaker.name } : {}),
      other: [],
      warnings: input.warnings,
    };
  }

  /** Read, change, write with the ETag; retried when someone else wrote in between. `undefined` = nothing to do. */
  private async change(tenantId: string, id: string, apply: (m: LiveMeeting) => LiveMeeting | undefined): Promise<LiveMeeting | undefined> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const found = await this.storage.get(tenantId, id);
      if (!found) return undefined;
      const current = found.value;
      const next = apply(current);
      if (!next) return undefined;
      const written = { ...next, revision: current.revision + 1, updatedAt: this.clock.now().toISOString() };
      try {
        await this.storage.replace(written, found.etag);
        return written;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError('live meeting kept changing');
  }
}

function dueOf(due: DueDate): { date: string; time?: string } {
  return due.time ? { date: due.date, time: due.time } : { date: due.date };
}

function samePersonRef(a: PersonRef, b: PersonRef): boolean {
  return Boolean((a.aadObjectId && a.aadObjectId === b.aadObjectId) || (a.id && a.id === b.id));
}

function validIso(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

