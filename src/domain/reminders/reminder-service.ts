import { createHash, randomUUID } from 'node:crypto';
import type { ActionItem } from '../action-items/action-item.js';
import type { Meeting } from '../meetings/meeting.js';
import type { PersonRef } from '../people/person.js';
import type { Clock, Versioned } from '../ports.js';
import { atLocalTime, firstWorkingDayBefore, nextOccurrence, type Recurrence, type Reminder } from './reminder.js';

/**
 * Which reminders exist, derived from what they are about:
 * - an att-göra: two working days before its due date and on the due date, at 09:00 Stockholm time (a weekend or
 *   Swedish public holiday moves the early one to the working day before);
 * - a conversation with att-göra: a digest every Monday at 09:00;
 * - a meeting with a next meeting date: the working day before it, at 09:00;
 * - what people ask for ("påminn oss 2 april kl 9 om …", "varje måndag kl 9").
 * The scheduler (src/scheduler/reminder-scheduler.ts) delivers them; this service only plans and cancels.
 */

export const REMINDER_TIME = '09:00';
export const DIGEST: Recurrence = { rule: 'weekly', weekday: 1, time: REMINDER_TIME };

export interface ReminderStorage {
  get(tenantId: string, id: string): Promise<Versioned<Reminder> | undefined>;
  upsert(reminder: Reminder): Promise<unknown>;
  /** Several reminders of one tenant in one store call. */
  upsertMany(reminders: Reminder[]): Promise<unknown>;
  cancel(tenantId: string, id: string): Promise<Reminder | undefined>;
  /** Still to be sent (pending or sending), soonest first, at most `limit`. */
  listForConversation(tenantId: string, conversationKey: string, options?: { limit?: number }): Promise<Reminder[]>;
}

export type ItemStage = 'early' | 'due';

/** How many upcoming reminders "påminnelser" reads (its card shows 25): the store cuts the list, however long. */
export const UPCOMING_SHOWN = 25;

export interface CustomReminderInput {
  tenantId: string;
  conversationKey: string;
  text: string;
  /** 'me': to the person (personal chat when possible); 'us': to the conversation. */
  audience: 'me' | 'us';
  person: PersonRef;
  dueAt?: Date;
  recurrence?: Recurrence;
}

export const itemReminderId = (itemId: string, stage: ItemStage) => `item-${itemId}-${stage}`;
export const meetingReminderId = (meetingId: string) => `meeting-${meetingId}`;
/** The "Påminn oss" reminder of a meeting summary's upcoming date number `index`. */
export const upcomingReminderId = (meetingId: string, index: number) => `upcoming-${meetingId}-${index}`;
export const digestReminderId = (conversationKey: string) => `digest-${createHash('sha256').update(conversationKey).digest('hex').slice(0, 32)}`;

/** When an item's reminders fire (only those still ahead of `now`). */
export function itemReminderPlan(item: ActionItem, now: Date, timeZone: string): Array<{ stage: ItemStage; dueAt: Date }> {
  if (item.status !== 'open' || item.deletedAt || !item.due) return [];
  const plan: Array<{ stage: ItemStage; dueAt: Date }> = [
    { stage: 'early', dueAt: atLocalTime(firstWorkingDayBefore(item.due.date, 2), REMINDER_TIME, timeZone) },
    { stage: 'due', dueAt: atLocalTime(item.due.date, REMINDER_TIME, timeZone) },
  ];
  return plan.filter((p) => p.dueAt.getTime() > now.getTime());
}

export class ReminderService {
  /** Conversations whose digest exists (tenant + digest id), so it is read once per process, not per item. */
  private readonly digestsKnown = new BoundedSet(10_000);

  constructor(
    private readonly storage: ReminderStorage,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly newId: () => string = () => randomUUID(),
  ) {}

  /**
   * Brings an item's reminders in line with it (new, moved, done or deleted), and makes sure its digest exists.
   * A brand-new item (revision 1) has no reminders yet, so nothing is read for it; whatever is to be written goes
   * to the store in one call.
   */
  async syncItem(item: ActionItem): Promise<void> {
    const now = this.clock.now();
    const plan = itemReminderPlan(item, now, this.timeZone);
    const writes: Reminder[] = [];
    for (const stage of ['early', 'due'] as const) {
      const id = itemReminderId(item.id, stage);
      const wanted = plan.find((p) => p.stage === stage);
      const existing = item.revision === 1 ? undefined : (await this.storage.get(item.tenantId, id))?.value;
      if (!wanted) {
        if (existing && (existing.status === 'pending' || existing.status === 'sending')) await this.storage.cancel(item.tenantId, id);
        continue;
      }
      const dueAt = wanted.dueAt.toISOString();
      // Same time as before: leave it (also when someone said "Sluta påminna", or it was already sent).
      if (existing && (existing.originalDueAt ?? existing.dueAt) === dueAt) continue;
      writes.push(this.reminder({ id, tenantId: item.tenantId, conversationKey: item.conversationKey, kind: 'actionItem', dueAt, payload: { itemId: item.id, stage } }, now));
    }
    if (item.status === 'open' && !item.deletedAt) {
      const digest = await this.missingDigest(item.tenantId, item.conversationKey, now);
      if (digest) writes.push(digest);
    }
    if (writes.length === 1) await this.storage.upsert(writes[0]!);
    else if (writes.length > 1) await this.storage.upsertMany(writes);
    if (writes.some((r) => r.kind === 'digest')) this.digestsKnown.add(`${item.tenantId}\u0000${digestReminderId(item.conversationKey)}`, true);
  }

  /** The conversation's Monday digest of overdue and due-this-week items (created once). */
  async ensureDigest(tenantId: string, conversationKey: string): Promise<void> {
    const digest = await this.missingDigest(tenantId, conversationKey, this.clock.now());
    if (digest) await this.storage.upsert(digest);
    this.digestsKnown.add(`${tenantId}\u0000${digestReminderId(conversationKey)}`, true);
  }

  /**
   * The digest to create when the conversation has none. A digest, once created, is never deleted (stopping it
   * cancels it), so a process remembers the conversations it has seen one in and does not read it again.
   */
  private async missingDigest(tenantId: string, conversationKey: string, now: Date): Promise<Reminder | undefined> {
    const id = digestReminderId(conversationKey);
    const key = `${tenantId}\u0000${id}`;
    if (this.digestsKnown.has(key)) return undefined;
    if (await this.storage.get(tenantId, id)) {
      this.digestsKnown.add(key, true);
      return undefined;
    }
    return this.reminder({ id, tenantId, conversationKey, kind: 'digest', dueAt: nextOccurrence(DIGEST, now, this.timeZone).toISOString(), recurrence: DIGEST, payload: {} }, now);
  }

  /** A meeting's reminder: the working day before its next meeting, at 09:00, with the open to-dos. */
  async syncMeeting(meeting: Meeting): Promise<void> {
    const id = meetingReminderId(meeting.id);
    const now = this.clock.now();
    const date = meeting.nextMeeting?.date;
    const dueAt = date ? atLocalTime(firstWorkingDayBefore(date, 1), REMINDER_TIME, this.timeZone) : undefined;
    const existing = (await this.storage.get(meeting.tenantId, id))?.value;
    if (!dueAt || dueAt.getTime() <= now.getTime()) {
      if (existing && existing.status === 'pending') await this.storage.cancel(meeting.tenantId, id);
      return;
    }
    if (existing && (existing.originalDueAt ?? existing.dueAt) === dueAt.toISOString()) return;
    await this.storage.upsert(
      this.reminder({ id, tenantId: meeting.tenantId, conversationKey: meeting.conversationKey, kind: 'meeting', dueAt: dueAt.toISOString(), payload: { meetingId: meeting.id, nextMeeting: date } }, now),
    );
  }

  /** "påminn mig/oss …": a one-off at `dueAt` or a recurring reminder. */
  async addCustom(input: CustomReminderInput): Promise<Reminder> {
    const now = this.clock.now();
    const dueAt = input.recurrence ? nextOccurrence(input.recurrence, now, this.timeZone) : input.dueAt;
    if (!dueAt) throw new RangeError('a custom reminder needs dueAt or recurrence');
    const reminder = this.reminder(
      {
        id: `custom-${this.newId()}`,
        tenantId: input.tenantId,
        conversationKey: input.conversationKey,
        kind: 'custom',
        dueAt: dueAt.toISOString(),
        ...(input.recurrence ? { recurrence: input.recurrence } : {}),
        payload: { text: input.text, audience: input.audience, person: input.person },
      },
      now,
    );
    await this.storage.upsert(reminder);
    return reminder;
  }

  /**
   * "Påminn oss" on a date of a meeting summary: one reminder per date (the id says which), so pressing twice or
   * two people pressing at once gives one reminder. `created` is false when it already existed.
   */
  async addOnce(input: CustomReminderInput & { id: string; dueAt: Date }): Promise<{ reminder: Reminder; created: boolean }> {
    const existing = (await this.storage.get(input.tenantId, input.id))?.value;
    if (existing && existing.status !== 'cancelled') return { reminder: existing, created: false };
    const reminder = this.reminder(
      { id: input.id, tenantId: input.tenantId, conversationKey: input.conversationKey, kind: 'custom', dueAt: input.dueAt.toISOString(), payload: { text: input.text, audience: input.audience, person: input.person } },
      this.clock.now(),
    );
    await this.storage.upsert(reminder);
    return { reminder, created: true };
  }

  /** Reminders still to come in a conversation, soonest first. */
  async upcoming(tenantId: string, conversationKey: string, limit = UPCOMING_SHOWN): Promise<Reminder[]> {
    return this.storage.listForConversation(tenantId, conversationKey, { limit });
  }

  /** "Sluta påminna": only reminders of this conversation can be stopped from it. */
  async stop(tenantId: string, id: string, conversationKey: string): Promise<Reminder | undefined> {
    const found = await this.storage.get(tenantId, id);
    if (!found || found.value.conversationKey !== conversationKey) return undefined;
    return this.storage.cancel(tenantId, id);
  }

  /** "Påminn igen om 1 timme / 1 dag / 1 vecka": a one-off copy of the reminder (of an item or a custom one). */
  async snooze(tenantId: string, id: string, conversationKey: string, minutes: number): Promise<Reminder | undefined> {
    const found = await this.storage.get(tenantId, id);
    if (!found || found.value.conversationKey !== conversationKey || (found.value.kind !== 'custom' && found.value.kind !== 'actionItem')) return undefined;
    const now = this.clock.now();
    const { tenantId: tenant, conversationKey: key, kind, payload } = found.value;
    const copy = this.reminder({ id: `${kind === 'custom' ? 'custom' : 'snooze'}-${this.newId()}`, tenantId: tenant, conversationKey: key, kind, payload, dueAt: new Date(now.getTime() + minutes * 60_000).toISOString() }, now);
    await this.storage.upsert(copy);
    return copy;
  }

  private reminder(fields: Pick<Reminder, 'id' | 'tenantId' | 'conversationKey' | 'kind' | 'dueAt' | 'payload'> & { recurrence?: Recurrence }, now: Date): Reminder {
    return { ...fields, status: 'pending', attempts: 0, createdAt: now.toISOString(), updatedAt: now.toISOString() };
  }
}

/** A set that forgets its oldest entries beyond `max` (a bounded memo). */
class BoundedSet {
  private readonly entries = new Map<string, true>();
  constructor(private readonly max: number) {}
  has(key: string): boolean {
    return this.entries.has(key);
  }
  add(key: string, value: true): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
