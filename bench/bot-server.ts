/**
 * Our bot, as in production (createApp: restify + CloudAdapter + ShkBot + SQLite in WAL mode), on 127.0.0.1 and
 * an ephemeral port, in its own process. Prints `{"event":"ready","role":"shk-bot","port":N,...}`.
 *
 *   node --import tsx bench/bot-server.ts [--data-dir DIR] [--log-level silent|info|debug]
 *
 * Store calls (get/create/replace … per container) are counted and timed and reported with the process stats.
 * Without --data-dir a temp dir is made and removed on stop. With a log level other than `silent` the real
 * pino logger writes JSON to stdout (to see what logging costs); the default is the silent logger.
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

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'log-level': { type: 'string', default: 'silent' },
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

const store = counted(await openStore({ cosmos: config.cosmos, dataDir: config.dataDir, containers: [...CONTAINERS] }));
const app = await createApp(config, logger, { store });

let connectionsAccepted = 0;
app.http.server.server.on('connection', () => connectionsAccepted++);

const child = serveChild({
  role: 'shk-bot',
  handlers: { stats: () => processStats({ connectionsAccepted, counters: { ...storeOps }, timersUs: { ...storeUs } }) },
  async stop() {
    await app.stop();
    if (ownDataDir) await rm(dataDir, { recursive: true, force: true });
  },
});

const port = await app.start();
child.announce({ port });
