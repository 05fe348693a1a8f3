import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openDocx } from '../helpers/docx.js';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTab } from '../../scripts/build-tab.js';
import { partitionKey, tenantPrefix } from '../../src/store/document-store.js';
import { storedItem } from '../helpers/stored-item.js';
import type { ItemsResponse } from '../../src/tab/shared/api.js';
import { CHANNEL_ID, meetingEvent, message, PEOPLE, TEAM_ID, TENANT, where } from '../helpers/activities.js';
import { seedCoreTeam, type Seeded } from '../helpers/tab-seed.js';
import { startCoreTeamBot, type TestBot } from '../helpers/test-app.js';

/**
 * The tab end to end: the real bot (local mode, dev identity in the test tenant) serves the built client and its
 * API; headless Chromium loads each view, filters, ticks an item done, searches meetings, compares initiatives and
 * downloads an export. Screenshots of every view in light and dark go to screenshots/tab/.
 */

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '..', '..', 'screenshots', 'tab');
const VIEWPORT = { width: 1280, height: 800 };

describe('The Teams tab in a browser', () => {
  let bot: TestBot & { clock: import('../../src/domain/ports.js').FixedClock };
  let seeded: Seeded;
  let browser: Browser;
  let context: BrowserContext;
  let downloads: string;
  let buildMs = 0;
  const external: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: apt-get install chromium (or set CHROMIUM_PATH).`);
    }
    buildMs = (await buildTab()).ms;
    bot = await startCoreTeamBot({ env: { DEV_TENANT_ID: TENANT } });
    seeded = await seedCoreTeam(bot);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({ viewport: VIEWPORT, acceptDownloads: true, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    // Nothing leaves the machine: fonts and anything else not served by the bot are refused.
    await context.route(/^(?!http:\/\/127\.0\.0\.1|blob:|data:)/, (route) => (external.push(route.request().url()), route.abort()));
    downloads = await mkdtemp(join(tmpdir(), 'shk-tab-downloads-'));
    await mkdir(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await bot?.stop();
    if (downloads) await rm(downloads, { recursive: true, force: true });
  });

  /** Opens the tab like a browser outside Teams and waits until `view` has drawn its data. */
  async function open(query: Record<string, string>): Promise<Page> {
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${bot.url}/tab/?${new URLSearchParams(query)}`);
    await page.getByRole('tablist').waitFor();
    expect(errors).toEqual([]);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const itemsApi = async (): Promise<ItemsResponse> => (await fetch(`${bot.url}/api/tab/items?conversation=${encodeURIComponent(seeded.channelKey)}`)).json() as Promise<ItemsResponse>;

  it('builds the client in a couple of seconds', () => {
    expect(buildMs).toBeLessThan(10_000);
  });

  it('Uppgifter: the board shows overdue, open and done items, says it runs with the dev identity, light and dark', async () => {
    for (const theme of ['default', 'dark'] as const) {
      const page = await open({ theme, conversation: seeded.channelKey });
      await expect.poll(() => page.locator(`[data-item-id="${seeded.items.kpr}"]`).count()).toBe(1);
      expect(await page.getByText('Lokalt läge med testidentitet').isVisible()).toBe(true);
      expect(await page.getByRole('tab', { name: 'Uppgifter', selected: true }).count()).toBe(1);
      for (const heading of ['Försenade', 'Öppna', 'Klara']) expect(await page.getByRole('heading', { name: heading, exact: true }).count()).toBe(1);
      // KPR was due 28 February: overdue on Monday 4 March.
      const overdue = page.getByRole('region', { name: /Försenade/ });
      expect(await overdue.locator(`[data-item-id="${seeded.items.kpr}"]`).count()).toBe(1);
      expect(await page.getByRole('region', { name: /Öppna/ }).locator(`[data-item-id="${seeded.items.workshop}"]`).count()).toBe(1);
      await page.close();
    }
  });

  it('filters by person, and "Bara försenade" leaves only the overdue column', async () => {
    const page = await open({ conversation: seeded.channelKey });
    await page.locator(`[data-item-id="${seeded.items.kpr}"]`).waitFor();
    const before = await page.locator('[data-item-id]').count();
    await page.getByRole('combobox', { name: 'Person' }).click();
    await page.getByRole('option', { name: 'Christine Wäneskog' }).click();
    await expect.poll(() => page.locator('[data-item-id]').count()).toBeLessThan(before);
    const cards = await page.locator('[data-item-id]').allInnerTexts();
    expect(cards.length).toBeGreaterThan(0);
    for (const text of cards) expect(text).toContain('Christine Wäneskog');
    expect(await page.locator(`[data-item-id="${seeded.items.workshop}"]`).count()).toBe(0);

    await page.getByRole('switch', { name: 'Bara försenade' }).check();
    expect(await page.getByRole('heading', { name: 'Öppna', exact: true }).count()).toBe(0);
    expect(await page.locator(`[data-item-id="${seeded.items.kpr}"]`).count()).toBe(1);
    await page.getByRole('button', { name: 'Rensa filter' }).click();
    await expect.poll(() => page.locator('[data-item-id]').count()).toBe(before);
    await page.close();
  });

  it('ticking an item done moves it to Klara and stores it; unticking reopens it', async () => {
    const page = await open({ conversation: seeded.channelKey });
    const card = page.locator(`[data-item-id="${seeded.items.kpr}"]`);
    await card.waitFor();
    await card.getByRole('checkbox').click();
    const done = page.getByRole('region', { name: /Klara/ }).locator(`[data-item-id="${seeded.items.kpr}"]`);
    await done.waitFor();
    expect(await done.getByRole('checkbox').isChecked()).toBe(true);
    expect((await itemsApi()).items.find((i) => i.id === seeded.items.kpr)).toMatchObject({ status: 'done', completedBy: expect.any(String) });
    const [stored] = await bot.app.store.container<any>('action-items').queryAcross(tenantPrefix(TENANT), { where: [{ field: 'id', op: '=', value: seeded.items.kpr }] });
    expect(stored.status).toBe('done');

    await done.getByRole('checkbox').click();
    await page.getByRole('region', { name: /Försenade/ }).locator(`[data-item-id="${seeded.items.kpr}"]`).waitFor();
    expect((await itemsApi()).items.find((i) => i.id === seeded.items.kpr)?.status).toBe('open');
    await page.close();
  });

  it('a tick on an item someone else changed meanwhile says so and shows the latest state', async () => {
    const page = await open({ conversation: seeded.channelKey });
    const card = page.locator(`[data-item-id="${seeded.items.workshop}"]`);
    await card.waitFor();
    // Someone completes it through the API while the page still shows the old revision.
    const item = (await itemsApi()).items.find((i) => i.id === seeded.items.workshop)!;
    const response = await fetch(`${bot.url}/api/tab/items/${item.id}/complete`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ revision: item.revision }) });
    expect(response.status).toBe(200);
    await card.getByRole('checkbox').click();
    await page.getByText(/Någon annan hann ändra/).waitFor();
    await page.getByRole('region', { name: /Klara/ }).locator(`[data-item-id="${seeded.items.workshop}"]`).waitFor();
    await page.close();
  });

  it('"Uppdatera" loads what others changed meanwhile', async () => {
    const page = await open({ conversation: seeded.channelKey });
    const id = seeded.items.ensamhetspengen;
    await page.getByRole('region', { name: /Försenade/ }).locator(`[data-item-id="${id}"]`).waitFor();
    const change = async (to: 'complete' | 'reopen') => {
      const item = (await itemsApi()).items.find((i) => i.id === id)!;
      const response = await fetch(`${bot.url}/api/tab/items/${id}/${to}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ revision: item.revision }) });
      expect(response.status).toBe(200);
    };
    await change('complete');
    await page.getByRole('button', { name: 'Uppdatera' }).click();
    await page.getByRole('region', { name: /Klara/ }).locator(`[data-item-id="${id}"]`).waitFor();
    await change('reopen');
    await page.getByRole('button', { name: 'Uppdatera' }).click();
    await page.getByRole('region', { name: /Försenade/ }).locator(`[data-item-id="${id}"]`).waitFor();
    await page.close();
  });

  it('Uppgifter after the ticks (one item done): screenshots in light and dark', async () => {
    for (const theme of ['default', 'dark'] as const) {
      const page = await open({ theme, conversation: seeded.channelKey });
      await page.getByRole('region', { name: /Klara/ }).locator(`[data-item-id="${seeded.items.workshop}"]`).waitFor();
      await shot(page, `items-${theme === 'default' ? 'light' : 'dark'}`);
      await page.close();
    }
  });

  it('exports the items to Excel: the file opens with exceljs and has a row per item', async () => {
    const page = await open({ conversation: seeded.channelKey });
    await page.locator(`[data-item-id="${seeded.items.kpr}"]`).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportera till Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const path = join(downloads, download.suggestedFilename());
    await download.saveAs(path);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const items = (await itemsApi()).items;
    expect(sheet.actualRowCount).toBe(items.length + 1);
    const cells = sheet.getSheetValues().flat().map(String).join(' | ');
    for (const item of items) expect(cells).toContain(item.title);
    await page.close();
  });

  it('"Styrelserapport" downloads the board report of the channel as a Word file with the radars', async () => {
    const page = await open({ conversation: seeded.channelKey });
    await page.locator(`[data-item-id="${seeded.items.kpr}"]`).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Styrelserapport' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^Processledarrapport-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.docx$/);
    const path = join(downloads, download.suggestedFilename());
    await download.saveAs(path);
    const { text, media } = await openDocx(await readFile(path));
    expect(text).toContain('Sammanfattning');
    expect(text).toContain('Måltider och möten');
    expect(media.length).toBe(3); // two radars and the att-göra chart
    await page.close();
  });

  it('Bedömningar: initiatives with phase and latest result; comparing two draws one radar; light and dark', async () => {
    for (const theme of ['default', 'dark'] as const) {
      const page = await open({ theme, view: 'initiatives' });
      const row = page.locator(`[data-initiative-id="${seeded.initiatives.maltider}"]`);
      await row.waitFor();
      expect(await page.getByRole('tab', { name: 'Bedömningar', selected: true }).count()).toBe(1);
      // The first initiative's detail: radar, per-criterion mean and spread.
      const radar = page.getByRole('img', { name: /Spindeldiagram för/ });
      await radar.waitFor();
      await expect.poll(() => radar.evaluate((img: any) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      expect(await page.getByRole('columnheader', { name: 'Spridning' }).count()).toBe(1);

      await page.getByRole('checkbox', { name: 'Jämför Måltider och möten' }).check();
      await page.getByRole('checkbox', { name: 'Jämför Ängsgärdet' }).check();
      await page.getByRole('heading', { name: 'Jämförelse av 2 initiativ' }).waitFor();
      const compare = page.getByRole('img', { name: /jämför de senaste bedömningarna av Måltider och möten, Ängsgärdet/ });
      await compare.waitFor();
      await expect.poll(() => compare.evaluate((img: any) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
      await page.getByRole('heading', { name: 'Jämförelse av 2 initiativ' }).scrollIntoViewIfNeeded();
      await shot(page, `initiatives-${theme === 'default' ? 'light' : 'dark'}`);
      await page.locator('#initiative-heading').evaluate((e: any) => e.scrollIntoView({ block: 'start' }));
      await shot(page, `initiatives-detail-${theme === 'default' ? 'light' : 'dark'}`);
      await page.close();
    }
  });

  it('exports the round results to Excel', async () => {
    const page = await open({ view: 'initiatives' });
    await page.locator(`[data-initiative-id="${seeded.initiatives.maltider}"]`).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Resultat till Excel' }).click()]);
    const path = join(downloads, download.suggestedFilename());
    await download.saveAs(path);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await readFile(path)) as unknown as ArrayBuffer);
    const cells = workbook.worksheets[0]!.getSheetValues().flat().map(String).join(' | ');
    expect(cells).toContain('Måltider och möten');
    expect(cells).toContain('Ängsgärdet');
    await page.close();
  });

  it('Möten: the archive shows the saved meeting with decisions and linked to-dos; search asks the server; light and dark', async () => {
    for (const theme of ['default', 'dark'] as const) {
      const page = await open({ theme, view: 'meetings', conversation: seeded.channelKey });
      const meeting = page.locator(`[data-meeting-id="${seeded.meetingId}"]`);
      await meeting.waitFor();
      await meeting.getByRole('heading', { name: 'Beslut' }).waitFor();
      expect(await meeting.getByRole('heading', { name: /Deltagare/ }).count()).toBe(1);
      expect(await meeting.getByText('Christine Wäneskog').count()).toBeGreaterThan(0);
      expect(await meeting.getByText(/Öppen|Försenad|Klar/).count()).toBeGreaterThan(0);
      await shot(page, `meetings-${theme === 'default' ? 'light' : 'dark'}`);
      await page.close();
    }
    const page = await open({ view: 'meetings', conversation: seeded.channelKey });
    await page.locator(`[data-meeting-id="${seeded.meetingId}"]`).waitFor();
    const searches: string[] = [];
    page.on('request', (request) => request.url().includes('/api/tab/meetings') && searches.push(new URL(request.url()).searchParams.get('q') ?? ''));
    const search = page.getByRole('searchbox', { name: 'Sök i mötena' });
    await search.pressSequentially('budget', { delay: 40 });
    await page.getByText('Ett möte med ”budget”').waitFor();
    await search.fill('fikabröd på månen');
    await page.getByText('Inget möte nämner ”fikabröd på månen”').waitFor();
    expect(await page.locator('[data-meeting-id]').count()).toBe(0);
    // Debounced: one request per pause, not one per key.
    expect(searches).toEqual(['budget', 'fikabröd på månen']);
    await page.close();
  });

  it('fits a 400 px wide tab (a narrow side panel or a phone): nothing scrolls sideways, in every view', async () => {
    const narrow = await browser.newContext({ viewport: { width: 400, height: 800 }, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' });
    await narrow.route(/^(?!http:\/\/127\.0\.0\.1|blob:|data:)/, (route) => route.abort());
    try {
      for (const [view, ready] of [
        ['items', `[data-item-id="${seeded.items.kpr}"]`],
        ['initiatives', `[data-initiative-id="${seeded.initiatives.maltider}"]`],
        ['meetings', `[data-meeting-id="${seeded.meetingId}"]`],
      ] as const) {
        const page = await narrow.newPage();
        page.setDefaultTimeout(8_000);
        await page.goto(`${bot.url}/tab/?${new URLSearchParams({ view, conversation: seeded.channelKey })}`);
        await page.locator(ready).first().waitFor();
        await page.waitForLoadState('networkidle');
        // Nothing is wider than the window, and no inner box needs a sideways scrollbar.
        const overflow = await page.evaluate(() => {
          const w = globalThis as any;
          const wide = [...w.document.querySelectorAll('body *')].filter((el: any) => {
            const box = el.getBoundingClientRect();
            const sideways = w.getComputedStyle(el).overflowX;
            return box.width > 0 && (box.right > w.innerWidth + 1 || (el.scrollWidth > el.clientWidth + 1 && sideways !== 'visible' && sideways !== 'hidden'));
          });
          return { page: w.document.documentElement.scrollWidth as number, wide: wide.slice(0, 5).map((el: any) => `${el.tagName}.${el.className}`.slice(0, 80)) };
        });
        expect(overflow.page, view).toBeLessThanOrEqual(400);
        expect(overflow.wide, view).toEqual([]);
        await page.screenshot({ path: join(SHOTS, `${view}-400px.png`), fullPage: true });
        await page.close();
      }
    } finally {
      await narrow.close();
    }
  });

  it('speaks English with ?locale=en, draws in high contrast, and the config page offers the three start views', async () => {
    const page = await open({ locale: 'en', conversation: seeded.channelKey });
    expect(await page.getByRole('tab', { name: 'Tasks' }).count()).toBe(1);
    expect(await page.getByRole('tab', { name: 'Evaluations' }).count()).toBe(1);
    await page.getByText('Local mode with a test identity').waitFor();
    await page.close();

    const contrast = await open({ theme: 'contrast', view: 'meetings', conversation: seeded.channelKey });
    await contrast.locator(`[data-meeting-id="${seeded.meetingId}"]`).waitFor();
    await contrast.close();

    const config = await context.newPage();
    await config.goto(`${bot.url}/tab/config.html`);
    await config.getByRole('radiogroup').waitFor();
    expect(await config.getByRole('radio').count()).toBe(3);
    await config.close();
  });

  it('outside Teams the tab asks nothing of the internet (teams-js is loaded only inside Teams)', () => {
    expect(external).toEqual([]);
  });

  /**
   * A stand-in for the Teams client: a page on the bot's own origin (teams-js trusts its own origin) that frames the
   * tab and answers teams-js' postMessage protocol — initialize, getContext (a channel tab, English, light),
   * getAuthToken — and can push a theme change.
   */
  const teamsHost = (src: string, frameContext: 'content' | 'settings', context: Record<string, unknown>) => `<!doctype html><html><body style="margin:0">
<iframe id="tab" src="${src}" style="width:1280px;height:800px;border:0"></iframe>
<script>
  window.hostLog = [];
  window.hostMessages = [];
  const runtime = { apiVersion: 4, isLegacyTeams: false, supports: { app: {}, pages: { config: {}, tabs: {} }, teamsCore: {} } };
  const context = ${JSON.stringify(context)};
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m.func !== 'string') return;
    window.hostLog.push(m.func);
    window.hostMessages.push({ func: m.func, args: m.args });
    const reply = (...args) => event.source.postMessage({ id: m.id, uuid: m.uuid, args }, event.origin);
    if (m.func === 'initialize') reply('${frameContext}', 'web', JSON.stringify(runtime), '2.0.0');
    else if (m.func === 'getContext') reply(context);
    else if (m.func === 'authentication.getAuthToken') reply(true, 'sso-token-from-teams');
    else if (m.func === 'settings.setSettings') reply(true);
    else reply();
  });
  const send = (func, args) => document.getElementById('tab').contentWindow.postMessage({ func, args }, location.origin);
  window.setTheme = (theme) => send('themeChange', [theme]);
  window.save = () => send('settings.save', [{}]);
</script></body></html>`;

  it('inside Teams (a simulated host): the channel from the context, the SSO token as Bearer, the Teams locale and theme changes', async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const api: Array<{ url: string; headers: Record<string, string> }> = [];
    page.on('request', (request) => request.url().includes('/api/tab/') && api.push({ url: request.url(), headers: request.headers() }));
    await page.route(`${bot.url}/teams-host.html`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: teamsHost('/tab/index.html?view=items', 'content', { locale: 'en-us', theme: 'default', frameContext: 'content', channelId: CHANNEL_ID, teamId: TEAM_ID, entityId: 'shk-core-team-items', tid: TENANT, userObjectId: PEOPLE.petra.aadObjectId, hostClientType: 'web' }),
      }),
    );
    await page.goto(`${bot.url}/teams-host.html`);
    const tab = page.frameLocator('#tab');
    await tab.locator(`[data-item-id="${seeded.items.kpr}"]`).waitFor();
    // English from the Teams locale; the conversation is the channel's, so there is no picker.
    expect(await tab.getByRole('tab', { name: 'Tasks', selected: true }).count()).toBe(1);
    expect(await tab.getByRole('combobox', { name: 'Showing' }).count()).toBe(0);
    await tab.getByText('Core Team Äldre › Allmänt').waitFor();
    expect(api.length).toBeGreaterThan(0);
    for (const { headers } of api) expect(headers).toMatchObject({ authorization: 'Bearer sso-token-from-teams', 'accept-language': 'en-us' });
    expect(api.find((r) => r.url.includes('/api/tab/items'))?.url).toContain(`conversation=${encodeURIComponent(seeded.channelKey)}`);
    const hostLog = await page.evaluate(() => (globalThis as any).hostLog as string[]);
    expect(hostLog).toEqual(expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken', 'appInitialization.success']));

    const background = () => tab.locator('#panel').evaluate((e: any) => (globalThis as any).getComputedStyle(e.closest('.fui-FluentProvider').firstElementChild).backgroundColor);
    const light = await background();
    await page.evaluate(() => (globalThis as any).setTheme('dark'));
    await expect.poll(background).not.toBe(light);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the configuration page in Teams saves the chosen start view as the tab's content URL", async () => {
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    await page.route(`${bot.url}/teams-config-host.html`, (route) =>
      route.fulfill({ contentType: 'text/html', body: teamsHost('/tab/config.html', 'settings', { locale: 'sv-se', theme: 'dark', frameContext: 'settings', channelId: CHANNEL_ID, teamId: TEAM_ID, tid: TENANT }) }),
    );
    await page.goto(`${bot.url}/teams-config-host.html`);
    const config = page.frameLocator('#tab');
    await config.getByRole('radio', { name: 'Möten' }).check();
    await expect.poll(() => page.evaluate(() => (globalThis as any).hostLog as string[])).toContain('settings.setValidityState');
    await page.evaluate(() => (globalThis as any).save());
    const saved = async () => ((await page.evaluate(() => (globalThis as any).hostMessages)) as Array<{ func: string; args: any[] }>).find((m) => m.func === 'settings.setSettings');
    await expect.poll(saved).toBeDefined();
    expect((await saved())!.args[0]).toMatchObject({ entityId: 'shk-core-team-meetings', contentUrl: `${bot.url}/tab/index.html?view=meetings`, suggestedDisplayName: 'SHK Möten' });
    await expect.poll(() => page.evaluate(() => (globalThis as any).hostLog as string[])).toContain('settings.save.success');
    await page.close();
  });

  it('Mötesanteckningar as the side panel (#17): the meeting going on in a private channel, a line added there reaches the notes card', async () => {
    // A channel meeting starts, Petra notes something from the chat (the bot posts the notes card).
    const at = { ...where.channel('1709030000000'), channelData: { ...where.channel('1709030000000').channelData, meeting: { id: 'MCMxOTpjaGFubmVsLW1lZXRpbmc=' } } };
    const serviceUrl = bot.connector.url;
    await bot.post(meetingEvent('start', { time: bot.clock.now().toISOString(), title: 'Core Team möte april' }, { serviceUrl, at }));
    await bot.post(message('notera Christine tar med sig frågan om hemtjänsten', { serviceUrl, from: PEOPLE.petra, at, mentionBot: true }));
    const notesCard = bot.connector.sent.at(-1)!;
    bot.connector.clear();

    const page = await open({ view: 'live', conversation: seeded.channelKey, private: '1' });
    await page.getByText('SHK-boten kan inte skriva i privata kanaler').waitFor();
    await page.getByText('Christine tar med sig frågan om hemtjänsten').waitFor();
    await page.getByRole('heading', { name: 'Öppna uppgifter här' }).waitFor();
    await page.getByRole('combobox', { name: 'Typ' }).click();
    await page.getByRole('option', { name: 'Beslut' }).click();
    await page.getByRole('textbox', { name: 'Text' }).fill('Öppna verkstaden flyttas till den 15 maj');
    await page.getByRole('button', { name: 'Lägg till' }).click();
    await page.getByText('Öppna verkstaden flyttas till den 15 maj').waitFor();
    await shot(page, 'live-light');
    // The side panel is narrow (about 320 px in Teams).
    await page.setViewportSize({ width: 320, height: 900 });
    await page.waitForTimeout(300);
    await shot(page, 'live-side-panel-320');
    await page.setViewportSize(VIEWPORT);
    // The notes card in the channel follows, for everyone.
    const [live] = (await bot.app.store.container<any>('live-meetings').query(partitionKey(TENANT))).filter((m: any) => m.conversationKey === seeded.channelKey);
    expect(live.notesCard.conversationId).toBe(notesCard.conversationId);
    await bot.connector.waitFor((calls) => calls.some((c) => c.kind === 'update' && c.activityId === live.notesCard.activityId));
    const update = bot.connector.updates.find((u) => u.activityId === live.notesCard.activityId)!;
    expect(JSON.stringify(update.body)).toContain('Öppna verkstaden flyttas till den 15 maj');
    // Empty text cannot be sent.
    expect(await page.getByRole('button', { name: 'Lägg till' }).isDisabled()).toBe(true);
    await page.close();
  });
});
