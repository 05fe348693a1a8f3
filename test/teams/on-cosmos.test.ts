import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/domain/ports.js';
import { cardAction, executeActions, installed, message, PEOPLE, where } from '../helpers/activities.js';
import { startCosmosServer, type CosmosTestServer } from '../helpers/cosmos-server.js';
import { cardOf, cardText, startTestBot, type TestBot } from '../helpers/test-app.js';

/**
 * The same bot on the production adapter: @azure/cosmos against @vercel/cosmosdb-server in-process. One walk
 * through every feature, so each query the repositories make is proven on the Cosmos SQL dialect too.
 */
describe('The bot on Cosmos DB (real SDK, cosmosdb-server)', () => {
  let cosmos: CosmosTestServer;
  let bot: TestBot;
  let serviceUrl: string;
  const at = where.channel('1709000000000');

  beforeAll(async () => {
    cosmos = await startCosmosServer();
    const store = await cosmos.appStore('shk-bot-app-test');
    bot = await startTestBot({ overrides: { store, clock: new FixedClock('2024-02-28T09:00:00Z'), roundProgressDelayMs: 20 } });
    serviceUrl = bot.connector.url;
    bot.connector.roster = Object.values(PEOPLE).map((p) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId }));
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await cosmos?.close();
  });

  const say = (text: string, from: any = PEOPLE.petra, mentions: any[] = []) => bot.post(message(text, { serviceUrl, from, at, mentionBot: true, mentions }));
  const click = (verb: string, data: Record<string, unknown>, from: any = PEOPLE.petra) => bot.post(cardAction(verb, data, { serviceUrl, from, at }));
  const lastCard = () => cardOf(bot.connector.sent.at(-1)!.body);

  it('welcomes once, answers help, and reports the store in /healthz', async () => {
    await bot.post(installed({ serviceUrl, from: PEOPLE.petra, at }));
    await bot.post(installed({ serviceUrl, from: PEOPLE.petra, at }));
    expect(bot.connector.sent.filter((c) => cardText(cardOf(c.body)).includes('Hej! Jag är SHK-boten'))).toHaveLength(1);
    const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { store: unknown };
    expect(health.store).toMatchObject({ ok: true, kind: 'cosmos' });
  });

  it('att-göra: create, tick done, list (overdue first) and my tasks', async () => {
    await say('att-göra <at>Petra Edoff</at> skicka mail om ensamhetspengen senast fredag', PEOPLE.marianne, [PEOPLE.petra]);
    const card = lastCard();
    const done = card.actions.find((a: any) => a.verb === 'actionItem.complete');
    await say('att-göra boka lokal senast 2024-03-15', PEOPLE.petra);
    const response = await click('actionItem.complete', done.data);
    expect(cardText(response.body.value)).toContain('Markerad som klar.');
    await say('uppgifter alla');
    const list = cardText(lastCard());
    expect(list).toContain('Boka lokal');
    expect(list).toContain('Skicka mail om ensamhetspengen');
    await bot.post(message('mina uppgifter', { serviceUrl, from: PEOPLE.petra, at: where.personal(PEOPLE.petra) }));
    expect(cardText(lastCard())).toContain('Boka lokal');
  });

  it('an evaluation round: answers, close, result with a chart that is served', async () => {
    await say('bedöm Måltider och möten');
    // A new name: Petra adds it as a new initiative from the card the bot asks with.
    const create = executeActions(lastCard()).find((a) => a.data.create === 'new')!;
    await click(create.verb, { ...create.data, focusArea: 'elderly', phase: 'concept' });
    const roundId = lastCard().refresh.action.data.roundId;
    for (const [person, score] of [[PEOPLE.christine, '4'], [PEOPLE.johan, '5']] as const) {
      const data = Object.fromEntries(['citizenValue', 'partnership', 'innovation', 'sustainability', 'focusAreaFit'].map((id) => [`score_${id}`, score]));
      expect((await click('round.submit', { roundId, ...data }, person)).body.statusCode).toBe(200);
    }
    await say('stäng Måltider och möten');
    const result = lastCard();
    expect(cardText(result)).toContain('4,5');
    const image = result.body.find((e: any) => e.type === 'Image');
    expect((await fetch(`${bot.url}${new URL(image.url).pathname}`)).status).toBe(200);
    await say('initiativ');
    expect(cardText(lastCard())).toContain('Senaste medelvärde 4,5');
  });

  it('a meeting from pasted minutes, then "möten", "beslut" and "uppföljning"', async () => {
    const minutes = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seeds', 'core-team-2024-02-27-minutes.txt'), 'utf8');
    await say(`protokoll\n${minutes}`, PEOPLE.marianne);
    const preview = lastCard();
    const values: Record<string, string> = {};
    JSON.stringify(preview.body, (_k, v) => {
      if (v && typeof v === 'object' && typeof v.type === 'string' && v.type.startsWith('Input.') && v.id) values[v.id] = v.value ?? '';
      return v;
    });
    const saved = await click('meeting.save', { ...preview.actions[0].data, ...values }, PEOPLE.marianne);
    expect(cardText(saved.body.value)).toContain('Mötet är sparat.');
    await say('möten');
    expect(cardText(lastCard())).toContain('Core Team möte, 27 februari');
    await say('beslut budget');
    expect(cardText(lastCard())).toMatch(/budget/i);
    await say('uppföljning');
    expect(cardText(lastCard())).toContain('Uppföljning från Core Team möte, 27 februari');
  });
});
