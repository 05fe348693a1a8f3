import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTab } from '../../scripts/build-tab.js';
import { createActionItem } from '../../src/domain/action-items/action-item.js';
import { itemIdIn } from '../../src/domain/action-items/list-order.js';
import { ActionItemRepository } from '../../src/store/action-item-repository.js';
import type { ItemsResponse } from '../../src/tab/shared/api.js';
import { message, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { CHANNEL_KEY, seedCoreTeam } from '../helpers/tab-seed.js';
import { startCoreTeamBot, type TestBot } from '../helpers/test-app.js';

/**
 * /api/tab/items in pages of 200 (keyset: each page starts after the previous one's last item) with the server's
 * total, and the tab's "Visa … till" that pages through them:
 * the Core Team's seeded channel plus 230 more att-göra (made through the app's repository), so 234 items in all.
 */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SHOTS = join(import.meta.dirname, '..', '..', 'screenshots', 'tab');
const EXTRA = 230;

describe('Tab items in pages', () => {
  let bot: TestBot & { clock: import('../../src/domain/ports.js').FixedClock };
  let staticDir: string;
  let browser: Browser | undefined;
  let total = 0;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}. Install it with: apt-get install chromium (or set CHROMIUM_PATH).`);
    staticDir = await mkdtemp(join(tmpdir(), 'shk-tab-static-'));
    await buildTab({ outDir: staticDir });
    bot = await startCoreTeamBot({ env: { DEV_TENANT_ID: TENANT }, overrides: { tabStaticDir: staticDir } });
    await seedCoreTeam(bot);
    const items = new ActionItemRepository(bot.app.store);
    const now = bot.clock.now();
    for (let i = 0; i < EXTRA; i++) {
      const created = new Date(now.getTime() - (EXTRA - i) * 60_000);
      let item = createActionItem(
        {
          id: itemIdIn(CHANNEL_KEY, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
          tenantId: TENANT,
          conversationKey: CHANNEL_KEY,
          title: `Uppgift ${i + 1}: skicka underlaget till styrgruppen`,
          assignees: [PEOPLE.petra],
          ...(i % 10 === 0 ? {} : { due: { date: `2024-0${3 + (i % 6)}-${String(1 + (i % 28)).padStart(2, '0')}` } }),
          createdBy: PEOPLE.petra,
        },
        created,
      );
      if (i % 7 === 0) item = { ...item, status: 'done', completedAt: created.toISOString(), completedBy: PEOPLE.petra };
      await items.create(item);
    }
    // A group chat of the Core Team with att-göra of its own, made through real turns: the board over all
    // conversations merges two lists.
    // Due early, late and never, so that only a board merged in one order pages each item exactly once.
    for (const [n, due] of [[1, ' senast 2024-03-05'], [2, ' senast 2024-03-12'], [3, ' senast 2024-11-19'], [4, '']] as const) {
      const response = await bot.post(message(`att-göra boka möte med KPR nr ${n}${due}`, { serviceUrl: bot.connector.url, from: PEOPLE.petra, at: where.groupChat(), mentionBot: true }));
      if (response.status !== 200) throw new Error(`group chat att-göra answered ${response.status}`);
    }
    const first = (await (await fetch(`${bot.url}/api/tab/items?conversation=${encodeURIComponent(CHANNEL_KEY)}`)).json()) as ItemsResponse;
    total = first.total!;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
    if (staticDir) await rm(staticDir, { recursive: true, force: true });
  });

  /** A page of one conversation's board (default the channel), or with `conversation` null of all of them. */
  const page = async (after?: string, lang = 'sv-SE', conversation: string | null = CHANNEL_KEY) => {
    const query = new URLSearchParams({ ...(conversation === null ? {} : { conversation }), ...(after === undefined ? {} : { after }) });
    const response = await fetch(`${bot.url}/api/tab/items?${query}`, { headers: { 'accept-language': lang } });
    return { status: response.status, body: (await response.json()) as ItemsResponse & { error?: string } };
  };

  it('answers 200 items with the total and where the next page starts; the next page has the rest, every item once', async () => {
    expect(total).toBeGreaterThan(EXTRA); // the seeded channel's own items too
    const first = await page();
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(200);
    expect(first.body.total).toBe(total);
    expect(first.body.next).toMatch(/^open~/);
    const second = await page(first.body.next);
    expect(second.body.items).toHaveLength(total - 200);
    expect(second.body.total).toBe(total);
    expect(second.body.next).toBeUndefined();
    const ids = [...first.body.items, ...second.body.items].map((i) => i.id);
    expect(new Set(ids).size).toBe(total);
    // Open items first, then done ones: a done item on the first page only when every open one is there.
    const isOpen = (i: { status: string }) => i.status === 'open';
    const open = [...first.body.items, ...second.body.items].filter(isOpen).length;
    expect(open).toBeGreaterThan(200); // so the first page is all open, the second has the rest and the done ones
    expect(first.body.items.every(isOpen)).toBe(true);
    expect(second.body.items.filter(isOpen)).toHaveLength(open - 200);
    // Open items in list order across the pages: the last one of the first page is due no later than the second's.
    const dueOf = (i: { due?: { date: string; time?: string } }) => (i.due ? `${i.due.date} ${i.due.time ?? '99:99'}` : '9999');
    const firstOpen = first.body.items.map(dueOf).sort().at(-1)!;
    expect(second.body.items.filter(isOpen).every((i) => dueOf(i) >= firstOpen)).toBe(true);
  });

  it('pages the board over all of the user\'s conversations in one order, every item once', async () => {
    const seen: string[] = [];
    const conversations = new Set<string>();
    let after: string | undefined;
    let pages = 0;
    do {
      const next = await page(after, 'sv-SE', null);
      expect(next.status).toBe(200);
      seen.push(...next.body.items.map((i) => i.id));
      for (const item of next.body.items) conversations.add(item.conversationKey);
      after = next.body.next;
      pages++;
    } while (after !== undefined && pages < 10);
    const all = await page(undefined, 'sv-SE', null);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(all.body.total);
    expect(pages).toBe(Math.ceil(all.body.total! / 200));
    expect(conversations.size).toBeGreaterThan(1); // the pages are merged across conversations
    expect(seen).toEqual(expect.arrayContaining((await page(undefined, 'sv-SE', null)).body.items.map((i) => i.id)));
  });

  it('after the last item: an empty page, still with the total', async () => {
    const beyond = await page('done~9999|9999-12-31T23:59:59.999Z|ffffffffffffffff.ffffffff-ffff-5fff-bfff-ffffffffffff');
    expect(beyond.status).toBe(200);
    expect(beyond.body.items).toEqual([]);
    expect(beyond.body.total).toBe(total);
    expect(beyond.body.next).toBeUndefined();
  });

  it('refuses a cursor it did not make with 400 and a clear message', async () => {
    for (const bad of ['x', '200', 'open~', 'pending~2024-03-01 99:99|x', `open~${'a'.repeat(300)}`, 'open~<script>', 'done~a\'b', '']) {
      const query = new URLSearchParams({ conversation: CHANNEL_KEY, after: bad });
      const response = await fetch(`${bot.url}/api/tab/items?${query}`, { headers: { 'accept-language': 'sv-SE' } });
      expect(response.status, `after=${bad}`).toBe(400);
      expect(JSON.stringify(await response.json())).toContain('Frågan var inte korrekt utformad');
    }
  });

  it('the tab says how many of how many it shows and loads the rest with "Visa … till" (and in English)', async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
    for (const locale of ['sv', 'en'] as const) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: locale === 'sv' ? 'sv-SE' : 'en-GB', timezoneId: 'Europe/Stockholm' });
      await context.route(/^(?!http:\/\/127\.0\.0\.1|blob:|data:)/, (route) => route.abort());
      const tab = await context.newPage();
      tab.setDefaultTimeout(10_000);
      const errors: string[] = [];
      tab.on('pageerror', (error) => errors.push(error.message));
      await tab.goto(`${bot.url}/tab/?${new URLSearchParams({ conversation: CHANNEL_KEY, ...(locale === 'en' ? { locale: 'en' } : {}) })}`);
      const count = tab.getByTestId('items-count');
      const more = total - 200;
      await expect.poll(() => count.textContent()).toBe(locale === 'sv' ? `Visar 200 av ${total} uppgifter` : `Showing 200 of ${total} items`);
      expect(await tab.locator('[data-item-id]').count()).toBe(200);
      const button = tab.getByRole('button', { name: locale === 'sv' ? `Visa ${more} till` : `Show ${more} more` });
      if (locale === 'sv') {
        await mkdir(SHOTS, { recursive: true });
        await button.scrollIntoViewIfNeeded();
        await tab.screenshot({ path: join(SHOTS, 'items-paged-before.png') });
      }
      await button.click();
      await expect.poll(() => tab.locator('[data-item-id]').count()).toBe(total);
      expect(await count.textContent()).toBe(locale === 'sv' ? `Visar ${total} av ${total} uppgifter` : `Showing ${total} of ${total} items`);
      expect(await tab.getByRole('button', { name: locale === 'sv' ? /^Visa \d+ till$/ : /^Show \d+ more$/ }).count()).toBe(0);
      if (locale === 'sv') {
        await count.scrollIntoViewIfNeeded();
        await tab.screenshot({ path: join(SHOTS, 'items-paged-after.png') });
      }
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 60_000);
});
