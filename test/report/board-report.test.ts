import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionKey } from '../../src/store/document-store.js';
import { REPORT_LINKS_CONTAINER } from '../../src/store/report-link-repository.js';
import { message, OTHER_TENANT, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { cardOf, cardText } from '../helpers/card-text.js';
import { seedCoreTeam, type Seeded } from '../helpers/tab-seed.js';
import { startCoreTeamBot, type TestBot } from '../helpers/test-app.js';
import type { FixedClock } from '../../src/domain/ports.js';
import { cardProblems } from '../helpers/validate-card.js';
import { openDocx } from '../helpers/docx.js';

/**
 * "@SHK-boten rapport" through POST /api/messages on a Core Team's month made through real turns (tab-seed.ts):
 * the card the channel receives, its download link, and the Word file behind it opened part by part.
 */

type Bot = TestBot & { clock: FixedClock };

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('Petra asks for the board report in the Core Team channel', () => {
  let bot: Bot;
  let seeded: Seeded;
  const channel = where.channel('1709030000000');

  beforeAll(async () => {
    // DEV_TENANT_ID: the tab's local-mode test user is in this tenant (the button test at the end).
    bot = await startCoreTeamBot({ env: { DEV_TENANT_ID: TENANT } });
    seeded = await seedCoreTeam(bot);
  }, 60_000);
  afterAll(() => bot?.stop());

  const say = async (text: string, at = channel, from = PEOPLE.petra) => {
    const before = bot.connector.sent.length;
    const response = await bot.post(message(text, { serviceUrl: bot.connector.url, from, at, mentionBot: at !== where.personal(from) }));
    expect(response.status).toBe(200);
    return bot.connector.sent.slice(before);
  };
  const links = () => bot.app.store.container<any>(REPORT_LINKS_CONTAINER).query(partitionKey(TENANT));

  it('"rapport": a card for everyone in the channel with a link to a .docx that holds the month', async () => {
    const [reply] = await say('rapport');
    const card = cardOf(reply!.body);
    expect(cardProblems(card)).toEqual([]);
    const text = cardText(card);
    // No board meeting is saved: the last three months.
    expect(text).toContain('Processledarrapporten för 5 december 2023–4 mars 2024 är klar');
    expect(text).toContain('Alla här kan öppna länken');
    const facts = Object.fromEntries(card.body.find((e: any) => e.type === 'FactSet').facts.map((f: any) => [f.title, f.value]));
    expect(facts).toEqual({ Initiativ: '2', Beslut: expect.any(String), 'Försenade uppgifter': expect.any(String) });
    expect(Number(facts['Försenade uppgifter'])).toBeGreaterThanOrEqual(1);
    const open = card.actions.find((a: any) => a.type === 'Action.OpenUrl');
    expect(open.url).toMatch(new RegExp(`^${bot.url.replace('127.0.0.1', 'localhost').replace(/:\d+$/, '')}.*/reports/${TENANT}/[0-9a-f]{32}\\.docx$`.replace('http://localhost', 'http://(localhost|127\\.0\\.0\\.1)')));

    const response = await fetch(open.url.replace(/^http:\/\/[^/]+/, bot.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-disposition')).toContain('Processledarrapport-2023-12-05-2024-03-04.docx');
    const { text: doc, xml, media } = await openDocx(Buffer.from(await response.arrayBuffer()));

    // Sections, in order.
    const order = ['Processledarrapport', 'Sammanfattning', 'Initiativ per fokusområde', 'Beslut under perioden', 'Uppgifter per organisation', 'Försenade uppgifter', 'Kommande datum'];
    let from = 0;
    for (const heading of order) {
      const found = doc.indexOf(heading, from);
      expect(found, heading).toBeGreaterThanOrEqual(0);
      from = found + heading.length;
    }
    expect(doc).toContain('Core Team Äldre › Allmänt');

    // Figures: each initiative's latest mean, spread and the criteria (seed scores, see tab-seed.ts).
    expect(doc).toContain('Måltider och möten');
    expect(doc).toContain('Medelvärde 3,9 av 5'); // (4 + 3,3 + 4,3 + 3,7 + 4,3) / 5
    expect(doc).toContain('Ängsgärdet');
    expect(doc).toContain('Medelvärde 3,1 av 5');
    expect(doc).toContain('Invånarnytta: 4,0 (3–5)');
    expect(doc).toContain('Spridning 2–5');
    expect(doc).toContain('Första bedömningen');
    expect(doc).toContain('2 bedömningsrundor avslutade under perioden, för 2 initiativ.');
    expect(doc).toContain('Högst bedömt under perioden: Måltider och möten, 3,9 av 5.');

    // Decisions of the saved minutes, under their meeting.
    const [meeting] = await bot.app.store.container<any>('meetings').query(partitionKey(TENANT));
    expect(meeting.decisions.length).toBeGreaterThan(0);
    expect(doc).toContain(meeting.title);
    for (const decision of meeting.decisions) expect(doc).toContain(decision);

    // Att-göra per organisation: the four partners in the table; Christine's KPR material is overdue, with owner and date.
    for (const organisation of ['Västerås stad', 'Eskilstuna kommun', 'Mälardalens universitet', 'Samhällskontraktet']) expect(doc).toContain(organisation);
    expect(doc).toMatch(/Tar fram underlag till KPR – Christine Wäneskog, skulle vara klart 28 februari \(\d+ dagar sedan\)/i);

    // Images: a radar per evaluated initiative and the att-göra chart, every one a real PNG referenced by the text.
    expect(media).toHaveLength(3);
    for (const part of media) {
      expect(part.bytes.subarray(0, 8).equals(PNG)).toBe(true);
      expect(part.bytes.length).toBeGreaterThan(5_000);
    }
    expect((xml.match(/<w:drawing>/g) ?? []).length).toBe(3);
    expect(xml).toContain('descr="Spindeldiagram för Måltider och möten: medelvärde per kriterium, 1–5"');
    expect(xml).toContain('descr="Stapeldiagram: uppgifter per organisation');
    // Colour only with meaning: the overdue marks are red.
    expect(xml).toContain('w:color w:val="C62828"');
    expect(seeded.initiatives.maltider).toBeTruthy();
  });

  it('"rapport från 1 februari till 29 februari": the period asked for; "rapport från blaha" explains and stores no link', async () => {
    const [reply] = await say('rapport från 1 februari till 29 februari');
    expect(cardText(cardOf(reply!.body))).toContain('1 februari 2024–29 februari 2024');
    const before = (await links()).length;
    const [bad] = await say('rapport från blaha');
    expect(bad!.body.text).toContain('Jag förstod inte datumet ”blaha”');
    const [backwards] = await say('rapport från 20 februari till 1 februari');
    expect(backwards!.body.text).toContain('Slutdatumet 2024-02-01 ligger före startdatumet 2024-02-20');
    const [future] = await say('rapport från 2030-01-01');
    expect(future!.body.text).toContain('kan inte börja i framtiden');
    expect((await links()).length).toBe(before);
  });

  it('the link works for 15 minutes, then 404; another tenant or a forged token is 404', async () => {
    const [reply] = await say('report');
    const url = cardOf(reply!.body).actions[0].url.replace(/^http:\/\/[^/]+/, bot.url);
    expect((await fetch(url)).status).toBe(200);
    expect((await fetch(url.replace(`/reports/${TENANT}/`, `/reports/${OTHER_TENANT}/`))).status).toBe(404);
    expect((await fetch(url.replace(/[0-9a-f]{32}\.docx$/, `${'0'.repeat(32)}.docx`))).status).toBe(404);
    bot.clock.advance(16 * 60_000);
    expect((await fetch(url)).status).toBe(404);
    bot.clock.advance(-16 * 60_000);
  });

  it('in English after "language english": the card and the document are English', async () => {
    await say('language english');
    const [reply] = await say('report');
    const card = cardOf(reply!.body);
    expect(cardText(card)).toContain('The process leader’s report for');
    const { text } = await openDocx(Buffer.from(await (await fetch(card.actions[0].url.replace(/^http:\/\/[^/]+/, bot.url))).arrayBuffer()));
    for (const heading of ['Process leader’s report', 'Summary', 'Initiatives by focus area', 'Decisions in the period', 'Tasks by organisation', 'Coming dates']) expect(text).toContain(heading);
    expect(text).toContain('Mean 3.9 of 5');
    expect(text).not.toContain('Sammanfattning');
    await say('språk svenska');
  });

  it('in her personal chat the report covers the channels she belongs to, and says the link is hers', async () => {
    const [reply] = await say('rapport', where.personal(PEOPLE.petra));
    const card = cardOf(reply!.body);
    expect(cardProblems(card)).toEqual([]);
    // Her personal chat and the channel (Teams' roster says she is a member of its team).
    expect(cardText(card)).toContain('Den bygger på de kanaler och chattar du är med i (2)');
    expect(cardText(card)).toContain('Länken är bara till dig.');
    const { text } = await openDocx(Buffer.from(await (await fetch(card.actions[0].url.replace(/^http:\/\/[^/]+/, bot.url))).arrayBuffer()));
    expect(text).toContain('De kanaler och chattar med SHK-boten som Petra Edoff är med i (2)');
    expect(text).toMatch(/Tar fram underlag till KPR – Christine Wäneskog/i);
  });

  it('Ulf from another organisation\'s tenant gets nothing of this tenant', async () => {
    const [reply] = await say('rapport', where.channel('1709030000000', OTHER_TENANT));
    const card = cardOf(reply!.body);
    const facts = Object.fromEntries(card.body.find((e: any) => e.type === 'FactSet').facts.map((f: any) => [f.title, f.value]));
    expect(facts).toEqual({ Initiativ: '0', Beslut: '0', 'Försenade uppgifter': '0' });
  });

  it('the tab\'s Styrelserapport button: GET /api/tab/export/report.docx for the channel', async () => {
    const response = await fetch(`${bot.url}/api/tab/export/report.docx?conversation=${encodeURIComponent(seeded.channelKey)}`, { headers: { 'accept-language': 'sv-SE' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('.docx');
    const { text, media } = await openDocx(Buffer.from(await response.arrayBuffer()));
    expect(text).toContain('Core Team Äldre › Allmänt');
    expect(media).toHaveLength(3);
    const bad = await fetch(`${bot.url}/api/tab/export/report.docx?conversation=${encodeURIComponent('channel:19:not-mine@thread.tacv2')}`);
    expect(bad.status).toBe(403);
  });
});
