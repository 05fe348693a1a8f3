import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAction, message, PEOPLE, where } from '../helpers/activities.js';
import { cardOf, cardText } from '../helpers/card-text.js';
import { chooseNewInitiative } from '../helpers/rounds.js';
import { startCoreTeamBot, type TestBot } from '../helpers/test-app.js';
import type { FixedClock } from '../../src/domain/ports.js';
import { MAX_CARD_BYTES } from '../../src/teams/cards.js';
import { toCsv, toXlsx } from '../../src/tab/api/export.js';

/** Hostile and careless input through POST /api/messages: echoed text, names, entities, sizes, shared answers. */

const EVIL_LINK = '[Logga in](https://evil.example/x)';
/** An unescaped markdown link: "[text](" not preceded by a backslash. */
const LIVE_LINK = /(^|[^\\])\[[^\]]*(?<!\\)\]\(/;

describe('Hostile input (hardening)', () => {
  let bot: TestBot & { clock: FixedClock };
  const channel = where.channel('1709000000000');
  const say = (text: string, options: { from?: any; at?: any; entities?: any[] } = {}) => {
    const at = options.at ?? channel;
    const activity = message(text, { serviceUrl: bot.connector.url, from: options.from ?? PEOPLE.petra, at, mentionBot: at === channel });
    if (options.entities) activity.entities = [...activity.entities, ...options.entities];
    return bot.post(activity);
  };
  const lastText = () => String(bot.connector.sent.at(-1)?.body.text ?? '');
  const lastCard = () => cardOf(bot.connector.sent.at(-1)!.body);

  beforeAll(async () => {
    bot = await startCoreTeamBot();
  });
  afterAll(() => bot.stop());

  it('echoed text never becomes a link, in any plain-text reply', async () => {
    for (const command of [`stäng ${EVIL_LINK}`, `${EVIL_LINK} hej`, `initiativ ${EVIL_LINK}`, `möte ${EVIL_LINK}`, `jämför ${EVIL_LINK}, **Chef**`]) {
      const before = bot.connector.sent.length;
      expect((await say(command)).status).toBe(200);
      expect(bot.connector.sent.length, command).toBe(before + 1);
      expect(lastText(), command).toContain('Logga in');
      expect(lastText(), command).not.toMatch(LIVE_LINK);
    }
  });

  it('a display name with markdown and a bidi override shows as plain text under "Skapad av"', async () => {
    const mallory = { id: '29:mallory', name: '[Admin](https://evil.example/n) **Chef** \u202Egpj.exe', aadObjectId: '00000000-0000-4000-8000-00000000e001' };
    await say('att-göra granska \u202Eavtalet\u0000 senast fredag', { from: mallory });
    const card = lastCard();
    const json = JSON.stringify(card);
    expect(json).not.toContain('\u202E');
    expect(json).not.toContain('\\u0000');
    const created = card.body.flatMap((e: any) => e.facts ?? []).find((f: any) => f.title === 'Skapad av');
    expect(created.value).toContain('\\[Admin\\]');
    expect(created.value).not.toMatch(LIVE_LINK);
    expect(created.value).toContain('\\*\\*Chef\\*\\*');
  });

  it('exports drop NUL, control characters and bidi overrides', async () => {
    const table = { name: 'x', headers: ['a'], widths: [10], rows: [['ok\u202Etxt.exe\u0000\u0007']] };
    expect(toCsv(table as any, 'sv').toString('utf8')).toContain('oktxt.exe');
    const xlsx = await toXlsx(table as any);
    expect(xlsx.length).toBeGreaterThan(0);
  });

  it('an entity without type (or null) does not break mention removal: the command still runs', async () => {
    const response = await say('hjälp', { entities: [{ text: 'no type here' }, null, 7, { type: 'mention' }] });
    expect(response.status).toBe(200);
    expect(cardText(lastCard())).not.toContain('Något gick fel');
    expect(JSON.stringify(bot.connector.sent.at(-1)!.body)).not.toContain('Något gick fel');
  });

  it('200 KB commands are refused at once with a clear message and change nothing; /healthz answers meanwhile', async () => {
    const items = async () => (await bot.app.store.container<any>('action-items').queryAcross('')).length;
    const before = await items();
    for (const command of [`bedöm x ${'kl 1 '.repeat(40_000)}`, `möte ${'1 '.repeat(100_000)}`, `påminn oss ${'kl 9 '.repeat(40_000)}`, `att-göra ${'x '.repeat(100_000)}`]) {
      const posting = say(command);
      const health = await fetch(`${bot.url}/healthz`);
      expect(health.status).toBe(200);
      expect((await posting).status).toBe(200);
      expect(lastText()).toContain('Ett kommando får vara högst 2000 tecken');
    }
    expect(await items()).toBe(before);
    expect(await bot.app.store.container<any>('rounds').queryAcross('')).toHaveLength(0);
  });

  it('"protokoll" with 2 000 decision lines gives a preview under Teams\' limit that says what is left out', async () => {
    const minutes = ['Core Team möte 27 februari 2024', 'Beslut:', ...Array.from({ length: 2_000 }, (_, i) => `- Beslut nummer ${i + 1} om måltider och möten`)].join('\n');
    await say(`protokoll\n${minutes}`, { at: where.personal(PEOPLE.petra) });
    const sent = bot.connector.sent.at(-1)!.body;
    expect(JSON.stringify(sent)).not.toContain('Något gick fel');
    const card = cardOf(sent);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(MAX_CARD_BYTES);
    expect(cardText(card)).toMatch(/bara de första \d+ visas och sparas – \d+ till får inte plats/);
  });
});

describe('Private things and everyday paths (hardening)', () => {
  let bot: TestBot & { clock: FixedClock };
  const channel = where.channel('1709000000000');
  const personal = where.personal(PEOPLE.petra);
  const say = (text: string, at: any = channel, from: any = PEOPLE.petra) =>
    bot.post(message(text, { serviceUrl: bot.connector.url, from, at, mentionBot: at === channel }));
  const lastText = () => String(bot.connector.sent.at(-1)?.body.text ?? '');
  const lastCard = () => cardOf(bot.connector.sent.at(-1)!.body);

  beforeAll(async () => {
    bot = await startCoreTeamBot();
  });
  afterAll(() => bot.stop());

  it('"mina uppgifter" in a channel shows only that channel\'s items and says where the full list is', async () => {
    await say('att-göra hemlig sak för mig själv senast fredag', personal);
    await say('att-göra boka lokal senast fredag', channel);
    await say('mina uppgifter', channel);
    const shared = cardText(lastCard());
    expect(shared).toContain('Boka lokal');
    expect(shared).not.toMatch(/hemlig sak/i);
    expect(shared).toContain('Hela listan finns i din personliga chatt med mig och i fliken');
    await say('mina uppgifter', personal);
    const own = cardText(lastCard());
    expect(own).toMatch(/hemlig sak/i);
    expect(own).toContain('Boka lokal');
  });

  it('"jämför Måltider och möten, Ängsgärdet" compares the two initiatives named, not three', async () => {
    for (const name of ['Måltider och möten', 'Ängsgärdet']) {
      const since = bot.connector.sent.length;
      await say(`bedöm ${name}`);
      expect(await chooseNewInitiative(bot, { since, from: PEOPLE.petra, at: channel })).toBe(true);
    }
    await say('jämför Måltider och möten, Ängsgärdet');
    expect(lastText()).not.toContain('Jag hittar inte');
    expect(lastText()).toContain('Det finns inget resultat ännu för: Måltider och möten, Ängsgärdet.');
  });

  it('snoozing an att-göra to a past date says so and changes nothing', async () => {
    await say('att-göra skicka kallelsen senast fredag');
    const card = lastCard();
    const { id, revision } = card.actions.find((a: any) => a.verb === 'actionItem.complete').data;
    const response = await bot.post(cardAction('actionItem.snooze', { id, revision, snoozeDate: '2020-01-01' }, { serviceUrl: bot.connector.url, from: PEOPLE.petra, at: channel }));
    const text = cardText(response.body.value);
    expect(text).toContain('”2020-01-01” har redan varit');
    expect(text).toContain('inget har ändrats');
    expect(text).not.toContain('ingen uppgift skapades');
    const stored = await bot.app.store.container<any>('action-items').queryAcross('');
    expect(stored.find((d: any) => d.id === id)).toMatchObject({ revision, due: { date: '2024-03-01' } });
  });
});
