import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/domain/ports.js';
import { createHash } from 'node:crypto';
import { cardAction, meetingEvent, message, PEOPLE, where } from '../helpers/activities.js';
import { startCosmosServer, type CosmosTestServer } from '../helpers/cosmos-server.js';
import { chooseNewInitiative } from '../helpers/rounds.js';
import { cardOf, cardText, startTestBot, type TestBot } from '../helpers/test-app.js';

/**
 * Teams retries a POST it got no answer to, with the same activity id. The retry must never double an att-göra,
 * an answer or a meeting: on SQLite and on Cosmos.
 */

const MINUTES = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seeds', 'core-team-2024-02-27-minutes.txt'), 'utf8');
const at = where.channel('1709000000000');

/** The turn ledger's id of a message activity (src/store/turn-ledger.ts). */
const ledgerId = (activity: any) => createHash('sha256').update(`${activity.conversation.id}\u0000message:${activity.id}`).digest('hex');

function suite(name: string, start: () => Promise<{ bot: TestBot; close(): Promise<void> }>) {
  describe(`Retried activities on ${name} (hardening)`, () => {
    let bot: TestBot;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ bot, close } = await start());
      bot.connector.roster = Object.values(PEOPLE).map((p) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId }));
    }, 60_000);
    afterAll(() => close());

    const items = async () => (await bot.app.store.container<any>('action-items').queryAcross('')).filter((d) => d.type !== 'counter');

    it('the same att-göra message posted twice (and twice at once) creates one item and one card', async () => {
      const activity = message('att-göra boka lokal till mötet senast fredag', { serviceUrl: bot.connector.url, from: PEOPLE.petra, at, mentionBot: true });
      const before = (await items()).length;
      const sentBefore = bot.connector.sent.length;
      expect((await bot.post(activity)).status).toBe(200);
      expect((await bot.post(activity)).status).toBe(200);
      expect((await items()).length).toBe(before + 1);
      expect(bot.connector.sent.length).toBe(sentBefore + 1);

      const again = message('att-göra skicka kallelsen senast fredag', { serviceUrl: bot.connector.url, from: PEOPLE.petra, at, mentionBot: true });
      const statuses = await Promise.all([bot.post(again), bot.post(again), bot.post(again)]);
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 200]);
      expect((await items()).length).toBe(before + 2);
      expect(bot.connector.sent.length).toBe(sentBefore + 2);
      // The att-göra turn recognises its retries by the item's id rather than by a claim in the ledger.
      const claims = await bot.app.store.container<any>('processed-activities').queryAcross('');
      expect(claims.filter((c) => c.id === ledgerId(activity) || c.id === ledgerId(again))).toEqual([]);
    });

    it('a retried att-göra during a live meeting goes into the notes once', async () => {
      const chat = where.meetingChat();
      await bot.post(meetingEvent('start', { time: '2024-02-27T09:00:00Z', title: 'Core Team möte mars' }, { serviceUrl: bot.connector.url, at: chat }));
      const before = (await items()).length;
      const todo = message('att-göra boka lokal för öppna verkstaden senast fredag', { serviceUrl: bot.connector.url, from: PEOPLE.petra, at: chat, mentionBot: true });
      await Promise.all([bot.post(todo), bot.post(todo)]);
      await bot.post(todo);
      const live = (await bot.app.store.container<any>('live-meetings').queryAcross('')).filter((m) => m.type !== 'counter');
      const notes = live.flatMap((m) => m.notes ?? []).filter((n: { text: string }) => n.text.includes('öppna verkstaden'));
      expect(notes).toHaveLength(1);
      expect((await items()).length).toBe(before);
    });

    it('a retried answer to a round is stored once', async () => {
      const since = bot.connector.sent.length;
      await bot.post(message('bedöm Måltider och möten', { serviceUrl: bot.connector.url, from: PEOPLE.petra, at, mentionBot: true }));
      await chooseNewInitiative(bot, { since, from: PEOPLE.petra, at });
      const rounds = await bot.app.store.container<any>('rounds').queryAcross('');
      const roundId = rounds.find((r) => r.initiativeName === 'Måltider och möten' && r.status === 'open').id;
      const data = Object.fromEntries(['citizenValue', 'partnership', 'innovation', 'sustainability', 'focusAreaFit'].map((id) => [`score_${id}`, '4']));
      const click = cardAction('round.submit', { roundId, ...data }, { serviceUrl: bot.connector.url, from: PEOPLE.christine, at });
      const first = await bot.post(click);
      const retry = await bot.post(click);
      expect(first.body.statusCode).toBe(200);
      expect(retry.status).toBe(200);
      expect(cardText(retry.body.value ?? '')).not.toContain('Något gick fel');
      const answers = (await bot.app.store.container<any>('answers').queryAcross('')).filter((a) => a.roundId === roundId);
      expect(answers).toHaveLength(1);
    });

    it('a retried "save meeting" click saves one meeting', async () => {
      await bot.post(message(`protokoll\n${MINUTES}`, { serviceUrl: bot.connector.url, from: PEOPLE.marianne, at, mentionBot: true }));
      const preview = cardOf(bot.connector.sent.at(-1)!.body);
      const values: Record<string, string> = {};
      JSON.stringify(preview.body, (_k, v) => {
        if (v && typeof v === 'object' && typeof v.type === 'string' && v.type.startsWith('Input.') && v.id) values[v.id] = v.value ?? '';
        return v;
      });
      const click = cardAction('meeting.save', { ...preview.actions[0].data, ...values }, { serviceUrl: bot.connector.url, from: PEOPLE.marianne, at });
      await Promise.all([bot.post(click), bot.post(click)]);
      await bot.post(click);
      const meetings = await bot.app.store.container<any>('meetings').queryAcross('');
      expect(meetings.filter((m) => m.type !== 'counter')).toHaveLength(1);
    });

    it('a different activity id with the same text is a new message, not a retry', async () => {
      const before = (await items()).length;
      for (let i = 0; i < 2; i++) {
        await bot.post(message('att-göra ring kommunen senast fredag', { serviceUrl: bot.connector.url, from: PEOPLE.petra, at, mentionBot: true }));
      }
      expect((await items()).length).toBe(before + 2);
    });
  });
}

suite('SQLite', async () => {
  const bot = await startTestBot({ overrides: { clock: new FixedClock('2024-02-27T09:00:00Z') } });
  return { bot, close: () => bot.stop() };
});

let cosmos: CosmosTestServer | undefined;
suite('Cosmos', async () => {
  cosmos = await startCosmosServer();
  const store = await cosmos.appStore('shk-bot-idempotent');
  const bot = await startTestBot({ overrides: { store, clock: new FixedClock('2024-02-27T09:00:00Z') } });
  return {
    bot,
    close: async () => {
      await bot.stop();
      await cosmos?.close();
    },
  };
});

describe('Expired activity ids (hardening)', () => {
  it('are forgotten after a day and swept away', async () => {
    const clock = new FixedClock('2024-02-27T09:00:00Z');
    const bot = await startTestBot({ overrides: { clock } });
    try {
      const activity = message('hjälp', { serviceUrl: bot.connector.url, from: PEOPLE.petra });
      await bot.post(activity);
      const ledger = bot.app.store.container('processed-activities');
      expect(await ledger.queryAcross('')).toHaveLength(1);
      expect(await bot.app.jobs.turnSweeper.runOnce()).toBe(0);
      clock.set('2024-02-28T09:00:01Z');
      expect(await bot.app.jobs.turnSweeper.runOnce()).toBe(1);
      expect(await ledger.queryAcross('')).toHaveLength(0);
    } finally {
      await bot.stop();
    }
  });
});
