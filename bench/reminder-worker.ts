/**
 * One scheduler process of bench/reminders.ts ("an App Service instance"): opens the SQLite file the parent seeded,
 * runs ReminderScheduler with a `deliver` that posts through a ProactiveSender + BotConnectorTransport (the real
 * Bot Connector client, local mode: no app id) to the serviceUrl stored in each reminder's payload, and reports
 * what it did over IPC.
 *
 *   node --import tsx bench/reminder-worker.ts <sqlite file> <owner> <json options>
 *
 * The parent calls `run` with `{ goAt }` (epoch ms): the worker waits for that instant, then runs passes back to
 * back until a pass finds nothing due at all (claimed 0 and skipped 0), sleeping `idleMs` after a pass that
 * claimed nothing (everything due is held by the other process). It answers with its totals.
 */
import type { Logger } from '../src/logger.js';
import { systemClock } from '../src/domain/ports.js';
import type { ConversationAddress } from '../src/domain/conversations/conversation.js';
import { loadConfig } from '../src/config.js';
import { createBotAuthentication } from '../src/teams/adapter.js';
import { BotConnectorTransport, ProactiveSender } from '../src/teams/proactive.js';
import { TEAMS_CONVERSATION_WINDOWS, TEAMS_TENANT_WINDOWS, type Window } from '../src/teams/rate-limiter.js';
import { ReminderScheduler } from '../src/scheduler/reminder-scheduler.js';
import { ReminderRepository } from '../src/store/reminder-repository.js';
import { SqliteStore } from '../src/store/sqlite-store.js';
import { processStats, serveChild } from './ipc.js';

export interface WorkerOptions {
  leaseMs: number;
  batch: number;
  concurrency: number;
  /** The sender's maxRetryMs (give up on a message after this long). */
  maxRetryMs: number;
  idleMs: number;
  /**
   * > 0: passes start on a timer of this period, as `ReminderScheduler.start(intervalMs)` runs them in production
   * (a pass still running at a tick is not overlapped; the next one starts at the next tick after it). 0: back to back.
   */
  tickMs: number;
  /** The time-bucketed due index (the Cosmos DB default) instead of the indexed due query. */
  dueIndex: boolean;
  /** false: the sender does not throttle (the unlimited baseline). */
  senderLimits: boolean;
}

export interface WorkerSummary {
  owner: string;
  pid: number;
  passes: number;
  claimed: number;
  sent: number;
  skipped: number;
  retried: number;
  failed: number;
  late: number;
  /** deliver() calls that threw (the scheduler put the reminder back). */
  deliverErrors: number;
  /** 429 (or other retryable) answers the sender retried ("proactive message will be retried"). */
  senderRetries: number;
  /** Sum / max of the sender's waits before a retry (max(back-off, Retry-After)), ms. */
  senderRetryWaitMs: number;
  senderRetryWaitMaxMs: number;
  /** Longest deliver() (claim → sender resolved), ms: must stay below leaseMs. */
  maxDeliverMs: number;
  /** Scheduler warnings by message (lease overrun, outcome dropped, delivery failed …) and errors. */
  warnings: Record<string, number>;
  startedMs: number;
  finishedMs: number;
  cpuUs: number;
}

const [file, ownerArg, rawOptions] = process.argv.slice(2);
if (!file || !ownerArg || !rawOptions) throw new Error('usage: reminder-worker.ts <sqlite file> <owner> <json options>');
const owner: string = ownerArg;
const options = JSON.parse(rawOptions) as WorkerOptions;

const warnings: Record<string, number> = {};
let senderRetries = 0;
let senderRetryWaitMs = 0;
let senderRetryWaitMaxMs = 0;
/** A pino-shaped logger that only counts what it is told (by message), and notes the sender's retry waits. */
function countingLogger(): Logger {
  const record = (level: string) => (first: unknown, second?: unknown) => {
    const msg = typeof first === 'string' ? first : typeof second === 'string' ? second : '(no message)';
    if (level === 'warn' && msg === 'proactive message will be retried') {
      senderRetries++;
      const delay = Number((first as { delayMs?: number }).delayMs ?? 0);
      senderRetryWaitMs += delay;
      senderRetryWaitMaxMs = Math.max(senderRetryWaitMaxMs, delay);
      return;
    }
    if (level === 'warn' || level === 'error' || level === 'fatal') warnings[`${level}: ${msg}`] = (warnings[`${level}: ${msg}`] ?? 0) + 1;
  };
  const logger: Record<string, unknown> = {
    level: 'info',
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: record('warn'),
    error: record('error'),
    fatal: record('fatal'),
    child: () => logger,
  };
  return logger as unknown as Logger;
}

const logger = countingLogger();
const store = SqliteStore.open({ file });
const repository = new ReminderRepository(store, systemClock, { dueIndex: options.dueIndex });
// The production wiring: the bot's authentication from our config (local mode, no app id) and the real connector client.
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: '/nonexistent-bench', LOCAL_MODE: 'true', LOG_LEVEL: 'silent' });
const unlimited: Window[] = [{ limit: 1_000_000_000, perMs: 1_000 }];
const sender = new ProactiveSender({
  transport: new BotConnectorTransport(createBotAuthentication(config), config.bot.appId),
  logger,
  maxRetryMs: options.maxRetryMs,
  conversationWindows: options.senderLimits ? TEAMS_CONVERSATION_WINDOWS : unlimited,
  tenantWindows: options.senderLimits ? TEAMS_TENANT_WINDOWS : unlimited,
});

let deliverErrors = 0;
let maxDeliverMs = 0;
const scheduler = new ReminderScheduler({
  repository,
  clock: systemClock,
  owner,
  leaseMs: options.leaseMs,
  batch: options.batch,
  concurrency: options.concurrency,
  logger,
  deliver: async (reminder) => {
    const started = Date.now();
    try {
      const address = reminder.payload.address as ConversationAddress;
      await sender.send(address, { type: 'message', text: `${String(reminder.payload.text)} · ${owner}` });
      return 'sent';
    } catch (error) {
      deliverErrors++;
      throw error;
    } finally {
      maxDeliverMs = Math.max(maxDeliverMs, Date.now() - started);
    }
  },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(arg: unknown): Promise<WorkerSummary> {
  const { goAt } = (arg ?? {}) as { goAt?: number };
  const wait = (goAt ?? 0) - Date.now();
  if (wait > 0) await sleep(wait);
  const cpuBefore = process.cpuUsage();
  const startedMs = Date.now();
  const totals = { passes: 0, claimed: 0, sent: 0, skipped: 0, retried: 0, failed: 0, late: 0 };
  for (;;) {
    const pass = await scheduler.runOnce();
    totals.passes++;
    totals.claimed += pass.claimed;
    totals.sent += pass.sent;
    totals.skipped += pass.skipped;
    totals.retried += pass.retried;
    totals.failed += pass.failed;
    totals.late += pass.late;
    if (pass.claimed === 0 && pass.skipped === 0) break; // nothing due any more
    if (options.tickMs > 0) await sleep(options.tickMs - ((Date.now() - startedMs) % options.tickMs)); // the next tick
    else if (pass.claimed === 0) await sleep(options.idleMs); // all due ones are held by the other process
    else await new Promise((resolve) => setImmediate(resolve));
  }
  const finishedMs = Date.now();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    owner,
    pid: process.pid,
    ...totals,
    deliverErrors,
    senderRetries,
    senderRetryWaitMs,
    senderRetryWaitMaxMs,
    maxDeliverMs,
    warnings,
    startedMs,
    finishedMs,
    cpuUs: cpu.user + cpu.system,
  };
}

const child = serveChild({
  role: `reminder-worker ${owner}`,
  handlers: { run, stats: () => processStats() },
  stop: async () => {
    await scheduler.stop();
    await sender.close(1000);
    await store.close();
  },
});
child.announce({});
