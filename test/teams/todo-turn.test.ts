import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/domain/ports.js';
import { message, meetingEvent, PEOPLE, where } from '../helpers/activities.js';
import { countingStore, type CountingStore } from '../helpers/counting-store.js';
import { cosmosTestStore, sqliteTestStore, type TestStore } from '../helpers/test-stores.js';
import { cardOf, cardText, startTestBot, type TestBot } from '../helpers/test-app.js';

/**
 * The everyday "att-göra" turn through POST /api/messages, with the bot's store counted: the conversation reference,
 * the item (whose id, made from the activity's, also recognises a retried POST: no claim in the turn ledger), its
 * reminders and the posted card's id — and no look-up of a live meeting in a conversation where none was ever started. In a meeting chat after meetingStart the same words go into the live
 * notes (the look-up is made there).
 */
const TODO_TURN = {
  sqlite: { 'conversations.get': 1, 'action-items.create': 1, 'reminders.upsert': 1, 'action-items.replace': 1 },
  // The reminder and its due entry (another partition) in one bulk call: docs/storage.md, "Due reminders".
  cosmos: { 'conversations.get': 1, 'action-items.create': 1, 'reminders.upsertAcross': 1, 'action-items.replace': 1 },
};

/** HTTP requests the Cosmos test server has received. */
let cosmosHttp = 0;

function describeOn(kind: 'sqlite' | 'cosmos', open: () => Promise<TestStore>): void {
  describe(`The att-göra turn's store calls on ${kind}`, () => {
    let bot: TestBot;
    let counting: CountingStore;
    let close: () => Promise<void>;

    beforeAll(async () => {
      const opened = await open();
      close = opened.close;
      counting = countingStore(opened.store);
      bot = await startTestBot({ overrides: { store: counting.store, clock: new FixedClock('2024-02-28T09:00:00Z') } });
    }, 60_000);
    afterAll(async () => {
      await bot?.stop();
      await close?.();
    });

    const turn = async (activity: Record<string, unknown>) => {
      counting.reset();
      const httpBefore = cosmosHttp;
      const since = bot.connector.sent.length;
      const response = await bot.post(activity);
      expect(response.status).toBe(200);
      return { calls: counting.calls(), http: cosmosHttp - httpBefore, replies: bot.connector.sent.slice(since) };
    };

    it('in a channel: conversation, item, reminders, card id — no claim, no live-meeting read', async () => {
      const at = where.channel('1709100000001');
      // The first att-göra in a conversation also stores its reference and makes sure of its Monday digest (read once
      // per conversation and process); count the ones after it.
      await turn(message('att-göra skicka mail om ensamhetspengen nr 0 senast fredag', { serviceUrl: bot.connector.url, from: PEOPLE.petra, at, mentionBot: true }));
      for (const n of [1, 2]) {
        const { calls, http, replies } = await turn(message(`att-göra skicka mail om ensamhetspengen nr ${n} senast fredag`, { serviceUrl: bot.connector.url, from: PEOPLE.petra, at, mentionBot: true }));
        expect(replies.map((r) => cardText(cardOf(r.body))).join('\n')).toContain(`Skicka mail om ensamhetspengen nr ${n}`);
        expect(calls).toEqual(TODO_TURN[kind]);
        // Each store call is one round trip to the server (the bulk's partition key ranges were read once, before).
        if (kind === 'cosmos') expect(http).toBe(4);
      }
    });

    it('in a meeting chat after meetingStart the live meeting is looked up and the att-göra goes into its notes', async () => {
      const chat = where.meetingChat();
      await bot.post(meetingEvent('start', { time: '2024-02-28T09:00:00Z', title: 'Core Team möte mars' }, { serviceUrl: bot.connector.url, at: chat }));
      const { calls, replies } = await turn(message('att-göra boka lokal för öppna verkstaden senast fredag', { serviceUrl: bot.connector.url, from: PEOPLE.petra, at: chat, mentionBot: true }));
      expect(Object.keys(calls).some((key) => key.startsWith('live-meetings.'))).toBe(true);
      expect(calls['action-items.create']).toBeUndefined();
      const shown = [...replies.map((r) => r.body), ...bot.connector.updates.map((u) => u.body)].map((body) => cardText(cardOf(body))).join('\n');
      expect(shown).toContain('Boka lokal för öppna verkstaden');
    });
  });
}

describeOn('sqlite', () => sqliteTestStore('shk-todo-turn-'));
describeOn('cosmos', () => cosmosTestStore('todo-turn', { onRequest: () => cosmosHttp++ }));
