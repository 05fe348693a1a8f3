/**
 * Due reminders without scanning (issue #14): what one scheduler pass reads must not grow with the reminders
 * that are NOT due. Counted at the store port (calls and documents returned), never timed; on SQLite the due
 * query's plan is checked to be an index search, on Cosmos DB (@vercel/cosmosdb-server) that no pass makes a
 * cross-partition query.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/domain/ports.js';
import type { Reminder } from '../../src/domain/reminders/reminder.js';
import { ReminderScheduler } from '../../src/scheduler/reminder-scheduler.js';
import { CosmosStore } from '../../src/store/cosmos-store.js';
import { StoreError, type BaseDocument, type Container, type DocumentStore } from '../../src/store/document-store.js';
import { DUE_SETTLE_MS, REMINDERS_CONTAINER, ReminderRepository, dueBucket, duePartition } from '../../src/store/reminder-repository.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { startCosmosServer, type CosmosTestServer } from '../helpers/cosmos-server.js';

const NOW = '2024-03-25T08:00:10.000Z';
let counter = 0;
function reminder(overrides: Partial<Reminder> = {}): Reminder {
  counter++;
  return {
    id: `due-${counter}`,
    tenantId: `tenant-${counter % 5}`,
    conversationKey: `19:chat-${counter % 7}@thread.v2`,
    kind: 'custom',
    dueAt: '2024-03-25T08:00:00.000Z',
    payload: { text: 'x' },
    status: 'pending',
    attempts: 0,
    createdAt: '2024-03-01T08:00:00.000Z',
    updatedAt: '2024-03-01T08:00:00.000Z',
    ...overrides,
  };
}

/** Later than NOW: spread over the rest of this hour, the next days and months. */
const notDue = (i: number): Reminder =>
  reminder({ dueAt: new Date(Date.parse(NOW) + 1_000 + ((i * 7_919_000) % (90 * 24 * 3_600_000))).toISOString() });

interface Counts {
  calls: Record<string, number>;
  /** Documents handed back by get/query/queryAcross. */
  documents: number;
  /** Partition keys the single-partition queries and counts named. */
  partitions: string[];
}

/** A store whose containers count what they are asked and what they return. */
function counting(store: DocumentStore): { store: DocumentStore; counts: Counts; reset(): void } {
  const counts: Counts = { calls: {}, documents: 0, partitions: [] };
  const wrap = <T extends BaseDocument>(inner: Container<T>): Container<T> =>
    new Proxy(inner, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const name = String(property);
          counts.calls[name] = (counts.calls[name] ?? 0) + 1;
          if (name === 'query' || name === 'count') counts.partitions.push(String(args[0]));
          const result = (await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args)) as unknown;
          if (name === 'get' && result) counts.documents++;
          if ((name === 'query' || name === 'queryAcross') && Array.isArray(result)) counts.documents += result.length;
          return result;
        };
      },
    });
  const wrapped: DocumentStore = {
    kind: store.kind,
    container: <T extends BaseDocument>(name: string) => wrap(store.container<T>(name)),
    health: () => store.health(),
    close: () => store.close(),
  };
  return {
    store: wrapped,
    counts,
    reset() {
      counts.calls = {};
      counts.documents = 0;
      counts.partitions = [];
    },
  };
}

const tempDirs: string[] = [];
async function sqlite(): Promise<SqliteStore> {
  const dir = await mkdtemp(join(tmpdir(), 'shk-reminder-due-'));
  tempDirs.push(dir);
  return SqliteStore.open({ file: join(dir, 'store.sqlite') });
}
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Seeds `due` due and `later` not-due reminders; then reads what one pass reads, counted. */
async function passCost(store: DocumentStore, dueIndex: boolean, due: number, later: number) {
  const clock = new FixedClock(NOW);
  const seeding = new ReminderRepository(store, clock, { dueIndex });
  const dueOnes = Array.from({ length: due }, () => reminder());
  for (const r of [...dueOnes, ...Array.from({ length: later }, (_, i) => notDue(i))]) await seeding.upsert(r);
  const probe = counting(store);
  const repository = new ReminderRepository(probe.store, clock, { dueIndex });
  await repository.dueCandidates(clock.now(), 500); // the first pass may move the cursor
  probe.reset();
  const candidates = await repository.dueCandidates(clock.now(), 500);
  return { candidates, counts: { ...probe.counts, calls: { ...probe.counts.calls } }, dueIds: dueOnes.map((r) => r.id) };
}

describe('due reminders on SQLite', () => {
  it('the due query is an index search on (status, dueAt), and a pass reads the due reminders only, with 0 or 3 000 not due', async () => {
    const empty = await sqlite();
    const full = await sqlite();
    try {
      const baseline = await passCost(empty, false, 20, 0);
      const crowded = await passCost(full, false, 20, 3_000);
      expect(crowded.candidates.map((c) => c.value.id).sort()).toEqual([...crowded.dueIds].sort());
      expect(crowded.counts.documents).toBe(20);
      expect(crowded.counts).toEqual({ ...baseline.counts, partitions: [] });
      expect(crowded.counts.calls).toEqual({ queryAcross: 2 });

      // The SQL the store really runs for it (caught on a store that has not prepared it yet: statements are
      // prepared once per database), and its plan on the crowded one.
      const probe = await sqlite();
      const statements: string[] = [];
      try {
        const probeDb = (probe as unknown as { db: Database.Database }).db;
        const prepare = probeDb.prepare.bind(probeDb);
        (probeDb as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
          statements.push(sql);
          return prepare(sql);
        };
        await new ReminderRepository(probe, new FixedClock(NOW), { dueIndex: false }).dueCandidates(new Date(NOW), 500);
      } finally {
        await probe.close();
      }
      const db = (full as unknown as { db: Database.Database }).db;
      expect(statements).toHaveLength(2);
      for (const sql of statements) {
        const params = (sql.match(/\?/g) ?? []).map((_, i, all) => (i === all.length - 1 ? 500 : i === 0 ? REMINDERS_CONTAINER : NOW));
        const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((p) => p.detail);
        expect(plan.join(' | ')).toContain('USING INDEX documents_by_status_and_due_at');
        expect(plan.filter((detail) => /^SCAN documents\b/.test(detail))).toEqual([]);
      }
    } finally {
      await empty.close();
      await full.close();
    }
  }, 60_000);

  it('with the due index: the same reads with 0 or 3 000 not due (one cursor read, one or two hour partitions)', async () => {
    const empty = await sqlite();
    const full = await sqlite();
    try {
      const baseline = await passCost(empty, true, 20, 0);
      const crowded = await passCost(full, true, 20, 3_000);
      expect(crowded.candidates.map((c) => c.value.id).sort()).toEqual([...crowded.dueIds].sort());
      expect(crowded.counts).toEqual(baseline.counts);
      // The cursor, 20 entries, 20 reminders; no query across partitions.
      expect(crowded.counts.documents).toBe(41);
      expect(crowded.counts.calls.queryAcross).toBeUndefined();
      expect(crowded.counts.partitions.every((pk) => pk.startsWith('_due|'))).toBe(true);
      expect(crowded.counts.partitions.length).toBeLessThanOrEqual(2);
    } finally {
      await empty.close();
      await full.close();
    }
  }, 60_000);

  it('the cursor skips hours found empty: after a quiet week a pass reads one or two hours', async () => {
    const store = await sqlite();
    try {
      const clock = new FixedClock(NOW);
      const probe = counting(store);
      const repository = new ReminderRepository(probe.store, clock, { dueIndex: true });
      await repository.upsert(reminder({ dueAt: '2024-04-01T08:00:00.000Z' }));
      await repository.dueCandidates(clock.now(), 10); // first pass: looks a week back once
      clock.set('2024-04-01T07:30:00.000Z');
      await repository.dueCandidates(clock.now(), 10); // a week of empty hours, counted once
      probe.reset();
      clock.set('2024-04-01T08:00:30.000Z');
      const due = await repository.dueCandidates(clock.now(), 10);
      expect(due).toHaveLength(1);
      expect(probe.counts.partitions).toEqual([duePartition('2024-04-01T07'), duePartition('2024-04-01T08')]);
    } finally {
      await store.close();
    }
  });

  it('a snoozed reminder is sent at its new time only; its old entry is dropped when met', async () => {
    const store = await sqlite();
    try {
      const clock = new FixedClock('2024-03-25T07:59:00.000Z');
      const repository = new ReminderRepository(store, clock, { dueIndex: true });
      const r = reminder({ dueAt: '2024-03-25T08:00:00.000Z' });
      await repository.upsert(r);
      clock.set('2024-03-25T08:00:05.000Z');
      await repository.upsert({ ...r, dueAt: '2024-03-25T09:00:00.000Z' }); // "påminn igen om 1 timme"
      const sent: string[] = [];
      const scheduler = new ReminderScheduler({ repository, clock, owner: 'a', deliver: async (x) => (sent.push(x.dueAt), 'sent') });
      clock.set('2024-03-25T08:00:30.000Z');
      expect(await scheduler.runOnce()).toMatchObject({ claimed: 0 });
      expect(repository.lastScan).toMatchObject({ entries: 1, reads: 1, dropped: 0 }); // written < DUE_SETTLE_MS ago: kept
      clock.advance(DUE_SETTLE_MS);
      expect(await scheduler.runOnce()).toMatchObject({ claimed: 0 });
      expect(repository.lastScan).toMatchObject({ entries: 1, dropped: 1 });
      await scheduler.runOnce();
      expect(repository.lastScan).toMatchObject({ entries: 0 });
      clock.set('2024-03-25T09:00:00.000Z');
      expect(await scheduler.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
      expect(sent).toEqual(['2024-03-25T09:00:00.000Z']);
      // Done: its entry went with it, nothing is read any more.
      await scheduler.runOnce();
      expect(repository.lastScan).toMatchObject({ entries: 0, reads: 0 });
    } finally {
      await store.close();
    }
  });

  it('a reminder written already past due (filed under the current hour) and a cancelled one', async () => {
    const store = await sqlite();
    try {
      const clock = new FixedClock(NOW);
      const repository = new ReminderRepository(store, clock, { dueIndex: true });
      const overdue = reminder({ dueAt: '2024-03-20T08:00:00.000Z' });
      const cancelledOne = reminder();
      await repository.upsertMany([overdue, { ...cancelledOne, tenantId: overdue.tenantId }]);
      await repository.cancel(overdue.tenantId, cancelledOne.id);
      const due = await repository.dueCandidates(clock.now(), 10);
      expect(due.map((c) => c.value.id)).toEqual([overdue.id]);
      expect(due[0]!.due?.pk).toBe(duePartition(dueBucket(Date.parse(NOW))));
    } finally {
      await store.close();
    }
  });
});

describe('due reminders on Cosmos DB (@vercel/cosmosdb-server)', () => {
  let server: CosmosTestServer;
  beforeAll(async () => {
    server = await startCosmosServer();
  });
  afterAll(async () => {
    await server.close();
  });
  const open = (databaseId: string) =>
    CosmosStore.open({ endpoint: server.endpoint, key: server.key, databaseId, containers: [REMINDERS_CONTAINER], clientOptions: server.clientOptions });

  it('a pass makes no cross-partition query and reads the same with 0 or 600 reminders not due', async () => {
    const empty = await open('due-empty');
    const full = await open('due-full');
    try {
      expect(new ReminderRepository(full).dueIndex).toBe(true); // the default on Cosmos DB
      const baseline = await passCost(empty, true, 20, 0);
      const crowded = await passCost(full, true, 20, 600);
      expect(crowded.candidates.map((c) => c.value.id).sort()).toEqual([...crowded.dueIds].sort());
      expect(crowded.counts).toEqual(baseline.counts);
      expect(crowded.counts.documents).toBe(41);
      expect(crowded.counts.calls.queryAcross).toBeUndefined();
      expect(crowded.counts.calls.countAcross).toBeUndefined();
      expect(crowded.counts.partitions.every((pk) => pk.startsWith('_due|'))).toBe(true);
    } finally {
      await empty.close();
      await full.close();
    }
  }, 120_000);

  it('an item\'s reminders and their entries (other partitions) are written in one call; if it fails, again entries first', async () => {
    const store = await open('due-bulk');
    try {
      const clock = new FixedClock(NOW);
      // The day before and the day itself: two hour partitions besides the tenant's.
      const pair = [reminder({ tenantId: 'tenant-bulk', dueAt: '2024-03-26T08:00:00.000Z' }), reminder({ tenantId: 'tenant-bulk', dueAt: '2024-03-27T08:00:00.000Z' })];
      const probe = counting(store);
      await new ReminderRepository(probe.store, clock).upsertMany(pair);
      expect(probe.counts.calls).toEqual({ upsertAcross: 1 });

      // The bulk call fails once (say, throttled): the same upserts are made one partition at a time, entries first.
      const order: string[] = [];
      const failing: DocumentStore = {
        kind: store.kind,
        container: <T extends BaseDocument>(name: string) => {
          const inner = store.container<T>(name);
          return new Proxy(inner, {
            get(target, property, receiver) {
              const value = Reflect.get(target, property, receiver) as unknown;
              if (property === 'upsertAcross') return async () => Promise.reject(new StoreError('Unavailable', 'throttled'));
              if (property !== 'upsertMany' && property !== 'upsert') return typeof value === 'function' ? value.bind(target) : value;
              return async (docs: Array<{ pk: string }> | { pk: string }) => {
                order.push(...[docs].flat().map((d) => (d.pk.startsWith('_due|') ? 'entry' : 'reminder')));
                return (value as (d: unknown) => Promise<unknown>).call(target, docs);
              };
            },
          });
        },
        health: () => store.health(),
        close: () => store.close(),
      };
      const later = pair.map((r) => ({ ...r, dueAt: new Date(Date.parse(r.dueAt) + 3_600_000).toISOString() }));
      const written = await new ReminderRepository(failing, clock).upsertMany(later);
      expect(written.map((w) => w.value.dueAt)).toEqual(later.map((r) => r.dueAt));
      expect(order).toEqual(['entry', 'entry', 'reminder', 'reminder']);

      // Both versions' entries are there; the old ones are dropped when met. The new times are what gets sent.
      clock.set('2024-03-27T09:00:00.000Z');
      const repository = new ReminderRepository(store, clock);
      const due = await repository.dueCandidates(clock.now(), 10);
      expect(due.map((c) => [c.value.id, c.value.dueAt]).sort()).toEqual(later.map((r) => [r.id, r.dueAt]).sort());
    } finally {
      await store.close();
    }
  }, 60_000);

  it('a claimed reminder is not read again by another process while its lease holds; after the lease it is taken over', async () => {
    const store = await open('due-lease');
    try {
      const clock = new FixedClock(NOW);
      const repository = new ReminderRepository(store, clock);
      const r = reminder();
      await repository.upsert(r);
      const [candidate] = await repository.dueCandidates(clock.now(), 10);
      // Process A claims it and dies before completing.
      const { claimed } = await import('../../src/domain/reminders/reminder.js');
      await repository.replace(claimed(candidate!.value, 'a', clock.now(), 60_000), candidate!.etag, candidate!.due);
      const other = new ReminderRepository(store, clock);
      expect(await other.dueCandidates(clock.now(), 10)).toEqual([]);
      expect(other.lastScan).toMatchObject({ entries: 0, reads: 0 });
      // A second claim through the entry A already moved fails as a conflict.
      await expect(repository.replace(claimed(candidate!.value, 'b', clock.now(), 60_000), candidate!.etag, candidate!.due)).rejects.toThrow(/taken by another process/);
      clock.advance(60_000);
      const sent: string[] = [];
      const b = new ReminderScheduler({ repository: other, clock, owner: 'b', deliver: async (x) => (sent.push(x.id), 'sent') });
      expect(await b.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
      expect(sent).toEqual([r.id]);
      expect((await other.get(r.tenantId, r.id))?.value).toMatchObject({ status: 'done', attempts: 2 });
      clock.advance(60_000);
      await other.dueCandidates(clock.now(), 10);
      expect(other.lastScan).toMatchObject({ entries: 0 });
    } finally {
      await store.close();
    }
  }, 60_000);
});
