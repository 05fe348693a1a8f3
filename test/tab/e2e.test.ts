import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTab } from '../../scripts/build-tab.js';
import { partitionKey } from '../../src/store/document-store.js';
import type { ItemsResponse } from '../../src/tab/shared/api.js';
import { TENANT } from '../helpers/activities.js';
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
      for (const heading of ['Försenade', 'Att göra', 'Klara']) expect(await page.getByRole('heading', { name: heading }).count()).toBe(1);
      // KPR was due 28 February: overdue on Monday 4 March.
      const overdue = page.getByRole('region', { name: /Försenade/ });
      expect(await overdue.locator(`[data-item-id="${seeded.items.kpr}"]`).count()).toBe(1);
      expect(await page.getByRole('region', { name: /Att göra/ }).locator(`[data-item-id="${seeded.items.workshop}"]`).count()).toBe(1);
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
    expect(await page.getByRole('heading', { name: 'Att göra' }).count()).toBe(0);
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
    const [stored] = await bot.app.store.container<any>('action-items').query(partitionKey(TENANT), { where: [{ field: 'id', op: '=', value: seeded.items.kpr }] });
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
      expect(await meeting.getByText(/Pågår|Försenad|Klar/).count()).toBeGreaterThan(0);
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
});
