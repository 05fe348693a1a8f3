import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TENANT } from '../helpers/activities.js';
import { startCosmosServer, type CosmosTestServer } from '../helpers/cosmos-server.js';
import { CHANNEL_KEY, seedCoreTeam, type Seeded } from '../helpers/tab-seed.js';
import { startCoreTeamBot, type TestBot } from '../helpers/test-app.js';
import type { FixedClock } from '../../src/domain/ports.js';

/** The tab's API on the production adapter (@azure/cosmos against cosmosdb-server): its queries on Cosmos SQL. */
describe('Tab API on Cosmos DB (real SDK, cosmosdb-server)', () => {
  let cosmos: CosmosTestServer;
  let bot: TestBot & { clock: FixedClock };
  let seeded: Seeded;

  beforeAll(async () => {
    cosmos = await startCosmosServer();
    const store = await cosmos.appStore('shk-bot-tab-test');
    bot = await startCoreTeamBot({ env: { DEV_TENANT_ID: TENANT }, overrides: { store, roundProgressDelayMs: 20 } });
    seeded = await seedCoreTeam(bot);
  }, 90_000);
  afterAll(async () => {
    await bot?.stop();
    await cosmos?.close();
  });

  const get = async (path: string) => {
    const response = await fetch(`${bot.url}${path}`);
    expect(response.status, path).toBe(200);
    return response.headers.get('content-type')?.includes('json') ? ((await response.json()) as any) : Buffer.from(await response.arrayBuffer());
  };

  it('items of all conversations (one IN query), with the meeting link and overdue flags', async () => {
    const { items } = await get('/api/tab/items');
    expect(items.find((i: any) => i.id === seeded.items.kpr)).toMatchObject({ overdue: true, assignees: [{ organisation: 'vasteras' }] });
    expect(items.filter((i: any) => i.meeting?.id === seeded.meetingId).length).toBeGreaterThan(0);
    const one = await get(`/api/tab/items?conversation=${encodeURIComponent(CHANNEL_KEY)}`);
    expect(one.items).toHaveLength(items.length);
  });

  it('meetings with search, initiatives with spread, and both exports', async () => {
    expect((await get('/api/tab/meetings?q=ensamhetspengen')).meetings.map((m: any) => m.id)).toEqual([seeded.meetingId]);
    const { initiatives } = await get('/api/tab/initiatives');
    expect(initiatives.find((i: any) => i.id === seeded.initiatives.angsgardet).latest.criteria[0]).toMatchObject({ min: 2, max: 3 });
    expect((await get('/api/tab/export/items.xlsx')).subarray(0, 2).toString()).toBe('PK');
    expect((await get('/api/tab/export/rounds.csv')).toString('utf8')).toContain('Ängsgärdet;');
  });
});
