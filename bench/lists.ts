/**
 * Flat lists: does listing a conversation cost the same whatever else the tenant holds, and does a long list cost
 * little more than a short one? (Issue #14's goals, measured, not assumed.)
 *
 *   npx tsx bench/lists.ts [--big 10000] [--small 100] [--runs 40] [--store sqlite|cosmos]
 *
 * Three tenants in one store (SQLite in a temp dir, WAL, as in production; or Cosmos DB through the real SDK against
 * @vercel/cosmosdb-server with --store cosmos — that server scans everything, so only its call counts mean much):
 *   empty     a channel of `small` items (Petra assigned to each), nothing else in the tenant;
 *   crowded   the same channel, and `big` more items in 50 other channels of the same tenant (assigned to others);
 *   big       one channel of `big` items (Petra assigned to each).
 * Every item has its two reminders (two working days before, and on the due date) and the channel its digest.
 * Items are written through ActionItemRepository and ReminderRepository (the app's own mapping and indexes).
 *
 * Each operation is what the bot or the tab runs for a user, through the app's own services:
 *   uppgifter      ActionItemService.pageForConversation(open, page 0, 8)      — the list card's first page
 *   mina uppgifter ActionItemService.pageForPerson(Petra, open, page 0, 8)
 *   mina … alla    ActionItemService.pageForPerson(Petra, all, page 0, 8)      — open, then done in the last 30 days
 *   digest         ActionItemService.dueBy(channel, Sunday, 20)                — what the Monday digest reads
 *   påminnelser    ReminderService.upcoming(channel)                           — the 25 the card shows
 *   tab items      TabApi.items(channel)                                        — the JSON body the tab gets
 * The three tenants' runs are interleaved (empty, crowded, big, empty, …), so a slow spell on a shared machine
 * hits all alike; the figure is the median of `runs`. Goals: crowded / empty ≤ 1.2, big / empty ≤ 3.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ActionItemService } from '../src/domain/action-items/action-item-service.js';
import { createActionItem, type ActionItem } from '../src/domain/action-items/action-item.js';
import { itemIdIn } from '../src/domain/action-items/list-order.js';
import type { Conversation } from '../src/domain/conversations/conversation.js';
import { addDays, todayIn } from '../src/domain/dates/due-date.js';
import { FixedClock } from '../src/domain/ports.js';
import { digestReminderId, DIGEST, itemReminderId, itemReminderPlan, ReminderService } from '../src/domain/reminders/reminder-service.js';
import { nextOccurrence, type Reminder } from '../src/domain/reminders/reminder.js';
import { translator } from '../src/i18n/index.js';
import { ActionItemRepository } from '../src/store/action-item-repository.js';
import type { DocumentStore } from '../src/store/document-store.js';
import { MeetingRepository } from '../src/store/meeting-repository.js';
import { MemberRepository } from '../src/store/member-repository.js';
import { openStore } from '../src/store/open-store.js';
import { ReminderRepository } from '../src/store/reminder-repository.js';
import { ScoringRepository } from '../src/store/scoring-repository.js';
import { EvaluationService } from '../src/domain/scoring/evaluation-service.js';
import { TabApi } from '../src/tab/api/tab-api.js';
import { round, table } from './stats.js';

const { values: flags } = parseArgs({
  options: {
    big: { type: 'string', default: '10000' },
    small: { type: 'string', default: '100' },
    runs: { type: 'string', default: '40' },
    store: { type: 'string', default: 'sqlite' },
  },
});
const BIG = Number(flags.big);
const SMALL = Number(flags.small);
const RUNS = Number(flags.runs);
const TZ = 'Europe/Stockholm';
const NOW = new Date('2024-03-04T08:00:00.000Z'); // a Monday morning
const clock = new FixedClock(NOW);
const PETRA = { id: '29:petra-edoff', aadObjectId: 'aad-petra', name: 'Petra Edoff' };
const OTHERS = Array.from({ length: 20 }, (_, i) => ({ id: `29:person-${i}`, aadObjectId: `aad-person-${i}`, name: `Person ${i}` }));
const CHANNEL = (tenant: string, n: number) => `${tenant}:channel:19:bench-${n}@thread.tacv2`;

type Scenario = 'empty' | 'crowded' | 'big';
const TENANTS: Record<Scenario, string> = { empty: 'tenant-empty', crowded: 'tenant-crowded', big: 'tenant-big' };

let counting = false;
const calls = new Map<string, number>();

/** The store with every container call counted (while `counting`). */
function counted(store: DocumentStore): DocumentStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'container') return Reflect.get(target, property, receiver);
      return (name: string) =>
        new Proxy(target.container(name), {
          get(container, op, r) {
            const value = Reflect.get(container, op, r);
            if (typeof value !== 'function') return value;
            return (...args: unknown[]) => {
              if (counting) calls.set(`${name}.${String(op)}`, (calls.get(`${name}.${String(op)}`) ?? 0) + 1);
              return (value as (...a: unknown[]) => unknown).apply(container, args);
            };
          },
        });
    },
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'shk-bench-lists-'));
  let cosmos: { close(): Promise<void>; appStore(databaseId: string): Promise<DocumentStore> } | undefined;
  if (flags.store === 'cosmos') {
    const { startCosmosServer } = await import('../test/helpers/cosmos-server.js');
    cosmos = await startCosmosServer();
  }
  const raw = cosmos
    ? await cosmos.appStore('bench')
    : await openStore({ dataDir: dir, containers: ['action-items', 'reminders', 'conversations', 'members', 'meetings', 'initiatives', 'rounds', 'answers'] });
  const store = counted(raw);
  try {
    const items = new ActionItemRepository(store);
    const reminders = new ReminderRepository(store, clock);
    const service = new ActionItemService(items, clock, TZ);
    const reminderService = new ReminderService(reminders, clock, TZ);
    const tab = new TabApi({
      clock,
      timeZone: TZ,
      defaultLocale: 'sv',
      access: { scope: async (user: { tenantId: string }) => [conversationOf(user.tenantId, CHANNEL(user.tenantId, 0))] } as never,
      items,
      actionItems: service,
      evaluations: new EvaluationService(new ScoringRepository(store), { forRound: async () => '' }, clock, TZ),
      meetings: new MeetingRepository(store),
      members: new MemberRepository(store, clock),
      reports: {} as never, // not used by the items endpoint
      onItemChanged: async () => undefined,
    });

    const seedStart = performance.now();
    await seed(items, reminders, TENANTS.empty, [{ channel: 0, count: SMALL, people: [PETRA] }]);
    await seed(items, reminders, TENANTS.crowded, [
      { channel: 0, count: SMALL, people: [PETRA] },
      ...Array.from({ length: 50 }, (_, i) => ({ channel: i + 1, count: Math.floor(BIG / 50), people: OTHERS })),
    ]);
    await seed(items, reminders, TENANTS.big, [{ channel: 0, count: BIG, people: [PETRA] }]);
    console.log(`bench: seeded ${SMALL} + ${SMALL + BIG} + ${BIG} items with their reminders in ${round((performance.now() - seedStart) / 1000, 1)} s (${raw.kind})`);

    const sunday = addDays(todayIn(NOW, TZ), 6);
    const p = { locale: 'sv' as const, t: translator('sv'), now: NOW, timeZone: TZ };
    const bytes = new Map<Scenario, number>();
    const operations: Record<string, (s: Scenario) => Promise<unknown>> = {
      uppgifter: (s) => service.pageForConversation(TENANTS[s], CHANNEL(TENANTS[s], 0), 'open', 0, 8),
      'mina uppgifter': (s) => service.pageForPerson(TENANTS[s], PETRA, 'open', 0, 8),
      'mina uppgifter alla': (s) => service.pageForPerson(TENANTS[s], PETRA, 'all', 0, 8),
      digest: (s) => service.dueBy(TENANTS[s], CHANNEL(TENANTS[s], 0), sunday, 20),
      påminnelser: (s) => reminderService.upcoming(TENANTS[s], CHANNEL(TENANTS[s], 0)),
      'tab items': async (s) => {
        const body = JSON.stringify(await tab.items({ tenantId: TENANTS[s], aadObjectId: PETRA.aadObjectId, name: PETRA.name } as never, p, { conversation: CHANNEL(TENANTS[s], 0) }));
        bytes.set(s, body.length);
        return body;
      },
    };

    const scenarios: Scenario[] = ['empty', 'crowded', 'big'];
    const rows: Array<Array<string | number>> = [['operation', 'empty ms', 'crowded ms', 'big ms', 'crowded/empty', 'big/empty', 'store calls', 'result (empty / big)']];
    const load = loadavg().map((l) => l.toFixed(2)).join(' ');
    for (const [name, run] of Object.entries(operations)) {
      for (const s of scenarios) for (let i = 0; i < 3; i++) await run(s); // warm-up
      const times: Record<Scenario, number[]> = { empty: [], crowded: [], big: [] };
      for (let i = 0; i < RUNS; i++) {
        for (const s of scenarios) {
          const start = performance.now();
          await run(s);
          times[s].push(performance.now() - start);
        }
      }
      calls.clear();
      counting = true;
      const sample = await run('big');
      counting = false;
      const callText = [...calls.entries()].map(([k, v]) => `${k} ${v}`).join(', ');
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const [e, c, b] = scenarios.map((s) => median(times[s]));
      const size = (s: Scenario, value: unknown) =>
        name === 'tab items' ? `${round(bytes.get(s)! / 1024, 1)} KB` : Array.isArray(value) ? `${value.length} rows` : `${(value as { items: unknown[]; total: number }).items.length} of ${(value as { total: number }).total}`;
      rows.push([name, round(e!, 2), round(c!, 2), round(b!, 2), round(c! / e!, 2), round(b! / e!, 2), callText, `${size('empty', await run('empty'))} / ${size('big', sample)}`]);
    }
    // Keyset pages: the tab's fifth page of the big channel (after 800 items) against its first, interleaved.
    const petra = { tenantId: TENANTS.big, aadObjectId: PETRA.aadObjectId, name: PETRA.name } as never;
    const channel = CHANNEL(TENANTS.big, 0);
    let cursor: string | undefined;
    for (let pageNo = 1; pageNo < 5; pageNo++) cursor = (await tab.items(petra, p, { conversation: channel, ...(cursor ? { after: cursor } : {}) })).next;
    const tabPages = { first: [] as number[], fifth: [] as number[] };
    if (cursor) {
      for (let i = 0; i < RUNS; i++) {
        for (const [which, after] of [['first', undefined], ['fifth', cursor]] as const) {
          const start = performance.now();
          await tab.items(petra, p, { conversation: channel, ...(after ? { after } : {}) });
          tabPages[which].push(performance.now() - start);
        }
      }
      const mid = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      console.log(`\ntab items, big channel: first page ${round(mid(tabPages.first), 2)} ms, fifth page (after 800) ${round(mid(tabPages.fifth), 2)} ms, fifth/first ${round(mid(tabPages.fifth) / mid(tabPages.first), 2)} (keyset pages; medians of ${RUNS})`);
    }
    console.log(`\nmedians of ${RUNS} interleaved runs; load average before the runs: ${load}; after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(table(rows));
    console.log('\ngoals: crowded/empty ≤ 1.2 (a tenant holding 10 000 other items), big/empty ≤ 3 (10 000 items in the channel)');
  } finally {
    await raw.close();
    await cosmos?.close();
    await rm(dir, { recursive: true, force: true });
  }
}

function conversationOf(tenantId: string, key: string): Conversation {
  return { key, tenantId, kind: 'channel', conversationId: key, channelId: key, teamId: 'team', serviceUrl: 'http://localhost', active: true } as unknown as Conversation;
}

/** Items created as the service creates them (same ids, fields and list keys), with their reminders and the digest. */
async function seed(items: ActionItemRepository, reminders: ReminderRepository, tenantId: string, channels: Array<{ channel: number; count: number; people: Array<typeof PETRA> }>): Promise<void> {
  let n = 0;
  for (const { channel, count, people } of channels) {
    const conversationKey = CHANNEL(tenantId, channel);
    const batch: Reminder[] = [];
    for (let i = 0; i < count; i++, n++) {
      const person = people[i % people.length]!;
      // Due dates spread over two years around "now" (a third overdue), a tenth without a date, some done.
      const dueDate = addDays('2023-09-01', n % 730);
      const created = new Date(NOW.getTime() - (count - i) * 60_000);
      let item: ActionItem = createActionItem(
        {
          id: itemIdIn(conversationKey, crypto.randomUUID()),
          tenantId,
          conversationKey,
          title: `Uppgift ${n}: skicka underlag till styrgruppen`,
          assignees: [person],
          ...(n % 10 === 0 ? {} : { due: { date: dueDate } }),
          createdBy: person,
        },
        created,
      );
      if (n % 7 === 0) item = { ...item, status: 'done', completedAt: created.toISOString(), completedBy: person };
      await items.create(item);
      for (const { stage, dueAt } of itemReminderPlan(item, NOW, TZ)) {
        batch.push({ id: itemReminderId(item.id, stage), tenantId, conversationKey, kind: 'actionItem', dueAt: dueAt.toISOString(), payload: { itemId: item.id, stage }, status: 'pending', attempts: 0, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
      }
      if (batch.length >= 90) await reminders.upsertMany(batch.splice(0));
    }
    batch.push({ id: digestReminderId(conversationKey), tenantId, conversationKey, kind: 'digest', dueAt: nextOccurrence(DIGEST, NOW, TZ).toISOString(), recurrence: DIGEST, payload: {}, status: 'pending', attempts: 0, createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() });
    await reminders.upsertMany(batch);
  }
}

await main();
