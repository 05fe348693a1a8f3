/**
 * Our bot, as in production (createApp: restify + CloudAdapter + ShkBot + SQLite in WAL mode), on 127.0.0.1 and
 * an ephemeral port, in its own process. Prints `{"event":"ready","role":"shk-bot","port":N,...}`.
 *
 *   node --import tsx bench/bot-server.ts [--data-dir DIR] [--log-level silent|info|debug] [--store sqlite|cosmos]
 *
 * Store calls (get/create/replace … per container) are counted and timed and reported with the process stats.
 * Without --data-dir a temp dir is made and removed on stop. With a log level other than `silent` the real
 * pino logger writes JSON to stdout (to see what logging costs); the default is the silent logger.
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

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'log-level': { type: 'string', default: 'silent' },
    store: { type: 'string', default: 'sqlite' },
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
async function openBenchStore(): Promise<DocumentStore> {
  if (values.store !== 'cosmos') return openStore({ cosmos: config.cosmos, dataDir: config.dataDir, containers: [...CONTAINERS] });
  const { startCosmosServer } = await import('../test/helpers/cosmos-server.js');
  const server = await startCosmosServer();
  cosmos = server;
  return server.appStore('shk-bench');
}
const rawStore = await openBenchStore();
const counting = countingStore(rawStore);
const scoring = new ScoringRepository(rawStore);
const app = await createApp(config, logger, { store: counting.store });

let connectionsAccepted = 0;
app.http.server.server.on('connection', () => connectionsAccepted++);

const child = serveChild({
  role: 'shk-bot',
  handlers: {
    stats: () => processStats({ connectionsAccepted, counters: counting.calls(), timersUs: counting.timesUs() }),
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
child.announce({ port });
