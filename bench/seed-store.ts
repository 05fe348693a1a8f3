/**
 * A realistic store for bench/load.ts: thousands of att-göra across many conversations of the bench's tenant,
 * written through the app's own services before anything is timed — ActionItemService.create (the item, its id
 * in its conversation's partition) with ReminderService.syncItem as its follower (the item's two reminders and
 * the conversation's digest, as app.ts wires it). Every conversation the load generator talks in gets items, so
 * "uppgifter" there lists a full page, and every person it talks as is assigned items across conversations, so
 * "mina uppgifter" does too.
 */
import { ActionItemService } from '../src/domain/action-items/action-item-service.js';
import { conversationKey } from '../src/domain/conversations/conversation.js';
import { addDays } from '../src/domain/dates/due-date.js';
import { systemClock } from '../src/domain/ports.js';
import { ReminderService } from '../src/domain/reminders/reminder-service.js';
import { ActionItemRepository } from '../src/store/action-item-repository.js';
import type { DocumentStore } from '../src/store/document-store.js';
import { ReminderRepository } from '../src/store/reminder-repository.js';
import { TENANT } from '../test/helpers/activities.js';
import { conversationMix, type WorkloadOptions } from './workload.js';

export interface SeedOptions {
  items: number;
  /** Conversations holding them: the load generator's own (channels and personal chats) and more channels. */
  conversations: number;
  workload: WorkloadOptions;
  timeZone: string;
}

export async function seedItems(store: DocumentStore, options: SeedOptions): Promise<{ items: number; conversations: number; ms: number }> {
  const started = performance.now();
  const { personal, channel } = conversationMix(options.workload);
  const keys = [
    ...new Set([
      ...channel.map((t) => conversationKey({ kind: 'channel', conversationId: String(t.at.conversation.id), channelId: (t.at.channelData.channel as { id?: string } | undefined)?.id })),
      ...personal.map((t) => conversationKey({ kind: 'personal', conversationId: String(t.at.conversation.id) })),
    ]),
  ];
  for (let i = keys.length; i < options.conversations; i++) keys.push(`channel:19:bench-seed-${i}@thread.tacv2`);
  const people = [...new Map([...personal, ...channel].map((t) => [t.from.id, { id: t.from.id, name: t.from.name, ...(t.from.aadObjectId ? { aadObjectId: t.from.aadObjectId } : {}) }])).values()];
  const reminders = new ReminderService(new ReminderRepository(store, systemClock), systemClock, options.timeZone);
  const repository = new ActionItemRepository(store);
  const service = new ActionItemService(repository, systemClock, options.timeZone, undefined, (item) => reminders.syncItem(item));
  const today = new Date().toISOString().slice(0, 10);
  for (let n = 0; n < options.items; n++) {
    // Each conversation cycles through everyone, so every person has items in every conversation.
    const person = people[(n + Math.floor(n / keys.length)) % people.length]!;
    const created = await service.create({
      tenantId: TENANT,
      conversationKey: keys[n % keys.length]!,
      title: `Uppgift ${n}: skicka underlag till styrgruppen`,
      assignees: [person],
      // Due over the next year, a tenth without a date (never in the past: create refuses that).
      ...(n % 10 === 0 ? {} : { due: { date: addDays(today, 1 + (n % 365)) } }),
      sender: person,
    });
    if (!created.ok) throw new Error(`seed: item ${n} not created (${JSON.stringify(created)})`);
    // Every seventh done, as lists have them.
    if (n % 7 === 0) {
      const { item, etag } = created.value;
      await repository.replace({ ...item, status: 'done', completedAt: new Date().toISOString(), completedBy: person, updatedAt: new Date().toISOString() }, etag);
    }
  }
  return { items: options.items, conversations: keys.length, ms: performance.now() - started };
}
