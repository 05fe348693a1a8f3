/**
 * Reminders due at once: N reminders over C conversations (spread over T tenants), all due at the same instant,
 * delivered by P scheduler PROCESSES on one SQLite file (WAL) through ProactiveSender + BotConnectorTransport to a
 * connector that enforces Teams' per-conversation limits (7 per 1 s, 60 per 30 s, sliding; 429 + Retry-After beyond).
 * Measures the time to deliver all against the theoretical minimum, duplicates and losses. In-run baseline: one
 * process, no limits anywhere (the ceiling of claim + deliver + complete). See bench/README.md.
 *
 *   npx tsx bench/reminders.ts                       # 2000 reminders, 50 conversations, 10 tenants, 2 processes
 *   npx tsx bench/reminders.ts --reminders 10000     # the issue's size (≈ 92 s minimum)
 *   npx tsx bench/reminders.ts --help
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ConversationAddress } from '../src/domain/conversations/conversation.js';
import { conversationKey } from '../src/domain/conversations/conversation.js';
import type { Reminder } from '../src/domain/reminders/reminder.js';
import { SlidingWindowLimiter, TEAMS_TENANT_WINDOWS, type Window } from '../src/teams/rate-limiter.js';
import { ReminderRepository, REMINDERS_CONTAINER, type ReminderDocument } from '../src/store/reminder-repository.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { FixedClock } from '../src/domain/ports.js';
import { boundLifetime, killAllChildrenNow, startChild, type Child } from './children.js';
import type { WorkerOptions, WorkerSummary } from './reminder-worker.js';
import { intFlag, percentile, round, table } from './stats.js';
import { REMINDER_BATCH, REMINDER_CONCURRENCY, REMINDER_INTERVAL_MS, REMINDER_LEASE_MS } from '../src/app.js';

const HELP = `Usage: npx tsx bench/reminders.ts [flags]

  --reminders N        reminders, all due at the same instant (default 2000; the issue's size is 10000)
  --conversations N    group chats they are spread over, round-robin (default 50)
  --tenants N          tenants the conversations are spread over, round-robin (default 10; 1 = one tenant,
                       where the sender's 30/s tenant cap dominates)
  --processes N        scheduler processes on the one SQLite file (default 2)
  --batch N            ReminderScheduler batch (candidates per round; default 500, as src/app.ts)
  --concurrency N      ReminderScheduler concurrency (deliveries in flight per process; default 100, as src/app.ts)
  --lease-ms MS        ReminderScheduler leaseMs (default 720000 = REMINDER_LEASE_MS of src/app.ts)
  --max-retry-ms MS    ProactiveSender maxRetryMs (default 600000, the sender's production default)
  --tick-ms MS         passes start on this timer (default 30000 = REMINDER_INTERVAL_MS); 0 = back to back
  --idle-ms MS         with --tick-ms 0: pause after a pass that claimed nothing (default 200)
  --due-index          the time-bucketed due index (the Cosmos DB default) instead of SQLite's indexed due query
  --not-due N          pass cost: find 100 due reminders among N not due vs among none, both stores,
                       interleaved (default 40000; 0 skips it)
  --no-deliveries      only the pass cost
  --no-baseline        skip the unlimited one-process baseline
  --max-seconds S      hard limit for the whole run (default 280)
  --json               print machine-readable results (only) on stdout
  --verbose            pass the workers' stderr through
`;

const { values: flags } = parseArgs({
  options: {
    reminders: { type: 'string', default: '2000' },
    conversations: { type: 'string', default: '50' },
    tenants: { type: 'string', default: '10' },
    processes: { type: 'string', default: '2' },
    batch: { type: 'string' },
    concurrency: { type: 'string' },
    'lease-ms': { type: 'string', default: String(REMINDER_LEASE_MS) },
    'max-retry-ms': { type: 'string', default: '600000' },
    'tick-ms': { type: 'string', default: String(REMINDER_INTERVAL_MS) },
    'idle-ms': { type: 'string', default: '200' },
    'due-index': { type: 'boolean', default: false },
    'not-due': { type: 'string', default: '40000' },
    'no-deliveries': { type: 'boolean', default: false },
    'no-baseline': { type: 'boolean', default: false },
    'max-seconds': { type: 'string', default: '500' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const reminderCount = intFlag('reminders', flags.reminders, 1, 1_000_000);
const conversationCount = intFlag('conversations', flags.conversations, 1, 100_000);
const tenantCount = intFlag('tenants', flags.tenants, 1, conversationCount);
const processCount = intFlag('processes', flags.processes, 1, 16);
const workerOptions: Omit<WorkerOptions, 'senderLimits'> = {
  batch: intFlag('batch', flags.batch ?? String(REMINDER_BATCH), 1, 1_000_000),
  concurrency: intFlag('concurrency', flags.concurrency ?? String(REMINDER_CONCURRENCY), 1, 1_000_000),
  leaseMs: intFlag('lease-ms', flags['lease-ms'], 1000, 24 * 3_600_000),
  maxRetryMs: intFlag('max-retry-ms', flags['max-retry-ms'], 0, 24 * 3_600_000),
  idleMs: intFlag('idle-ms', flags['idle-ms'], 1, 60_000),
  tickMs: intFlag('tick-ms', flags['tick-ms'], 0, 3_600_000),
  dueIndex: flags['due-index'],
};
const notDueCount = intFlag('not-due', flags['not-due'], 0, 1_000_000);
const maxSeconds = intFlag('max-seconds', flags['max-seconds'], 10, 3600);
const log = (text: string) => process.stderr.write(`${text}\n`);

// ---------------------------------------------------------------- the connector (in this process)

/** Teams' per-conversation limits as the connector enforces them (1800/h does not bind at this scale). */
const CONNECTOR_WINDOWS: readonly Window[] = [
  { limit: 7, perMs: 1_000 },
  { limit: 60, perMs: 30_000 },
];

interface Delivery {
  count: number;
  firstAt: number;
  owners: string[];
  conversationId: string;
}

/**
 * A stand-in for the Bot Connector: POST /v3/conversations/{id}/activities. With `limits`, each conversation id has
 * sliding windows over the messages it ACCEPTED (rejected attempts do not count); a message beyond them gets 429 with
 * `Retry-After: <whole seconds until the window has room>` (at least 1). Otherwise 201 with an activity id, and the
 * reminder id in the text ("[<id>]") is recorded with the instant and the sending process.
 */
class LimitingConnector {
  readonly deliveries = new Map<string, Delivery>();
  accepted = 0;
  throttled = 0;
  other = 0;
  unparsed = 0;
  lastAcceptedAt = 0;
  private readonly accepts = new Map<string, number[]>();
  private server?: Server;
  private nextId = 1;

  constructor(private readonly limits: boolean) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.keepAliveTimeout = 5000; // > 1 s, so the bot's agent reuses connections as with Teams
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** 429s by the window that refused them ('7/1s', '60/30s'), and the Retry-After seconds answered (sum, max). */
  readonly throttledBy: Record<string, number> = {};
  retryAfterSumS = 0;
  retryAfterMaxS = 0;

  /** When a message to this conversation would be within every window again, or 0 if it is now. */
  private blockedUntil(conversationId: string, now: number): number {
    const sent = this.accepts.get(conversationId) ?? [];
    let until = 0;
    let by = '';
    for (const { limit, perMs } of CONNECTOR_WINDOWS) {
      if (sent.length >= limit) {
        const blocking = sent[sent.length - limit]!;
        if (blocking + perMs > until && blocking + perMs > now) [until, by] = [blocking + perMs, `${limit}/${perMs / 1000}s`];
      }
    }
    if (until > 0) this.throttledBy[by] = (this.throttledBy[by] ?? 0) + 1;
    return until;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const parts = new URL(req.url ?? '/', 'http://x').pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (req.method !== 'POST' || parts[0] !== 'v3' || parts[1] !== 'conversations' || parts[3] !== 'activities' || parts.length !== 4) {
      this.other++;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NotFound', message: 'not found' } }));
      return;
    }
    const conversationId = parts[2]!;
    const now = Date.now();
    if (this.limits) {
      const until = this.blockedUntil(conversationId, now);
      if (until > 0) {
        this.throttled++;
        const retryAfterS = Math.max(1, Math.ceil((until - now) / 1000));
        this.retryAfterSumS += retryAfterS;
        this.retryAfterMaxS = Math.max(this.retryAfterMaxS, retryAfterS);
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfterS) });
        res.end(JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }));
        return;
      }
    }
    let sent = this.accepts.get(conversationId);
    if (!sent) this.accepts.set(conversationId, (sent = []));
    sent.push(now);
    if (sent.length > 60) sent.splice(0, sent.length - 60);
    this.accepted++;
    this.lastAcceptedAt = now;
    const text = String((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text?: string }).text ?? '');
    const match = /\[([^\]]+)\] · (.+)$/.exec(text);
    if (!match) this.unparsed++;
    else {
      const [, id, owner] = match as unknown as [string, string, string];
      const known = this.deliveries.get(id);
      if (known) {
        known.count++;
        known.owners.push(owner);
      } else this.deliveries.set(id, { count: 1, firstAt: now, owners: [owner], conversationId });
    }
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `activity-${this.nextId++}` }));
  }
}

// ---------------------------------------------------------------- the load

interface Seeded {
  file: string;
  /** Reminder id → the conversation it must reach. */
  expected: Map<string, string>;
  perConversation: Map<string, number>;
  perTenant: Map<string, number>;
  seedMs: number;
}

function conversationAddress(c: number, serviceUrl: string): ConversationAddress {
  return {
    tenantId: `bench-tenant-${c % tenantCount}`,
    kind: 'groupChat',
    conversationId: `19:bench-chat-${c}@thread.v2`,
    serviceUrl,
    channelIdName: 'msteams',
    botId: '28:bench-bot',
    botName: 'SHK-boten',
  };
}

/** Writes the reminders with ReminderRepository.upsert: ids as the app makes them, all due at `dueAt`. */
async function seed(dir: string, name: string, serviceUrl: string, dueAt: Date): Promise<Seeded> {
  const started = Date.now();
  const file = join(dir, `${name}.sqlite`);
  const store = SqliteStore.open({ file });
  const repository = new ReminderRepository(store, undefined, { dueIndex: workerOptions.dueIndex });
  const expected = new Map<string, string>();
  const perConversation = new Map<string, number>();
  const perTenant = new Map<string, number>();
  const at = dueAt.toISOString();
  for (let i = 0; i < reminderCount; i++) {
    const address = conversationAddress(i % conversationCount, serviceUrl);
    const id = `custom-${randomUUID()}`;
    const reminder: Reminder = {
      id,
      tenantId: address.tenantId,
      conversationKey: conversationKey(address),
      kind: 'custom',
      dueAt: at,
      payload: { text: `Påminnelse nr ${i + 1} [${id}]`, address },
      status: 'pending',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
    };
    await repository.upsert(reminder);
    expected.set(id, address.conversationId);
    perConversation.set(address.conversationId, (perConversation.get(address.conversationId) ?? 0) + 1);
    perTenant.set(address.tenantId, (perTenant.get(address.tenantId) ?? 0) + 1);
  }
  await store.close();
  return { file, expected, perConversation, perTenant, seedMs: Date.now() - started };
}

// ---------------------------------------------------------------- the theoretical minimum

/** Greedy earliest-slot schedule of `n` messages under `windows` (optimal for one stream): the last send, ms after 0. */
function streamMinimumMs(n: number, windows: readonly Window[]): number {
  const limiter = new SlidingWindowLimiter(windows);
  let t = 0;
  for (let k = 0; k < n; k++) {
    t = limiter.nextSlot(t);
    limiter.record(t);
  }
  return n === 0 ? 0 : t;
}

/**
 * A feasible schedule under both the conversation windows and the 30/s tenant cap, per tenant: always send next
 * the conversation that can send earliest. Its end is an upper bound on the optimum, max(per-conversation,
 * per-tenant) a lower bound; for the default spread both are the per-conversation figure.
 */
function combinedScheduleMs(seeded: Seeded): number {
  let end = 0;
  for (let t = 0; t < tenantCount; t++) {
    const tenant = new SlidingWindowLimiter(TEAMS_TENANT_WINDOWS);
    const lanes: Array<{ left: number; limiter: SlidingWindowLimiter }> = [];
    for (let c = t; c < conversationCount; c += tenantCount) {
      lanes.push({ left: seeded.perConversation.get(`19:bench-chat-${c}@thread.v2`) ?? 0, limiter: new SlidingWindowLimiter(CONNECTOR_WINDOWS) });
    }
    let now = 0;
    for (;;) {
      let best: (typeof lanes)[number] | undefined;
      let bestAt = Infinity;
      for (const lane of lanes) {
        if (lane.left === 0) continue;
        const at = Math.max(lane.limiter.nextSlot(now), tenant.nextSlot(now));
        if (at < bestAt || (at === bestAt && best !== undefined && lane.left > best.left)) [best, bestAt] = [lane, at];
      }
      if (!best) break;
      now = bestAt;
      best.limiter.record(now);
      tenant.record(now);
      best.left--;
    }
    end = Math.max(end, now);
  }
  return end;
}

// ---------------------------------------------------------------- a run

interface RunResult {
  name: string;
  processes: number;
  limits: boolean;
  reminders: number;
  timedOut: boolean;
  delivered: number;
  duplicates: number;
  duplicateIds: string[];
  lost: number;
  wrongConversation: number;
  throttled429: number;
  /** 429s by refusing window, and the Retry-After seconds answered. */
  throttledBy: Record<string, number>;
  retryAfterSumS: number;
  retryAfterMaxS: number;
  accepted: number;
  totalMs: number;
  latencyP50Ms: number;
  latencyP95Ms: number;
  latencyMaxMs: number;
  workers: WorkerSummary[];
  perProcessDelivered: Record<string, number>;
  finalStatus: Record<string, number>;
  attemptsAbove1: number;
}

async function runOnce(name: string, dir: string, processes: number, limits: boolean, deadline: number): Promise<RunResult> {
  const connector = await new LimitingConnector(limits).start();
  const workers: Child[] = [];
  try {
    const dueAt = new Date();
    const seeded = await seed(dir, name, connector.url, dueAt);
    log(`[${name}] seeded ${reminderCount} reminders in ${seeded.seedMs} ms; starting ${processes} scheduler process(es)`);
    const options: WorkerOptions = { ...workerOptions, senderLimits: limits };
    for (let p = 0; p < processes; p++) {
      const owner = String.fromCharCode(65 + p);
      workers.push(await startChild(`worker ${owner}`, 'reminder-worker.ts', { args: [seeded.file, owner, JSON.stringify(options)], verbose: flags.verbose }));
    }
    const goAt = Date.now() + 300; // every worker starts its first pass at the same instant
    const left = deadline - goAt;
    if (left <= 0) throw new Error('out of time before the run started');
    // At the deadline the workers are left unfinished: what reached the connector by then is counted, the rest is lost.
    const settled = await Promise.allSettled(workers.map((w) => w.call<WorkerSummary>('run', left, { goAt })));
    const timedOut = settled.some((s) => s.status === 'rejected');
    if (timedOut) log(`[${name}] TIMEOUT: not finished by --max-seconds; reporting what was delivered until then`);
    const summaries = settled.map((s, p): WorkerSummary =>
      s.status === 'fulfilled'
        ? s.value
        : { owner: String.fromCharCode(65 + p), pid: 0, passes: 0, claimed: 0, sent: 0, skipped: 0, retried: 0, failed: 0, late: 0, deliverErrors: 0, senderRetries: 0, senderRetryWaitMs: 0, senderRetryWaitMaxMs: 0, maxDeliverMs: 0, warnings: { 'not finished (timeout)': 1 }, startedMs: 0, finishedMs: 0, cpuUs: 0 },
    );
    if (timedOut) await Promise.all(workers.map((w) => w.stop(2000)));

    const latencies: number[] = [];
    let duplicates = 0;
    let wrongConversation = 0;
    const duplicateIds: string[] = [];
    const perProcessDelivered: Record<string, number> = {};
    for (const [id, d] of connector.deliveries) {
      if (!seeded.expected.has(id)) continue;
      if (d.count > 1) {
        duplicates += d.count - 1;
        duplicateIds.push(`${id} ×${d.count} (${d.owners.join(',')})`);
      }
      if (seeded.expected.get(id) !== d.conversationId) wrongConversation++;
      latencies.push(d.firstAt - Math.max(goAt, dueAt.getTime()));
      for (const owner of d.owners) perProcessDelivered[owner] = (perProcessDelivered[owner] ?? 0) + 1;
    }
    let delivered = 0;
    for (const id of seeded.expected.keys()) if (connector.deliveries.has(id)) delivered++;
    latencies.sort((a, b) => a - b);

    // What the store says afterwards: everything 'done', no reminder claimed more than once.
    const store = SqliteStore.open({ file: seeded.file });
    const finalStatus: Record<string, number> = {};
    let attemptsAbove1 = 0;
    for (const doc of await store.container<ReminderDocument>(REMINDERS_CONTAINER).queryAcross('', { where: [{ field: 'type', op: '=', value: 'reminder' }] })) {
      finalStatus[doc.status] = (finalStatus[doc.status] ?? 0) + 1;
      if (doc.attempts > 1) attemptsAbove1++;
    }
    await store.close();

    return {
      name,
      processes,
      limits,
      reminders: reminderCount,
      timedOut,
      delivered,
      duplicates,
      duplicateIds,
      lost: reminderCount - delivered,
      wrongConversation,
      throttled429: connector.throttled,
      throttledBy: connector.throttledBy,
      retryAfterSumS: connector.retryAfterSumS,
      retryAfterMaxS: connector.retryAfterMaxS,
      accepted: connector.accepted,
      totalMs: (connector.lastAcceptedAt || Date.now()) - goAt,
      latencyP50Ms: percentile(latencies, 50),
      latencyP95Ms: percentile(latencies, 95),
      latencyMaxMs: latencies.length ? latencies[latencies.length - 1]! : Number.NaN,
      workers: summaries,
      perProcessDelivered,
      finalStatus,
      attemptsAbove1,
      // seeded kept for the minimum below
      ...({ seeded } as object),
    } as RunResult & { seeded: Seeded };
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
    await connector.stop();
  }
}

// ---------------------------------------------------------------- pass cost: due among many not due

interface PassCostRow {
  mode: string;
  notDue: number;
  found: number;
  /** Store calls: queries (and counts); with the due index also the cursor read and one point read per entry. */
  queries: number;
  documentsRead: number;
  medianMs: number;
  p95Ms: number;
}

/**
 * What finding the due reminders costs a pass (`dueCandidates(now, batch)`, the only part of a pass that could grow
 * with the store), with `notDueCount` reminders not due (the rest of this hour, the next 90 days) against none:
 * two stores per mode, 100 due in each, timed alternately in the same run; counts from `ReminderRepository.lastScan`.
 */
async function passCost(dir: string): Promise<PassCostRow[]> {
  const now = new Date();
  const clock = new FixedClock(now.toISOString());
  const due = 100;
  const make = (i: number, dueAt: string, tenant: number): Reminder => ({
    id: `custom-${randomUUID()}`,
    tenantId: `bench-tenant-${tenant}`,
    conversationKey: `msteams|bench-tenant-${tenant}|19:bench-chat-${i % conversationCount}@thread.v2`,
    kind: 'custom',
    dueAt,
    payload: { text: `Påminnelse ${i}` },
    status: 'pending',
    attempts: 0,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  const cases: Array<{ mode: string; notDue: number; store: SqliteStore; repository: ReminderRepository; ms: number[] }> = [];
  for (const dueIndex of [false, true]) {
    for (const notDue of [0, notDueCount]) {
      const started = Date.now();
      const store = SqliteStore.open({ file: join(dir, `cost-${dueIndex ? 'index' : 'query'}-${notDue}.sqlite`) });
      const repository = new ReminderRepository(store, clock, { dueIndex });
      const reminders = [
        ...Array.from({ length: due }, (_, i) => make(i, new Date(now.getTime() - 60_000).toISOString(), i % tenantCount)),
        ...Array.from({ length: notDue }, (_, i) => make(i, new Date(now.getTime() + 1_000 + ((i * 7_919_000) % (90 * 24 * 3_600_000))).toISOString(), i % tenantCount)),
      ];
      for (let t = 0; t < tenantCount; t++) {
        const ofTenant = reminders.filter((r) => r.tenantId === `bench-tenant-${t}`);
        for (let i = 0; i < ofTenant.length; i += 100) await repository.upsertMany(ofTenant.slice(i, i + 100));
      }
      await repository.dueCandidates(now, workerOptions.batch); // the first pass sets the due index's cursor
      cases.push({ mode: dueIndex ? 'due index (Cosmos DB default)' : 'indexed due query (SQLite default)', notDue, store, repository, ms: [] });
      log(`[pass cost] seeded ${reminders.length} (${dueIndex ? 'due index' : 'indexed query'}) in ${Date.now() - started} ms`);
    }
  }
  const rows: PassCostRow[] = [];
  try {
    for (let rep = 0; rep < 40; rep++) {
      const order = rep % 2 === 0 ? cases : [...cases].reverse();
      for (const c of order) {
        const t0 = process.hrtime.bigint();
        const found = await c.repository.dueCandidates(now, workerOptions.batch);
        c.ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (found.length !== due) throw new Error(`pass cost: found ${found.length} due, expected ${due}`);
      }
    }
    for (const c of cases) {
      const sorted = c.ms.slice(5).sort((a, b) => a - b); // the first five warm up
      const scan = c.repository.lastScan;
      rows.push({ mode: c.mode, notDue: c.notDue, found: due, queries: scan.queries + (c.repository.dueIndex ? 1 + scan.reads : 0), documentsRead: scan.reads + scan.entries + (c.repository.dueIndex ? 1 : 0), medianMs: percentile(sorted, 50), p95Ms: percentile(sorted, 95) });
    }
  } finally {
    for (const c of cases) await c.store.close();
  }
  return rows;
}

// ---------------------------------------------------------------- main

const dir = await mkdtemp(join(tmpdir(), 'shk-bench-reminders-'));
const cleanup = () => rmSync(dir, { recursive: true, force: true });
const deadline = Date.now() + maxSeconds * 1000;
// A run that passes its own --max-seconds deadline reports what it delivered; this is the last resort after it.
const { watchdog: hardStop } = boundLifetime({ name: 'reminders', maxSeconds, cleanup, graceMs: 30_000 });
hardStop.unref();

const perConversationMax = Math.ceil(reminderCount / conversationCount);
const perTenantMax = Math.ceil(Math.ceil(conversationCount / tenantCount) * perConversationMax);

try {
  let costRows: PassCostRow[] = [];
  if (notDueCount > 0) {
    costRows = await passCost(dir);
    const byMode = (mode: string, notDue: number) => costRows.find((r) => r.mode === mode && r.notDue === notDue)!;
    const text = table([
      ['finding the due (batch ' + workerOptions.batch + ')', 'not due', 'due found', 'store calls', 'documents read', 'median ms', 'p95 ms', '× none'],
      ...costRows.map((r) => [r.mode, r.notDue, r.found, r.queries, r.documentsRead, round(r.medianMs, 2), round(r.p95Ms, 2), r.notDue === 0 ? '-' : round(r.medianMs / byMode(r.mode, 0).medianMs, 2)]),
    ]);
    if (!flags.json) process.stdout.write(`pass cost (35 timed passes per store, alternating; "documents read" = index entries + reminders + the cursor):\n${text}\n\n`);
  }
  if (flags['no-deliveries']) {
    if (flags.json) process.stdout.write(`${JSON.stringify({ passCost: costRows }, null, 2)}\n`);
    cleanup();
    process.exit(0);
  }
  log(`reminders ${reminderCount} over ${conversationCount} conversations in ${tenantCount} tenant(s); ${processCount} process(es); batch ${workerOptions.batch}, concurrency ${workerOptions.concurrency}, lease ${workerOptions.leaseMs} ms, sender maxRetryMs ${workerOptions.maxRetryMs}`);
  const results: Array<RunResult & { seeded: Seeded }> = [];
  if (!flags['no-baseline']) results.push((await runOnce('baseline', dir, 1, false, deadline)) as RunResult & { seeded: Seeded });
  const limited = (await runOnce('limited', dir, processCount, true, deadline)) as RunResult & { seeded: Seeded };
  results.push(limited);

  const conversationMinMs = streamMinimumMs(Math.max(...limited.seeded.perConversation.values()), CONNECTOR_WINDOWS);
  const tenantMinMs = streamMinimumMs(Math.max(...limited.seeded.perTenant.values()), TEAMS_TENANT_WINDOWS);
  const combinedMs = combinedScheduleMs(limited.seeded);
  const minimumMs = Math.max(conversationMinMs, tenantMinMs);

  const summary = {
    reminders: reminderCount,
    conversations: conversationCount,
    tenants: tenantCount,
    perConversation: perConversationMax,
    perTenant: perTenantMax,
    options: workerOptions,
    passCost: costRows,
    minimum: { conversationMs: conversationMinMs, tenantMs: tenantMinMs, lowerBoundMs: minimumMs, greedyScheduleMs: combinedMs },
    runs: results.map(({ seeded, ...rest }) => { void seeded; return { ...rest, duplicateIds: rest.duplicateIds.slice(0, 20) }; }),
  };
  if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  else {
    const out: string[] = [];
    out.push(`reminders ${reminderCount} over ${conversationCount} conversations (${perConversationMax} each) in ${tenantCount} tenant(s) (≤ ${perTenantMax} each)`);
    out.push(`scheduler: batch ${workerOptions.batch}, concurrency ${workerOptions.concurrency}, leaseMs ${workerOptions.leaseMs}, tick ${workerOptions.tickMs ? `${workerOptions.tickMs} ms` : 'none (back to back)'}, ${workerOptions.dueIndex ? 'due index' : 'indexed due query'}; sender maxRetryMs ${workerOptions.maxRetryMs}`);
    out.push('');
    out.push(
      table([
        ['run', 'processes', 'connector limits', 'delivered', 'duplicates', 'lost', '429s', 'total s', '× minimum', 'p50 s', 'p95 s', 'max s', 'deliveries/s'],
        ...results.map((r) => [
          r.timedOut ? `${r.name} (TIMEOUT)` : r.name,
          r.processes,
          r.limits ? '7/1s, 60/30s' : 'none',
          r.delivered,
          r.duplicates,
          r.lost,
          r.throttled429,
          round(r.totalMs / 1000, 1),
          r.limits ? round(r.totalMs / minimumMs, 2) : '-',
          round(r.latencyP50Ms / 1000, 2),
          round(r.latencyP95Ms / 1000, 2),
          round(r.latencyMaxMs / 1000, 2),
          round(r.delivered / (r.totalMs / 1000), 0),
        ]),
      ]),
    );
    out.push('');
    out.push(
      `theoretical minimum ${round(minimumMs / 1000, 1)} s = max(per conversation: ${perConversationMax} messages at 7/1 s + 60/30 s → ${round(conversationMinMs / 1000, 1)} s, ` +
        `per tenant: ${perTenantMax} at the sender's 30/s → ${round(tenantMinMs / 1000, 1)} s); a greedy schedule under both ends at ${round(combinedMs / 1000, 1)} s`,
    );
    out.push('');
    out.push(
      table([
        ['run', 'process', 'delivered (connector)', 'share', 'passes', 'claimed', 'skipped', 'sender retries', 'retry wait s (sum/max)', 'max deliver s', 'CPU s', 'warnings'],
        ...results.flatMap((r) =>
          r.workers.map((w) => [
            r.name,
            w.owner,
            r.perProcessDelivered[w.owner] ?? 0,
            `${round((100 * (r.perProcessDelivered[w.owner] ?? 0)) / Math.max(1, r.accepted), 1)} %`,
            w.passes,
            w.claimed,
            w.skipped,
            w.senderRetries,
            `${round(w.senderRetryWaitMs / 1000, 0)} / ${round(w.senderRetryWaitMaxMs / 1000, 1)}`,
            round(w.maxDeliverMs / 1000, 1),
            round(w.cpuUs / 1e6, 1),
            Object.entries(w.warnings).map(([k, v]) => `${v}× ${k}`).join('; ') || '-',
          ]),
        ),
      ]),
    );
    out.push('');
    for (const r of results) {
      if (r.throttled429 > 0) {
        const waited = r.workers.reduce((sum, w) => sum + w.senderRetryWaitMs, 0) / 1000;
        out.push(`429s (${r.name}): ${Object.entries(r.throttledBy).map(([k, v]) => `${v} by ${k}`).join(', ')}; Retry-After answered ${r.retryAfterSumS} s in all (max ${r.retryAfterMaxS} s), the senders waited ${round(waited, 0)} s in all before retrying`);
      }
      out.push(`store afterwards (${r.name}): ${Object.entries(r.finalStatus).map(([k, v]) => `${k} ${v}`).join(', ')}; reminders claimed more than once: ${r.attemptsAbove1}`);
      if (r.wrongConversation > 0) out.push(`  ${r.wrongConversation} reminders reached the wrong conversation`);
      if (r.duplicateIds.length > 0) out.push(`  duplicates: ${r.duplicateIds.slice(0, 10).join('; ')}`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
  }
  const bad = results.some((r) => r.duplicates > 0 || r.lost > 0 || r.wrongConversation > 0);
  if (bad) log('\nPROBLEMS: duplicates or lost reminders (see above)');
  cleanup();
  process.exit(results.some((r) => r.timedOut) ? 2 : bad ? 1 : 0);
} catch (error) {
  log(`\nFAILED: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  killAllChildrenNow();
  cleanup();
  process.exit(1);
}
