import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, systemClock, type Clock } from '../../src/domain/ports.js';
import { MAX_ATTEMPTS, type Reminder } from '../../src/domain/reminders/reminder.js';
import { ReminderScheduler, type DeliveryResult, type PassResult } from '../../src/scheduler/reminder-scheduler.js';
import { CosmosStore } from '../../src/store/cosmos-store.js';
import { StoreError, type DocumentStore } from '../../src/store/document-store.js';
import { REMINDERS_CONTAINER, ReminderRepository, type DueSlot } from '../../src/store/reminder-repository.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { startCosmosServer } from '../helpers/cosmos-server.js';
import { startWorker } from '../helpers/worker-process.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKER = join(REPO_ROOT, 'test/scheduler/reminder-worker.ts');

/** Mon 25 March 2024, 09:00 in Stockholm (winter time). */
const MONDAY_NINE = '2024-03-25T08:00:00.000Z';

let counter = 0;
function reminder(overrides: Partial<Reminder> = {}): Reminder {
  counter++;
  return {
    id: `r-${counter}`,
    tenantId: 't1',
    conversationKey: '19:core-team@thread.tacv2',
    kind: 'custom',
    dueAt: MONDAY_NINE,
    payload: { text: 'Styrgruppsrapporten ska in' },
    status: 'pending',
    attempts: 0,
    createdAt: '2024-03-01T08:00:00.000Z',
    updatedAt: '2024-03-01T08:00:00.000Z',
    ...overrides,
  };
}

/** A deliverer that records what it was asked to send; `outcome` decides the answer per call. */
function recorder(outcome: (reminder: Reminder) => DeliveryResult | Promise<DeliveryResult> = () => 'sent') {
  const sent: string[] = [];
  const deliver = async (r: Reminder): Promise<DeliveryResult> => {
    sent.push(r.id);
    return outcome(r);
  };
  return { sent, deliver };
}

const tempDirs: string[] = [];
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shk-reminders-'));
  tempDirs.push(dir);
  return join(dir, 'reminders.sqlite');
}
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe.each([
  ['SQLite (indexed due query)', false],
  ['SQLite with the time-bucketed due index (as on Cosmos DB)', true],
])('the reminder scheduler on %s', (_name, dueIndex) => {
  let store: SqliteStore;
  let clock: FixedClock;
  let repository: ReminderRepository;
  const scheduler = (deliver: (r: Reminder) => Promise<DeliveryResult>, options: { owner?: string; startedAt?: Date; clock?: Clock } = {}) =>
    new ReminderScheduler({ repository, clock: options.clock ?? clock, deliver, owner: options.owner ?? 'process-a', ...(options.startedAt ? { startedAt: options.startedAt } : {}) });
  const stored = async (r: Reminder) => (await repository.get(r.tenantId, r.id))?.value;

  beforeEach(async () => {
    store = SqliteStore.open({ file: await tempFile() });
    clock = new FixedClock('2024-03-25T08:00:10.000Z');
    repository = new ReminderRepository(store, clock, { dueIndex });
  });
  afterEach(async () => {
    await store.close();
  });

  it('sends a one-off reminder once, when it is due, and marks it done', async () => {
    const r = reminder();
    await repository.upsert(r);
    const { sent, deliver } = recorder();
    const s = scheduler(deliver);

    expect(await s.runOnce()).toEqual<PassResult>({ claimed: 1, sent: 1, late: 0, failed: 0, skipped: 0, retried: 0 });
    expect(await s.runOnce()).toMatchObject({ claimed: 0, sent: 0 });
    clock.advance(3_600_000);
    await s.runOnce();

    expect(sent).toEqual([r.id]);
    const done = await stored(r);
    expect(done).toMatchObject({ status: 'done', attempts: 1, sentAt: '2024-03-25T08:00:10.000Z', late: false });
    expect(done?.lease).toBeUndefined();
  });

  it('does not send a reminder before it is due', async () => {
    const r = reminder({ dueAt: '2024-03-25T08:00:11.000Z' });
    await repository.upsert(r);
    const { sent, deliver } = recorder();
    const s = scheduler(deliver);
    expect(await s.runOnce()).toMatchObject({ claimed: 0, skipped: 0 });
    expect(sent).toEqual([]);
    expect(await stored(r)).toMatchObject({ status: 'pending', attempts: 0 });
    clock.advance(1_000);
    await s.runOnce();
    expect(sent).toEqual([r.id]);
  });

  it('re-arms a weekly reminder to next Monday 09:00, in summer time after the change', async () => {
    const r = reminder({ recurrence: { rule: 'weekly', weekday: 1, time: '09:00' } });
    await repository.upsert(r);
    const { sent, deliver } = recorder();
    const s = scheduler(deliver);

    await s.runOnce();
    expect(await stored(r)).toMatchObject({ status: 'pending', dueAt: '2024-04-01T07:00:00.000Z', attempts: 0, sentAt: '2024-03-25T08:00:10.000Z' });
    expect((await stored(r))?.lease).toBeUndefined();

    clock.set('2024-04-01T06:59:59.000Z');
    await s.runOnce();
    expect(sent).toEqual([r.id]);
    clock.set('2024-04-01T07:00:00.000Z');
    await s.runOnce();
    expect(sent).toEqual([r.id, r.id]);
    expect(await stored(r)).toMatchObject({ status: 'pending', dueAt: '2024-04-08T07:00:00.000Z' });
  });

  it('sends what fell due while the bot was down at start, marked late; what is just due is not late', async () => {
    const night = [reminder({ dueAt: '2024-03-25T01:00:00.000Z' }), reminder({ dueAt: '2024-03-25T05:30:00.000Z' })];
    const weekly = reminder({ dueAt: '2024-03-18T08:00:00.000Z', recurrence: { rule: 'weekly', weekday: 1, time: '09:00' } });
    const onTime = reminder({ dueAt: '2024-03-25T08:00:00.000Z' });
    for (const r of [...night, weekly, onTime]) await repository.upsert(r);
    const { sent, deliver } = recorder();
    const s = scheduler(deliver, { startedAt: clock.now() });

    expect(await s.runOnce()).toMatchObject({ claimed: 4, sent: 4, late: 3 });
    expect(sent).toEqual([weekly.id, night[0]!.id, night[1]!.id, onTime.id]); // oldest first
    for (const r of night) expect(await stored(r)).toMatchObject({ status: 'done', late: true });
    expect(await stored(onTime)).toMatchObject({ status: 'done', late: false });
    // A series that missed a week is sent once (late) and continues from now, not replaying missed weeks.
    expect(await stored(weekly)).toMatchObject({ status: 'pending', late: true, dueAt: '2024-04-01T07:00:00.000Z' });
  });

  it('retries a delivery that threw, later, with back-off, and does not lose it', async () => {
    const r = reminder();
    await repository.upsert(r);
    let failures = 2;
    const { sent, deliver } = recorder(() => {
      if (failures-- > 0) throw new Error('502 Bad Gateway');
      return 'sent';
    });
    const s = scheduler(deliver);

    expect(await s.runOnce()).toMatchObject({ claimed: 1, retried: 1, sent: 0 });
    expect(await stored(r)).toMatchObject({ status: 'pending', attempts: 1, dueAt: '2024-03-25T08:02:10.000Z', originalDueAt: MONDAY_NINE, lastError: 'Error: 502 Bad Gateway' });
    expect((await stored(r))?.lease).toBeUndefined();
    await s.runOnce();
    expect(sent).toHaveLength(1); // not before the back-off

    clock.advance(2 * 60_000);
    expect(await s.runOnce()).toMatchObject({ retried: 1 });
    expect(await stored(r)).toMatchObject({ status: 'pending', attempts: 2, dueAt: '2024-03-25T08:06:10.000Z' });

    clock.advance(4 * 60_000);
    expect(await s.runOnce()).toMatchObject({ sent: 1, late: 1 });
    expect(sent).toEqual([r.id, r.id, r.id]);
    const done = await stored(r);
    expect(done).toMatchObject({ status: 'done', attempts: 3, late: true });
    expect(done?.lastError).toBeUndefined();
    expect(done?.originalDueAt).toBeUndefined();
  });

  it(`gives a one-off up as failed after ${MAX_ATTEMPTS} attempts`, async () => {
    const r = reminder();
    await repository.upsert(r);
    const { sent, deliver } = recorder(() => {
      throw new Error('still down');
    });
    const s = scheduler(deliver);
    for (let i = 0; i < 15; i++) {
      await s.runOnce();
      clock.advance(3_600_000);
    }
    expect(sent).toHaveLength(MAX_ATTEMPTS);
    expect(await stored(r)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect((await stored(r))?.lastError).toMatch(/gave up after 10 attempts: Error: still down/);
  });

  it('marks a reminder failed when the bot is gone from the conversation, and never retries it', async () => {
    const r = reminder({ recurrence: { rule: 'daily', time: '09:00' } });
    await repository.upsert(r);
    const { sent, deliver } = recorder(() => ({ gone: '403 BotNotInConversationRoster' }));
    const s = scheduler(deliver);
    expect(await s.runOnce()).toMatchObject({ claimed: 1, failed: 1, sent: 0 });
    clock.advance(7 * 86_400_000);
    await s.runOnce();
    expect(sent).toEqual([r.id]);
    expect(await stored(r)).toMatchObject({ status: 'failed', lastError: '403 BotNotInConversationRoster' });
    expect((await stored(r))?.lease).toBeUndefined();
  });

  it('re-claims a reminder left "sending" by a dead process once its lease has expired', async () => {
    const r = reminder({ status: 'sending', attempts: 1, lease: { owner: 'dead-process', until: '2024-03-25T08:00:09.999Z' } });
    await repository.upsert(r);
    const { sent, deliver } = recorder();
    expect(await scheduler(deliver).runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(sent).toEqual([r.id]);
    expect(await stored(r)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it("leaves a reminder alone while another process's lease on it is still valid", async () => {
    const r = reminder({ status: 'sending', attempts: 1, lease: { owner: 'process-b', until: '2024-03-25T08:00:40.000Z' } });
    await repository.upsert(r);
    const { sent, deliver } = recorder();
    const s = scheduler(deliver);
    // A reminder under a live lease is not even a candidate (the query leaves it out).
    expect(await s.runOnce()).toMatchObject({ claimed: 0, skipped: 0 });
    clock.set('2024-03-25T08:00:39.999Z');
    expect(await s.runOnce()).toMatchObject({ claimed: 0, skipped: 0 });
    expect(sent).toEqual([]);
    expect(await stored(r)).toMatchObject({ status: 'sending', lease: { owner: 'process-b' } });
    clock.advance(1);
    expect(await s.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(sent).toEqual([r.id]);
  });

  it('does not send a cancelled reminder', async () => {
    const r = reminder();
    await repository.upsert(r);
    expect(await repository.cancel('t1', r.id)).toMatchObject({ status: 'cancelled' });
    expect(await repository.cancel('other-tenant', r.id)).toBeUndefined();
    const { sent, deliver } = recorder();
    expect(await scheduler(deliver).runOnce()).toMatchObject({ claimed: 0, skipped: 0 });
    expect(sent).toEqual([]);
  });

  it('does not send again when the store fails while recording the outcome; it records it on the next pass', async () => {
    const r = reminder();
    await repository.upsert(r);
    let failNextComplete = false;
    const flaky = {
      dueCandidates: repository.dueCandidates.bind(repository),
      get: repository.get.bind(repository),
      replace: async (next: Reminder, etag: string, due?: DueSlot) => {
        if (failNextComplete && next.status === 'done') {
          failNextComplete = false;
          throw new StoreError('Unavailable', 'disk I/O error');
        }
        return repository.replace(next, etag, due);
      },
    };
    failNextComplete = true;
    const { sent, deliver } = recorder();
    const s = new ReminderScheduler({ repository: flaky, clock, deliver, owner: 'process-a' });
    expect(await s.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await stored(r)).toMatchObject({ status: 'sending' });
    clock.advance(61_000); // even past the lease, this process knows it already sent it
    await s.runOnce();
    expect(sent).toEqual([r.id]);
    expect(await stored(r)).toMatchObject({ status: 'done' });
  });

  it("lists a conversation's upcoming reminders, soonest first, and keeps tenants apart", async () => {
    const later = reminder({ dueAt: '2024-04-01T07:00:00.000Z' });
    const sooner = reminder({ dueAt: '2024-03-26T07:00:00.000Z' });
    const elsewhere = reminder({ conversationKey: 'other' });
    const otherTenant = reminder({ tenantId: 't2' });
    for (const r of [later, sooner, elsewhere, otherTenant]) await repository.upsert(r);
    expect((await repository.listForConversation('t1', later.conversationKey)).map((r) => r.id)).toEqual([sooner.id, later.id]);
    expect(await repository.get('t2', later.id)).toBeUndefined();
    await expect(repository.upsert(reminder({ dueAt: '2024-03-25 09:00' }))).rejects.toThrowError(StoreError);
  });

  it('start() catches up at once and keeps polling; stop() waits for the pass in progress', async () => {
    const r = reminder();
    const later = reminder({ dueAt: '2024-03-25T08:05:00.000Z' });
    await repository.upsert(r);
    await repository.upsert(later);
    const { sent, deliver } = recorder();
    const s = scheduler(deliver);
    s.start(10);
    await waitFor(() => sent.length === 1);
    clock.set('2024-03-25T08:05:00.000Z');
    await waitFor(() => sent.length === 2);
    await s.stop();
    expect(sent).toEqual([r.id, later.id]);
    expect(await stored(later)).toMatchObject({ status: 'done' });
  });

  it('two schedulers in one process on one file deliver each reminder exactly once', async () => {
    const reminders = Array.from({ length: 100 }, () => reminder());
    for (const r of reminders) await repository.upsert(r);
    const { sent, deliver } = recorder(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return 'sent' as const;
    });
    const a = new ReminderScheduler({ repository, clock, deliver, owner: 'a', batch: 30, concurrency: 5 });
    const b = new ReminderScheduler({ repository, clock, deliver, owner: 'b', batch: 30, concurrency: 5 });
    await Promise.all([drain(a), drain(b)]);
    expect(sent).toHaveLength(100);
    expect(new Set(sent).size).toBe(100);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Runs passes until one finds nothing due at all. */
async function drain(scheduler: ReminderScheduler): Promise<PassResult> {
  const total: PassResult = { claimed: 0, sent: 0, late: 0, failed: 0, skipped: 0, retried: 0 };
  for (let passes = 0; passes < 10_000; passes++) {
    const pass = await scheduler.runOnce();
    for (const key of Object.keys(total) as Array<keyof PassResult>) total[key] += pass[key];
    if (pass.claimed === 0 && pass.skipped === 0) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('scheduler did not drain');
}

async function seed(store: DocumentStore, count: number, prefix: string): Promise<string[]> {
  const repository = new ReminderRepository(store, systemClock);
  const ids: string[] = [];
  const dueAt = new Date(Date.now() - 60_000).toISOString();
  for (let i = 0; i < count; i++) {
    const r = reminder({ id: `${prefix}-${i}`, tenantId: `tenant-${i % 3}`, dueAt });
    await repository.upsert(r);
    ids.push(r.id);
  }
  return ids;
}

function assertExactlyOnce(ids: string[], deliveries: string[]): void {
  const counts = new Map<string, number>();
  for (const id of deliveries) counts.set(id, (counts.get(id) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  const missing = ids.filter((id) => !counts.has(id));
  expect(twice, 'delivered more than once').toEqual([]);
  expect(missing, 'never delivered').toEqual([]);
  expect(deliveries).toHaveLength(ids.length);
}

describe('exactly once across processes', () => {
  it('two processes on one SQLite file deliver 500 due reminders exactly once between them', async () => {
    const file = await tempFile();
    const store = SqliteStore.open({ file });
    try {
      const ids = await seed(store, 500, 'rem');
      const worker = await startWorker(WORKER, [file, 'child-process']);

      const parentSent: string[] = [];
      const parent = new ReminderScheduler({
        repository: new ReminderRepository(store, systemClock),
        clock: systemClock,
        owner: 'parent-process',
        batch: 50,
        concurrency: 10,
        deliver: async (r) => {
          parentSent.push(r.id);
          await new Promise((resolve) => setImmediate(resolve));
          return 'sent';
        },
      });
      const startAt = Date.now() + 100;
      worker.go(startAt);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt - Date.now())));
      const parentTotals = await drain(parent);

      expect(await worker.exited, worker.stderr()).toBe(0);
      const childSent = worker.stdout().split('\n').filter((line) => line.startsWith('sent ')).map((line) => line.slice(5));
      const childTotals = JSON.parse(worker.stdout().split('\n').find((line) => line.startsWith('{')) ?? '{}') as Record<string, number>;
      console.info(
        `two processes: parent sent ${parentSent.length} (skipped ${parentTotals.skipped}), child sent ${childSent.length} (skipped ${childTotals.skipped}, passes ${childTotals.passes})`,
      );
      assertExactlyOnce(ids, [...parentSent, ...childSent]);
      const all = await new ReminderRepository(store).dueCandidates(new Date(), 1000);
      expect(all).toEqual([]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('two schedulers on Cosmos DB (@vercel/cosmosdb-server) deliver 100 due reminders exactly once between them', async () => {
    const server = await startCosmosServer();
    const store = await CosmosStore.open({ endpoint: server.endpoint, key: server.key, databaseId: 'reminders-test', containers: [REMINDERS_CONTAINER], clientOptions: server.clientOptions });
    try {
      const ids = await seed(store, 100, 'cosmos');
      const sentBy = { a: [] as string[], b: [] as string[] };
      const make = (owner: 'a' | 'b') =>
        new ReminderScheduler({
          repository: new ReminderRepository(store, systemClock),
          clock: systemClock,
          owner,
          batch: 100,
          concurrency: 10,
          deliver: async (r) => {
            sentBy[owner].push(r.id);
            await new Promise((resolve) => setImmediate(resolve));
            return 'sent';
          },
        });
      const [a, b] = await Promise.all([drain(make('a')), drain(make('b'))]);
      console.info(`cosmos: a sent ${a.sent} (skipped ${a.skipped}), b sent ${b.sent} (skipped ${b.skipped})`);
      assertExactlyOnce(ids, [...sentBy.a, ...sentBy.b]);
      const repository = new ReminderRepository(store);
      for (const id of ids.slice(0, 5)) expect((await repository.get(`tenant-${Number(id.split('-')[1]) % 3}`, id))?.value.status).toBe('done');
    } finally {
      await store.close();
      await server.close();
    }
  }, 120_000);
});
