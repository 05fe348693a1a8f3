import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { FixedClock } from '../../src/domain/ports.js';
import { silentLogger } from '../../src/logger.js';
import { partitionKey, tenantPrefix } from '../../src/store/document-store.js';
import { storedItem } from '../helpers/stored-item.js';
import { createTabAuthenticator } from '../../src/tab/api/auth.js';
import { buildTab } from '../../scripts/build-tab.js';
import { createBotAuthentication } from '../../src/teams/adapter.js';
import { RosterMembership } from '../../src/teams/membership.js';
import { BotConnectorTransport } from '../../src/teams/proactive.js';
import { message, OTHER_TENANT, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { startCoreTeamBot, type TestBot } from '../helpers/test-app.js';
import { CHANNEL_KEY, SEED_NOW, seedCoreTeam, type Seeded } from '../helpers/tab-seed.js';

/**
 * The tab's API over HTTP against the real bot and store, with data made through real bot turns.
 * Part one runs in local mode (the dev identity); part two with an app id, Teams SSO tokens signed by a test key
 * and membership asked from the (recording) Teams connector.
 */

type Bot = TestBot & { clock: FixedClock };
type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

async function call(bot: Bot, path: string, options: { token?: string; method?: string; body?: unknown; lang?: string } = {}) {
  const response = await fetch(`${bot.url}${path}`, {
    method: options.method ?? 'GET',
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      'accept-language': options.lang ?? 'sv-SE',
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const type = response.headers.get('content-type') ?? '';
  // CSV stays bytes: text() would swallow the byte order mark Excel needs.
  const body = type.includes('json') ? await response.json() : type.includes('svg') || type.includes('text/html') ? await response.text() : Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, body: body as any };
}

describe('Tab API in local mode (dev identity)', () => {
  let bot: Bot;
  let seeded: Seeded;

  let staticDir: string;

  beforeAll(async () => {
    // The client is built into a folder of this test's own (other test files build dist/tab at the same time).
    staticDir = await mkdtemp(join(tmpdir(), 'shk-tab-static-'));
    await buildTab({ outDir: staticDir });
    bot = await startCoreTeamBot({ env: { DEV_TENANT_ID: TENANT }, overrides: { tabStaticDir: staticDir } });
    seeded = await seedCoreTeam(bot);
  }, 60_000);
  afterAll(async () => {
    await bot.stop();
    await rm(staticDir, { recursive: true, force: true });
  });

  it('GET /api/tab/me: the dev identity, clearly marked, sees the channel by its team and channel name', async () => {
    const { status, body, headers } = await call(bot, '/api/tab/me');
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(body.user).toMatchObject({ tenantId: TENANT, dev: true });
    expect(body.locale).toBe('sv');
    expect(body.conversations).toContainEqual({ key: CHANNEL_KEY, kind: 'channel', title: 'Core Team Äldre › Allmänt' });
    expect(body.organisations.map((o: any) => o.name)).toEqual(['Västerås stad', 'Eskilstuna kommun', 'Mälardalens universitet', 'Samhällskontraktet']);
  });

  it('GET /api/tab/items: every item of the channel, overdue first, with organisation, meeting and due label', async () => {
    const { status, body } = await call(bot, `/api/tab/items?conversation=${encodeURIComponent(CHANNEL_KEY)}`);
    expect(status).toBe(200);
    expect(body.today).toBe('2024-03-04');
    const byId = new Map(body.items.map((item: any) => [item.id, item]));
    const kpr: any = byId.get(seeded.items.kpr);
    expect(kpr).toMatchObject({ status: 'open', overdue: true, due: { date: '2024-02-28', label: 'ons 28 februari' } });
    // Christine is "Christine Wäneskog, Västerås stad" in the minutes saved in the same channel.
    expect(kpr.assignees).toEqual([{ key: PEOPLE.christine.aadObjectId, name: 'Christine Wäneskog', organisation: 'vasteras' }]);
    const workshop: any = byId.get(seeded.items.workshop);
    expect(workshop).toMatchObject({ overdue: false, assignees: [{ name: 'Johan Lindström', organisation: 'eskilstuna' }] });
    const fromMinutes = body.items.filter((item: any) => item.meeting);
    expect(fromMinutes.length).toBeGreaterThan(0);
    expect(fromMinutes[0].meeting).toMatchObject({ id: seeded.meetingId, title: 'Core Team möte, 27 februari', date: '2024-02-27' });
    const ranks = body.items.map((item: any) => (item.status === 'done' ? 3 : item.overdue ? 0 : item.due ? 1 : 2));
    expect(ranks).toEqual([...ranks].sort());
  });

  it('labels follow Accept-Language: English dates and organisation names', async () => {
    const items = await call(bot, '/api/tab/items', { lang: 'en-GB,en;q=0.9' });
    expect(items.body.items.find((item: any) => item.id === seeded.items.kpr).due.label).toBe('Wed 28 February');
    const me = await call(bot, '/api/tab/me', { lang: 'en-US' });
    expect(me.body.locale).toBe('en');
    expect(me.body.organisations[0].name).toBe('City of Västerås');
  });

  it('POST complete ticks an item done, updates its card in the channel; reopen undoes it', async () => {
    const before = (await call(bot, '/api/tab/items')).body.items.find((item: any) => item.id === seeded.items.ensamhetspengen);
    bot.connector.clear();
    const done = await call(bot, `/api/tab/items/${seeded.items.ensamhetspengen}/complete`, { method: 'POST', body: { revision: before.revision } });
    expect(done.status).toBe(200);
    expect(done.body.item).toMatchObject({ status: 'done', overdue: false, revision: before.revision + 1 });
    const stored = (await storedItem(bot.app.store, TENANT, seeded.items.ensamhetspengen));
    expect(stored.status).toBe('done');
    // The item's own card in the channel shows it done too.
    await bot.connector.waitFor((calls) => calls.some((c) => c.kind === 'update'));
    expect(bot.connector.updates.at(-1)!.activityId).toBe(stored.card.activityId);

    const reopened = await call(bot, `/api/tab/items/${seeded.items.ensamhetspengen}/reopen`, { method: 'POST', body: { revision: before.revision + 1 } });
    expect(reopened.body.item.status).toBe('open');
  });

  it('a stale revision gets 409 and changes nothing; bad input 400; an unknown item 404', async () => {
    const item = (await call(bot, '/api/tab/items')).body.items.find((i: any) => i.id === seeded.items.workshop);
    const stale = await call(bot, `/api/tab/items/${item.id}/complete`, { method: 'POST', body: { revision: item.revision - 1 } });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toEqual({ code: 'conflict', message: 'Någon annan ändrade uppgiften samtidigt. Listan visar nu det senaste läget.' });
    for (const body of [{}, { revision: 'två' }, { revision: -1 }]) {
      const bad = await call(bot, `/api/tab/items/${item.id}/complete`, { method: 'POST', body });
      expect(bad.status).toBe(400);
    }
    expect((await call(bot, '/api/tab/items/no-such-item/complete', { method: 'POST', body: { revision: 0 } })).status).toBe(404);
    const after = (await storedItem(bot.app.store, TENANT, item.id));
    expect(after).toMatchObject({ status: 'open', revision: item.revision });
  });

  it('GET /api/tab/initiatives: phase, latest means with min–max spread per criterion', async () => {
    const { status, body } = await call(bot, '/api/tab/initiatives');
    expect(status).toBe(200);
    expect(body.criteriaSets.find((s: any) => s.id === 'standard').criteria.map((c: any) => c.label)).toContain('Invånarnytta');
    const maltider = body.initiatives.find((i: any) => i.id === seeded.initiatives.maltider);
    expect(maltider).toMatchObject({ name: 'Måltider och möten', phaseLabel: expect.any(String), latest: { answers: 3 } });
    expect(maltider.latest.criteria.find((c: any) => c.criterionId === 'citizenValue')).toEqual({ criterionId: 'citizenValue', label: 'Invånarnytta', mean: 4, min: 3, max: 5 });
    // (4 + 3.3 + 4.3 + 3.7 + 4.3) / 5, stored with one decimal like the result card shows it.
    expect(maltider.latest.overallMean).toBe(3.9);
  });

  it('GET /api/tab/radar.svg compares initiatives (1–5) in one SVG; more, unknown or none is refused', async () => {
    const svg = await call(bot, `/api/tab/radar.svg?initiatives=${seeded.initiatives.maltider},${seeded.initiatives.angsgardet}&theme=dark`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');
    expect(svg.body).toContain('Måltider och möten');
    expect(svg.body).toContain('Ängsgärdet');
    const one = await call(bot, `/api/tab/radar.svg?initiative=${seeded.initiatives.maltider}`);
    expect(one.status).toBe(200);
    const six = Array(6).fill(seeded.initiatives.maltider).join(',');
    expect((await call(bot, `/api/tab/radar.svg?initiatives=${six}`)).body.error.message).toBe('Välj mellan ett och 5 initiativ att jämföra.');
    expect((await call(bot, '/api/tab/radar.svg?initiatives=nope')).status).toBe(404);
    expect((await call(bot, '/api/tab/radar.svg')).status).toBe(400);
  });

  it('GET /api/tab/meetings: the archive with decisions and to-dos linked to their items; search is accent-insensitive', async () => {
    const { status, body } = await call(bot, `/api/tab/meetings?conversation=${encodeURIComponent(CHANNEL_KEY)}`);
    expect(status).toBe(200);
    expect(body.meetings).toHaveLength(1);
    const meeting = body.meetings[0];
    expect(meeting).toMatchObject({ id: seeded.meetingId, title: 'Core Team möte, 27 februari', dateLabel: 'tis 27 februari', kindLabel: 'Core Team-möte' });
    expect(meeting.participants).toContainEqual({ name: 'Johan Lindström', organisation: 'eskilstuna' });
    expect(meeting.decisions.length).toBeGreaterThan(0);
    const linked = meeting.todos.filter((todo: any) => todo.item);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked[0].item).toMatchObject({ status: 'open', overdue: expect.any(Boolean) });

    expect((await call(bot, '/api/tab/meetings?q=ENSAMHETSPENGEN')).body.meetings).toHaveLength(1);
    expect((await call(bot, '/api/tab/meetings?q=Wameskog')).body.meetings).toHaveLength(0);
    expect((await call(bot, '/api/tab/meetings?q=Waneskog')).body.meetings).toHaveLength(1);
    expect((await call(bot, '/api/tab/meetings?q=kolonilott')).body.meetings).toHaveLength(0);
  });

  it('exports: CSV for Swedish Excel (BOM, semicolons) and XLSX that opens with the same rows', async () => {
    const csv = await call(bot, '/api/tab/export/items.csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-disposition')).toContain('shk-uppgifter-2024-03-04.csv');
    expect([...(csv.body as Buffer).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = (csv.body as Buffer).subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('Uppgift;Ansvariga;Organisation;Senast;Status;Möte;Kanal/chatt;Skapad av;Skapad;Klar datum;Markerad som klar av');
    expect(lines.some((line) => line.startsWith('Tar fram underlag till KPR;Christine Wäneskog;Västerås stad;2024-02-28;Försenad'))).toBe(true);
    const items = (await call(bot, '/api/tab/items')).body.items;
    expect(lines).toHaveLength(items.length + 1);

    const xlsx = await call(bot, '/api/tab/export/items.xlsx');
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe('Uppgifter');
    expect(sheet.rowCount).toBe(items.length + 1);

    const rounds = await call(bot, '/api/tab/export/rounds.xlsx', { lang: 'en' });
    const roundsBook = new ExcelJS.Workbook();
    await roundsBook.xlsx.load(rounds.body);
    const roundSheet = roundsBook.worksheets[0]!;
    expect(roundSheet.getRow(1).values).toContain('Criterion');
    expect(roundSheet.rowCount).toBe(1 + 2 * 5);
    const roundsCsv = await call(bot, '/api/tab/export/rounds.csv');
    expect(roundsCsv.body.toString('utf8')).toContain('Måltider och möten;');
    expect((await call(bot, '/api/tab/export/secrets.csv')).status).toBe(404);
  });

  it('the static client route serves only files of the built folder', async () => {
    for (const path of ['/tab/..%2Fpackage.json', '/tab/.env', '/tab/nothing.js']) {
      expect((await call(bot, path)).status).toBe(404);
    }
  });

  it('the client is served gzipped with an ETag (304 when unchanged); pages may be framed by Teams only', async () => {
    const redirect = await fetch(`${bot.url}/tab?view=items`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/tab/?view=items');
    const page = await fetch(`${bot.url}/tab/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain('frame-ancestors');
    expect(page.headers.get('content-security-policy')).toContain('https://teams.microsoft.com');
    // fetch asks for gzip and unpacks it: the bundle arrives whole, and smaller on the wire.
    const script = await fetch(`${bot.url}/tab/main.js`);
    expect(script.headers.get('content-encoding')).toBe('gzip');
    const text = await script.text();
    const raw = await import('node:http').then(
      (http) =>
        new Promise<{ length: number; etag: string }>((resolve, reject) => {
          http.get(`${bot.url}/tab/main.js`, { headers: { 'accept-encoding': 'identity' } }, (res) => {
            let length = 0;
            res.on('data', (chunk: Buffer) => (length += chunk.length)).on('end', () => resolve({ length, etag: String(res.headers.etag) })).on('error', reject);
          });
        }),
    );
    expect(raw.length).toBe(Buffer.byteLength(text));
    const etag = script.headers.get('etag')!;
    expect(raw.etag).toBe(etag);
    const again = await fetch(`${bot.url}/tab/main.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('GET /api/tab/initiatives: a criterion scored by one person has no spread (the tab shows "–")', async () => {
    const at = where.channel();
    const serviceUrl = bot.connector.url;
    const sentBefore = bot.connector.sent.length;
    await bot.post(message(`bedöm Ensam bedömning <at>${PEOPLE.anne.name}</at>`, { serviceUrl, from: PEOPLE.petra, at, mentionBot: true, mentions: [PEOPLE.anne] }));
    const choice = bot.connector.sent.slice(sentBefore).map((c) => c.body.attachments?.[0]?.content).find((card) => JSON.stringify(card ?? {}).includes('"create":"new"'));
    const create = choice.body.flatMap((e: any) => e.actions ?? []).find((a: any) => a.data?.create === 'new');
    const post = (verb: string, data: Record<string, unknown>, from: { id: string; name: string; aadObjectId?: string } = PEOPLE.petra) =>
      bot.post({ ...message('', { serviceUrl, from, at }), type: 'invoke', name: 'adaptiveCard/action', text: undefined, value: { action: { type: 'Action.Execute', verb, data } } });
    await post('round.start', { ...create.data, focusArea: 'other', phase: 'idea' });
    const round = (await bot.app.store.container<any>('rounds').query(partitionKey(TENANT))).find((r: any) => r.initiativeName === 'Ensam bedömning');
    await post('round.submit', { roundId: round.id, score_citizenValue: '4', score_partnership: '4', score_innovation: '3', score_sustainability: '5', score_focusAreaFit: '2' }, PEOPLE.anne);
    await post('round.closeConfirmed', { roundId: round.id });
    const { body } = await call(bot, '/api/tab/initiatives');
    const single = body.initiatives.find((i: any) => i.name === 'Ensam bedömning');
    expect(single.latest.answers).toBe(1);
    expect(single.latest.criteria.find((c: any) => c.criterionId === 'citizenValue')).toEqual({ criterionId: 'citizenValue', label: 'Invånarnytta', mean: 4 });
  });
});

describe('Tab API with Teams SSO (app id configured)', () => {
  const APP_ID = '6a4b1c2d-0000-4000-8000-00000000b0b0';
  const APP_ID_URI = `api://shk.example.org/${APP_ID}`;
  let bot: Bot;
  let seeded: Seeded;
  let dataDir: string;
  let sign: (claims: Record<string, unknown>, options?: { key?: PrivateKey; kid?: string }) => Promise<string>;
  let strangerKey: PrivateKey;

  const stranger = { aadObjectId: '00000000-0000-4000-8000-00000000dead', name: 'Utomstående Person' };
  const claimsFor = (person: { aadObjectId: string; name: string }, tenant = TENANT) => ({
    tid: tenant,
    oid: person.aadObjectId,
    name: person.name,
    scp: 'access_as_user',
    aud: APP_ID_URI,
    iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
  });
  const tokenFor = (person: { aadObjectId: string; name: string }, tenant = TENANT) => sign(claimsFor(person, tenant));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'shk-tab-sso-'));
    // Data made in local mode, then the same store served with an app id.
    const local = await startCoreTeamBot({ dataDir });
    seeded = await seedCoreTeam(local);
    // Petra's personal chat with the bot.
    await local.post(message('hjälp', { serviceUrl: local.connector.url, from: PEOPLE.petra, at: where.personal(PEOPLE.petra) }));
    await local.stop();

    const { publicKey, privateKey } = await generateKeyPair('RS256');
    strangerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    const clock = new FixedClock(SEED_NOW);
    sign = async (claims, options = {}) => {
      const { aud, iss, ...rest } = claims;
      const now = Math.floor(clock.now().getTime() / 1000);
      return new SignJWT(rest)
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'test-key', typ: 'JWT' })
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(typeof rest.exp === 'number' ? rest.exp : now + 3600)
        .setAudience(aud as string)
        .setIssuer(iss as string)
        .sign(options.key ?? privateKey);
    };
    const env = { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MicrosoftAppType: 'MultiTenant', PUBLIC_BASE_URL: 'https://shk.example.org' };
    const config = loadConfig({ PORT: '0', DATA_DIR: dataDir, ...env });
    expect(config.tab.appIdUri).toBe(APP_ID_URI);
    // Membership is asked from the recording connector like from Teams, without Bot Framework credentials.
    const unauthenticated = new BotConnectorTransport(createBotAuthentication(loadConfig({ PORT: '0', LOCAL_MODE: 'true' })), undefined);
    bot = await startCoreTeamBot({
      dataDir,
      env,
      now: SEED_NOW,
      overrides: {
        tabAuthenticator: createTabAuthenticator(config, clock, { keys: createLocalJWKSet({ keys: [jwk] }) }),
        tabMembership: new RosterMembership(unauthenticated, silentLogger()),
      },
    });
    // Teams' service URL is the new connector's now (the bot refreshes it on the next activity from Teams).
    const conversations = bot.app.store.container<any>('conversations');
    for (const conversation of await conversations.query(partitionKey(TENANT))) {
      await conversations.upsert({ ...conversation, serviceUrl: bot.connector.url });
    }
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('every endpoint answers 401 without a token, with WWW-Authenticate, and reads nothing', async () => {
    const endpoints: Array<[string, string]> = [
      ['GET', '/api/tab/me'],
      ['GET', '/api/tab/items'],
      ['POST', `/api/tab/items/${seeded.items.kpr}/complete`],
      ['POST', `/api/tab/items/${seeded.items.kpr}/reopen`],
      ['GET', '/api/tab/initiatives'],
      ['GET', `/api/tab/radar.svg?initiatives=${seeded.initiatives.maltider}`],
      ['GET', '/api/tab/meetings'],
      ['GET', '/api/tab/export/items.csv'],
      ['GET', '/api/tab/export/rounds.xlsx'],
    ];
    for (const [method, path] of endpoints) {
      const response = await call(bot, path, { method, ...(method === 'POST' ? { body: { revision: 1 } } : {}) });
      expect(response.status, `${method} ${path}`).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(response.body.error.code).toBe('unauthenticated');
    }
    const kpr = (await storedItem(bot.app.store, TENANT, seeded.items.kpr));
    expect(kpr.status).toBe('open');
  });

  it('tokens that are not ours are refused: wrong audience, issuer, key, expired, no scope, no tenant', async () => {
    const base = claimsFor(PEOPLE.christine);
    const bad = [
      await sign({ ...base, aud: 'api://someone-else/123' }),
      await sign({ ...base, iss: 'https://login.microsoftonline.com/00000000-0000-4000-8000-000000000bad/v2.0' }),
      await sign(base, { key: strangerKey }),
      await sign({ ...base, exp: Math.floor(Date.parse(SEED_NOW) / 1000) - 3600 }),
      await sign({ ...base, scp: 'User.Read' }),
      await sign({ ...base, tid: undefined }),
      'not.a.jwt',
    ];
    for (const token of bad) expect((await call(bot, '/api/tab/me', { token })).status).toBe(401);
    // v1 tokens (sts.windows.net issuer, app id as audience) are as good as v2.
    const v1 = await sign({ ...base, aud: APP_ID, iss: `https://sts.windows.net/${TENANT}/` });
    expect((await call(bot, '/api/tab/me', { token: v1 })).status).toBe(200);
  });

  it('a team member sees the channel and its data', async () => {
    const token = await tokenFor(PEOPLE.christine);
    const me = await call(bot, '/api/tab/me', { token });
    expect(me.body.user).toEqual({ name: 'Christine Wäneskog', tenantId: TENANT, aadObjectId: PEOPLE.christine.aadObjectId, dev: false });
    expect(me.body.conversations.map((c: any) => c.key)).toEqual([CHANNEL_KEY]);
    const items = await call(bot, `/api/tab/items?conversation=${encodeURIComponent(CHANNEL_KEY)}`, { token });
    expect(items.status).toBe(200);
    expect(items.body.items.length).toBeGreaterThan(3);
  });

  it('someone of the tenant who is not in the team gets 403 for the channel and sees no conversations', async () => {
    const token = await tokenFor(stranger);
    expect((await call(bot, '/api/tab/me', { token })).body.conversations).toEqual([]);
    for (const path of ['/api/tab/items', '/api/tab/meetings', '/api/tab/export/items.xlsx']) {
      const response = await call(bot, `${path}?conversation=${encodeURIComponent(CHANNEL_KEY)}`, { token });
      expect(response.status, path).toBe(403);
      expect(response.body.error.message).toBe('Här visas bara kanaler och chattar där SHK-boten är tillagd och där du själv är med.');
    }
    expect((await call(bot, '/api/tab/items', { token })).body.items).toEqual([]);
    const complete = await call(bot, `/api/tab/items/${seeded.items.kpr}/complete`, { token, method: 'POST', body: { revision: 1 } });
    expect(complete.status).toBe(403);
    expect(((await storedItem(bot.app.store, TENANT, seeded.items.kpr))).status).toBe('open');
  });

  it("another tenant's user gets 403 for this tenant's channel and never sees its items, meetings or initiatives", async () => {
    const token = await tokenFor(PEOPLE.christine, OTHER_TENANT);
    const items = await call(bot, `/api/tab/items?conversation=${encodeURIComponent(CHANNEL_KEY)}`, { token });
    expect(items.status).toBe(403);
    expect((await call(bot, `/api/tab/meetings?conversation=${encodeURIComponent(CHANNEL_KEY)}`, { token })).status).toBe(403);
    expect((await call(bot, '/api/tab/me', { token })).body.conversations).toEqual([]);
    expect((await call(bot, '/api/tab/initiatives', { token })).body.initiatives).toEqual([]);
    expect((await call(bot, `/api/tab/radar.svg?initiatives=${seeded.initiatives.maltider}`, { token })).status).toBe(404);
    // An item id from the other tenant is unknown here: nothing is revealed or changed.
    const complete = await call(bot, `/api/tab/items/${seeded.items.kpr}/complete`, { token, method: 'POST', body: { revision: 1 } });
    expect(complete.status).toBe(404);
    expect(((await storedItem(bot.app.store, TENANT, seeded.items.kpr))).status).toBe('open');
  });

  it('a personal chat is visible to its own user only', async () => {
    const petra = await call(bot, '/api/tab/me', { token: await tokenFor(PEOPLE.petra) });
    expect(petra.body.conversations.map((c: any) => c.kind).sort()).toEqual(['channel', 'personal']);
    const personalKey = petra.body.conversations.find((c: any) => c.kind === 'personal').key;
    const christine = await call(bot, `/api/tab/items?conversation=${encodeURIComponent(personalKey)}`, { token: await tokenFor(PEOPLE.christine) });
    expect(christine.status).toBe(403);
  });

  it('a member ticks an item done from the tab; the change is recorded as theirs', async () => {
    const token = await tokenFor(PEOPLE.johan);
    const items = await call(bot, `/api/tab/items?conversation=${encodeURIComponent(CHANNEL_KEY)}`, { token });
    const item = items.body.items.find((i: any) => i.id === seeded.items.workshop);
    const done = await call(bot, `/api/tab/items/${item.id}/complete`, { token, method: 'POST', body: { revision: item.revision } });
    expect(done.status).toBe(200);
    expect(done.body.item).toMatchObject({ status: 'done', completedBy: 'Johan Lindström' });
    const stored = (await storedItem(bot.app.store, TENANT, item.id));
    expect(stored.completedBy).toEqual({ aadObjectId: PEOPLE.johan.aadObjectId, name: 'Johan Lindström' });
  });
});
