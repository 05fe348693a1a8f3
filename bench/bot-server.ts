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
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { CONTAINERS, createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger, silentLogger } from '../src/logger.js';
import type { Container, DocumentStore } from '../src/store/document-store.js';
import { openStore } from '../src/store/open-store.js';
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
 * The store createApp would open (same function, same file), with every container call counted, so the bench
 * can show how many reads and writes a turn does. The counting is a Map increment per call.
 *
 * Each call is also timed up to the moment it returns its promise. better-sqlite3 is synchronous and the SQLite
 * container's methods do all their work before they return, so this is the call's whole cost (SQL, JSON
 * parse/stringify) on the bot's event loop; answers.ts uses it to show what recounting a round costs.
 */
const storeOps: Record<string, number> = {};
const storeUs: Record<string, number> = {};
function counted(store: DocumentStore): DocumentStore {
  const wrap = <C extends object>(container: C, name: string): C =>
    new Proxy(container, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        const key = `${name}.${property}`;
        return (...args: unknown[]) => {
          storeOps[key] = (storeOps[key] ?? 0) + 1;
          const start = performance.now();
          try {
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          } finally {
            storeUs[key] = (storeUs[key] ?? 0) + (performance.now() - start) * 1000;
          }
        };
      },
    });
  const containers = new Map<string, Container<never>>();
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property !== 'container') return Reflect.get(target, property, receiver) as unknown;
      return (name: string) => {
        let container = containers.get(name);
        if (!container) {
          container = wrap(target.container<never>(name), name);
          containers.set(name, container);
        }
        return container;
      };
    },
  });
}

let cosmos: { close(): Promise<void>; appStore(databaseId: string): Promise<DocumentStore> } | undefined;
if (values.store === 'cosmos') {
  const { startCosmosServer } = await import('../test/helpers/cosmos-server.js');
  cosmos = await startCosmosServer({ onRequest: () => (storeOps['cosmos.http'] = (storeOps['cosmos.http'] ?? 0) + 1) });
}
const raw = cosmos ? await cosmos.appStore('bench') : await openStore({ cosmos: config.cosmos, dataDir: config.dataDir, containers: [...CONTAINERS] });
let seeded: Awaited<ReturnType<typeof seedItems>> | undefined;
if (values.seed) {
  const seed = JSON.parse(values.seed) as { items: number; conversations: number; personalChats: number; channelThreads: number };
  seeded = await seedItems(raw, { items: seed.items, conversations: seed.conversations, timeZone: config.timeZone, workload: { personalChats: seed.personalChats, channelThreads: seed.channelThreads, channelShare: 0.2 } });
  for (const key of Object.keys(storeOps)) delete storeOps[key];
}
const store = counted(raw);
const app = await createApp(config, logger, { store });

let connectionsAccepted = 0;
app.http.server.server.on('connection', () => connectionsAccepted++);

const child = serveChild({
  role: 'shk-bot',
  handlers: { stats: () => processStats({ connectionsAccepted, counters: { ...storeOps }, timersUs: { ...storeUs } }) },
  async stop() {
    await app.stop();
    await cosmos?.close();
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  },
});

const port = await app.start();
child.announce({ port, ...(seeded ? { seeded } : {}), store: raw.kind });
