import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationAddress } from '../../src/domain/conversations/conversation.js';
import { ProactiveError, ProactiveSender, type ConversationTransport } from '../../src/teams/proactive.js';
import { silentLogger } from '../../src/logger.js';
import { message, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { capturingLogger } from '../helpers/log-capture.js';
import { startTestBot, type TestBot } from '../helpers/test-app.js';

const channelAddress = (serviceUrl: string, n = 1): ConversationAddress => ({
  tenantId: TENANT,
  kind: 'channel',
  conversationId: `19:proactive-${n}@thread.tacv2`,
  channelId: `19:proactive-${n}@thread.tacv2`,
  serviceUrl,
  channelIdName: 'msteams',
  botId: '28:shk-bot-app-id',
  botName: 'SHK-boten',
});

describe('Proactive messages through the Bot Connector (real HTTP, recording connector)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.stop());
  beforeEach(() => bot.connector.clear());

  it('a 429 with Retry-After: 1 is waited out and the message is delivered once', async () => {
    bot.connector.respondNext({ status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'TooManyRequests' } } });
    const started = Date.now();
    const result = await bot.app.services.proactive.send(channelAddress(bot.connector.url), { type: 'message', text: 'Påminnelse: KPR-mötet i april' });
    const calls = bot.connector.calls.filter((c) => c.kind === 'send');
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(result.id).toMatch(/^activity-/);
    expect(calls[1]!.body.text).toBe('Påminnelse: KPR-mötet i april');
    expect(calls[1]!.conversationId).toBe('19:proactive-1@thread.tacv2');
  });

  it('412, 502 and 504 are retried until Teams accepts', async () => {
    bot.connector.respondNext({ status: 412 }, { status: 502 }, { status: 504 });
    await bot.app.services.proactive.send(channelAddress(bot.connector.url, 2), { type: 'message', text: 'hej' });
    expect(bot.connector.calls.filter((c) => c.kind === 'send').map((c) => c.status)).toEqual([412, 502, 504, 200]);
  });

  it('updates a posted message in place (PUT to the activity id)', async () => {
    await bot.app.services.proactive.update(channelAddress(bot.connector.url, 3), 'activity-42', { type: 'message', text: 'uppdaterad' });
    expect(bot.connector.updates).toHaveLength(1);
    expect(bot.connector.updates[0]).toMatchObject({ activityId: 'activity-42', conversationId: '19:proactive-3@thread.tacv2' });
  });

  it('a 403 (bot removed or blocked) marks the conversation inactive and is not retried', async () => {
    const at = where.personal(PEOPLE.johan);
    await bot.post(message('hjälp', { serviceUrl: bot.connector.url, from: PEOPLE.johan, at }));
    const key = `chat:a:personal-${PEOPLE.johan.id}`;
    const stored = await bot.app.services.conversations.get(TENANT, key);
    expect(stored?.active).toBe(true);

    bot.connector.clear();
    bot.connector.respondNext({ status: 403, body: { error: { code: 'MessageWritesBlocked', message: 'blocked' } } });
    const sending = bot.app.services.proactive.send(stored!, { type: 'message', text: 'Påminnelse' });
    await expect(sending).rejects.toMatchObject({ reason: 'gone', status: 403 });
    expect(bot.connector.calls.filter((c) => c.kind === 'send')).toHaveLength(1);
    const after = await bot.app.services.conversations.get(TENANT, key);
    expect(after).toMatchObject({ active: false, inactiveReason: '403 MessageWritesBlocked' });
  });

  it('a 400 is not retried: rejected at once with a logged error', async () => {
    const { logger, lines } = capturingLogger();
    const { BotConnectorTransport } = await import('../../src/teams/proactive.js');
    const { createBotAuthentication } = await import('../../src/teams/adapter.js');
    const sender = new ProactiveSender({ transport: new BotConnectorTransport(createBotAuthentication(bot.app.config), undefined), logger });
    bot.connector.respondNext({ status: 400, body: { error: { code: 'BadArgument' } } });
    await expect(sender.send(channelAddress(bot.connector.url, 4), { type: 'message', text: 'x' })).rejects.toMatchObject({ reason: 'rejected', status: 400 });
    expect(bot.connector.calls).toHaveLength(1);
    expect(lines().some((l) => l.level === 50 && l.msg === 'proactive message rejected by Teams')).toBe(true);
  });

  it('gives up after the retry budget with a logged error, never silently', async () => {
    const { logger, lines } = capturingLogger();
    const { BotConnectorTransport } = await import('../../src/teams/proactive.js');
    const { createBotAuthentication } = await import('../../src/teams/adapter.js');
    const sender = new ProactiveSender({
      transport: new BotConnectorTransport(createBotAuthentication(bot.app.config), undefined),
      logger,
      maxRetryMs: 600,
      baseDelayMs: 50,
    });
    bot.connector.respondNext(...Array.from({ length: 50 }, () => ({ status: 429 })));
    await expect(sender.send(channelAddress(bot.connector.url, 5), { type: 'message', text: 'x' })).rejects.toBeInstanceOf(ProactiveError);
    const attempts = bot.connector.calls.filter((c) => c.kind === 'send').length;
    expect(attempts).toBeGreaterThan(2);
    expect(lines().some((l) => l.level === 50 && l.msg === 'proactive message given up after retries' && l.attempts === attempts)).toBe(true);
  });
});

describe('Throttling to Teams limits (fake time)', () => {
  /** A transport that records the (fake) time of every message, and a clock that sleeping moves forward. */
  function harness(options: { failFirst?: number } = {}) {
    let now = 0;
    const sentAt: Array<{ conversation: string; at: number; text: string }> = [];
    let failures = options.failFirst ?? 0;
    const transport: ConversationTransport = {
      async send(address, activity) {
        if (failures > 0) {
          failures--;
          throw Object.assign(new Error('throttled'), { statusCode: 429, response: { headers: { get: (h: string) => (h === 'retry-after' ? '2' : undefined) } } });
        }
        sentAt.push({ conversation: address.conversationId, at: now, text: String(activity.text) });
        return { id: `a-${sentAt.length}` };
      },
      async update() {},
    };
    const sender = new ProactiveSender({
      transport,
      logger: silentLogger(),
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      random: () => 0.5,
    });
    return { sender, sentAt, time: () => now };
  }

  const maxInWindow = (times: number[], windowMs: number) => {
    let max = 0;
    for (let i = 0; i < times.length; i++) {
      let count = 0;
      for (let j = i; j < times.length && times[j]! < times[i]! + windowMs; j++) count++;
      max = Math.max(max, count);
    }
    return max;
  };

  it('130 reminders to one channel: at most 7 per second and 60 per 30 seconds, in order, none lost', async () => {
    const { sender, sentAt, time } = harness();
    const address = channelAddress('http://unused/', 9);
    const results = await Promise.all(Array.from({ length: 130 }, (_, i) => sender.send(address, { text: `m${i}` })));
    expect(results).toHaveLength(130);
    const times = sentAt.map((s) => s.at);
    expect(sentAt.map((s) => s.text)).toEqual(Array.from({ length: 130 }, (_, i) => `m${i}`));
    expect(maxInWindow(times, 1_000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(times, 30_000)).toBeLessThanOrEqual(60);
    // 130 messages at 60 per 30 s need just over two full windows, and no more than that.
    expect(time()).toBeGreaterThanOrEqual(60_000);
    expect(time()).toBeLessThan(62_000);
  });

  it('conversations are throttled separately but share the tenant limit of 30 per second', async () => {
    const { sender, sentAt } = harness();
    await Promise.all(
      Array.from({ length: 10 }, (_, c) => Array.from({ length: 7 }, (_, i) => sender.send(channelAddress('http://unused/', 100 + c), { text: `${c}-${i}` }))).flat(),
    );
    expect(sentAt).toHaveLength(70);
    expect(maxInWindow(sentAt.map((s) => s.at), 1_000)).toBeLessThanOrEqual(30);
    for (let c = 0; c < 10; c++) {
      const mine = sentAt.filter((s) => s.conversation === `19:proactive-${100 + c}@thread.tacv2`).map((s) => s.at);
      expect(maxInWindow(mine, 1_000)).toBeLessThanOrEqual(7);
    }
  });

  it('honours Retry-After in its back-off', async () => {
    const { sender, time } = harness({ failFirst: 1 });
    await sender.send(channelAddress('http://unused/', 200), { text: 'x' });
    expect(time()).toBeGreaterThanOrEqual(2_000);
  });

  it('close() rejects what it could not deliver in time, and refuses new messages', async () => {
    let release: () => void = () => {};
    const transport: ConversationTransport = {
      send: () => new Promise((resolve) => (release = () => resolve({ id: 'late' }))),
      async update() {},
    };
    const sender = new ProactiveSender({ transport, logger: silentLogger() });
    const first = sender.send(channelAddress('http://unused/', 300), { text: 'a' });
    const second = sender.send(channelAddress('http://unused/', 300), { text: 'b' });
    await sender.close(50);
    await expect(second).rejects.toMatchObject({ reason: 'shutdown' });
    await expect(sender.send(channelAddress('http://unused/', 300), { text: 'c' })).rejects.toMatchObject({ reason: 'shutdown' });
    release();
    await expect(first).resolves.toEqual({ id: 'late' });
  });
});
