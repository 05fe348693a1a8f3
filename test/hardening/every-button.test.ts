import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAction, installed, message, PEOPLE, where } from '../helpers/activities.js';
import { cardOf, formValues } from '../helpers/card-text.js';
import { chooseNewInitiative } from '../helpers/rounds.js';
import { startCoreTeamBot, type TestBot } from '../helpers/test-app.js';
import type { FixedClock } from '../../src/domain/ports.js';

/**
 * Every button of every card kind the bot actually posts, pressed as the person who received it, from the card as
 * it was posted (its Action.Execute verb and data plus the card's input values). A refusal the user can act on
 * (not allowed, already done, not found) is fine; "invalid input", "unknown action" or an internal error means the
 * card and its handler disagree, like "Sluta påminna" on every att-göra reminder did.
 */

const MINUTES = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seeds', 'core-team-2024-02-27-minutes.txt'), 'utf8');
const BROKEN = new Set(['invalidInput', 'unknownAction', 'internal']);

interface Button {
  verb: string;
  data: Record<string, unknown>;
  title: string;
  card: any;
  conversationId: string;
}

function buttonsOf(card: any, conversationId: string): Button[] {
  const found: Button[] = [];
  const visit = (node: any) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      if (node.type === 'Action.Execute' && typeof node.verb === 'string') {
        found.push({ verb: node.verb, data: node.data ?? {}, title: String(node.title ?? ''), card, conversationId });
      }
      for (const value of Object.values(node)) visit(value);
    }
  };
  visit(card);
  return found;
}

describe('Every button of every card (hardening)', () => {
  let bot: TestBot & { clock: FixedClock };
  const channel = where.channel('1709000000000');
  const personal = where.personal(PEOPLE.petra);

  beforeAll(async () => {
    bot = await startCoreTeamBot({ now: '2024-02-26T09:00:00Z' });
    const serviceUrl = bot.connector.url;
    const say = (text: string, at = channel, mentions: any[] = []) =>
      bot.post(message(text, { serviceUrl, from: PEOPLE.petra, at, mentionBot: at === channel, mentions }));
    await bot.post(installed({ serviceUrl, from: PEOPLE.petra, at: personal }));
    await bot.post(installed({ serviceUrl, from: PEOPLE.petra, at: channel }));
    await say('hjälp');
    await say('hjälp', personal);
    await say('att-göra <at>Petra Edoff</at> skicka mail om ensamhetspengen senast fredag', channel, [PEOPLE.petra]);
    await say('att-göra boka lokal senast 2024-03-15', personal);
    await say('uppgifter');
    await say('mina uppgifter', personal);
    await say('nytt initiativ Måltider och möten');
    const beforeRound = bot.connector.sent.length;
    await say('bedöm Måltider och möten');
    // A name no initiative has yet: the bot asks first; Petra says it is a new one, and the round card is posted.
    expect(await chooseNewInitiative(bot, { since: beforeRound, from: PEOPLE.petra, at: channel })).toBe(true);
    await say('initiativ');
    await say(`protokoll\n${MINUTES}`);
    await say('påminn oss i morgon kl 10 om KPR-mötet');
    await say('påminnelser');
    await say('mina data', personal);
    await say('språk');
    // Reminders as they are delivered: the att-göra's early and due-day reminders, the custom one.
    for (const at of ['2024-02-27T09:01:00Z', '2024-02-28T08:01:00Z', '2024-03-01T08:01:00Z']) {
      bot.clock.set(at);
      await bot.app.jobs.reminders.runOnce();
    }
  }, 120_000);
  afterAll(() => bot.stop());

  it('each one is accepted by its handler', async () => {
    // Cards the bot sent or updated from position `sent`/`updated` on; pressing a button may post new ones.
    let sent = 0;
    let updated = 0;
    const newButtons = () => {
      const calls = [...bot.connector.sent.slice(sent), ...bot.connector.updates.slice(updated)];
      sent = bot.connector.sent.length;
      updated = bot.connector.updates.length;
      return calls
        .map((call) => ({ card: cardOf(call.body), conversationId: call.conversationId ?? '' }))
        .filter((c) => c.card)
        .flatMap((c) => buttonsOf(c.card, c.conversationId));
    };
    // Breadth first: a press may answer with a card of its own (a form, a confirmation, a person's own view), or
    // post or update a message; their buttons are pressed too.
    const queue = newButtons();
    const seen = new Set<string>();
    const pressed: Button[] = [];
    const broken: string[] = [];
    while (queue.length > 0 && pressed.length < 400) {
      const button = queue.shift()!;
      const key = `${button.conversationId}|${button.verb}|${JSON.stringify(button.data)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      pressed.push(button);
      const at = button.conversationId.startsWith('a:personal-') ? personal : channel;
      const data = { ...formValues(button.card), ...button.data };
      const response = await bot.post(cardAction(button.verb, data, { serviceUrl: bot.connector.url, from: PEOPLE.petra, at }));
      const code = response.body?.value?.code;
      if (response.status !== 200 || (response.body?.type === 'application/vnd.microsoft.error' && BROKEN.has(code))) {
        broken.push(`${button.verb} "${button.title}" ${JSON.stringify(button.data)}: ${response.status} ${code} ${response.body?.value?.message ?? ''}`);
      }
      if (response.body?.type === 'application/vnd.microsoft.card.adaptive') queue.push(...buttonsOf(response.body.value, button.conversationId));
      queue.push(...newButtons());
    }
    const verbs = new Set(pressed.map((b) => b.verb));
    // The scenario really reaches the kinds that matter, including the att-göra reminders.
    for (const verb of ['actionItem.complete', 'actionItem.snooze', 'reminder.stop', 'reminder.snooze', 'round.submit', 'meeting.save']) {
      expect(verbs, `no card offered ${verb}`).toContain(verb);
    }
    expect(broken).toEqual([]);
    expect(pressed.length).toBeGreaterThan(20);
  }, 180_000);
});
