/**
 * Our bot, as in production (createApp: restify + CloudAdapter + ShkBot + SQLite in WAL mode), on 127.0.0.1 and
 * an ephemeral port, in its own process. Prints `{"event":"ready","role":"shk-bot","port":N,...}`.
 *
 *   node --import tsx bench/bot-server.ts [--data-dir DIR] [--log-level silent|info|debug] [--store sqlite|cosmos]
 *                                          [--seed '{"items":3000,"conversations":40,"personalChats":20,"channelThreads":6}']
 *
 * Store calls (get/create/replace … per container) are counted and timed and reported with the process stats.
 * Without --data-dir a temp dir is made and removed on stop. With a log level other than `silent` the real
 * pino logger writes JSON to stdout (to see what logging costs); the default is the silent logger.
 *
 * --store cosmos: the real @azure/cosmos SDK against @vercel/cosmosdb-server, started in this process; every HTTP
 * request the server receives is counted (`cosmos.http`), so the bench can show round trips per turn (that server
 * scans everything: its times say nothing about Cosmos DB). --seed: before the server starts, items are written
 * through the app's own services into the conversations the load generator talks in and more (bench/seed-store.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTAINERS, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger, silentLogger } from '../src/logger.js';
import type { DocumentStore } from '../src/store/document-store.js';
import { openStore } from '../src/store/open-store.js';
import { ScoringRepository } from '../src/store/scoring-repository.js';
import { countingStore } from '../test/helpers/counting-store.js';
import { processStats, serveChild } from './ipc.js';
import { seedItems } from './seed-store.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'log-level': { type: 'string', default: 'silent' },
    store: { type: 'string', default: 'sqlite' },
    seed: { type: 'string' },
  },
});

const ownDataDir = !values['data-dir'];
const dataDir = values['data-dir'] ?? (await mkdtemp(join(tmpdir(), 'shk-bench-bot-')));
const logLevel = values['log-level'] ?? 'silent';
const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOCAL_MODE: 'true', LOG_LEVEL: logLevel, SHUTDOWN_TIMEOUT_MS: '3000' });
const logger = logLevel === 'silent' ? silentLogger() : createLogger(logLevel, process.stdout);

/**
 * The store createApp would open (same function, same file), with every container call counted and timed
 * (test/helpers/counting-store.ts), so the bench can show how many reads and writes a turn does. With
 * `--store cosmos` the store is @azure/cosmos against an in-process @vercel/cosmosdb-server (as the Cosmos tests
 * use it): for counting a turn's store calls on the Cosmos adapter, not for production-like timings.
 */
let cosmos: { close(): Promise<void> } | undefined;
/** HTTP requests the in-process Cosmos server received (`--store cosmos`): the round trips behind the store calls. */
let cosmosHttp = 0;
async function openBenchStore(): Promise<DocumentStore> {
  if (values.store !== 'cosmos') return openStore({ cosmos: config.cosmos, dataDir: config.dataDir, containers: [...CONTAINERS] });
  const { startCosmosServer } = await import('../test/helpers/cosmos-server.js');
  const server = await startCosmosServer({ onRequest: () => cosmosHttp++ });
  cosmos = server;
  return server.appStore('shk-bench');
}

const raw = await openBenchStore();
let seeded: Awaited<ReturnType<typeof seedItems>> | undefined;
if (values.seed) {
  const seed = JSON.parse(values.seed) as { items: number; conversations: number; personalChats: number; channelThreads: number };
  seeded = await seedItems(raw, { items: seed.items, conversations: seed.conversations, timeZone: config.timeZone, workload: { personalChats: seed.personalChats, channelThreads: seed.channelThreads, channelShare: 0.2 } });
}
const counting = countingStore(raw);
const scoring = new ScoringRepository(raw);
cosmosHttp = 0;
const app = await createApp(config, logger, { store: counting.store });

let connectionsAccepted = 0;
app.http.server.server.on('connection', () => connectionsAccepted++);

const child = serveChild({
  role: 'shk-bot',
  handlers: {
    stats: () => processStats({ connectionsAccepted, counters: { ...counting.calls(), ...(cosmos ? { 'cosmos.http': cosmosHttp } : {}) }, timersUs: counting.timesUs() }),
    // For answers.ts' checks, on either store (uncounted): a round as stored and its answers.
    round: async (arg) => {
      const { tenantId, id } = arg as { tenantId: string; id: string };
      return { round: (await scoring.getRound(tenantId, id))?.value, answers: await scoring.listAnswers(tenantId, id) };
    },
  },
  async stop() {
    await app.stop();
    await cosmos?.close();
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  },
});

const port = await app.start();
child.announce({ port, ...(seeded ? { seeded } : {}), store: raw.kind });
