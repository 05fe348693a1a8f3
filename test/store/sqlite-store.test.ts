import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { partitionKey, StoreError, type BaseDocument } from '../../src/store/document-store.js';
import { openStore } from '../../src/store/open-store.js';
import { SQLITE_SCHEMA_VERSION, SqliteStore } from '../../src/store/sqlite-store.js';
import { startWorker } from '../helpers/worker-process.js';
import { describeDocumentStoreContract } from './document-store.contract.js';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SQLITE_STORE_MODULE = pathToFileURL(join(REPO_ROOT, 'src/store/sqlite-store.ts')).href;

/** Both processes start the increment phase this long after the shared start. */
const PHASE_2_OFFSET_MS = 100;

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'shk-sqlite-'));
  tempDirs.push(dir);
  return dir;
}

describeDocumentStoreContract('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'shk-sqlite-contract-'));
  const store = SqliteStore.open({ file: join(dir, 'nested', 'contract.sqlite') });
  return {
    store,
    async teardown() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

interface Counter extends BaseDocument {
  count?: number;
  writer?: string;
}

describe('SqliteStore specifics', () => {
  afterEach(async () => {
    await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('keeps data across close and reopen of the same file', async () => {
    const file = join(await tempDir(), 'data', 'store.sqlite');
    const pk = partitionKey('t1', 'team');
    const first = SqliteStore.open({ file });
    const created = await first.container<Counter>('docs').create({ id: 'x', pk, tenantId: 't1', count: 7 });
    await first.close();

    const second = SqliteStore.open({ file });
    try {
      expect(await second.container<Counter>('docs').get(pk, 'x')).toEqual({ id: 'x', pk, tenantId: 't1', count: 7, _etag: created._etag });
    } finally {
      await second.close();
    }
  });

  it('uses WAL, a schema version, and quoted etags', async () => {
    const file = join(await tempDir(), 'store.sqlite');
    const store = SqliteStore.open({ file });
    const created = await store.container<Counter>('docs').create({ id: 'x', pk: 't1', tenantId: 't1' });
    expect(created._etag).toMatch(/^"[0-9a-f-]{36}"$/);
    await store.close();

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      const row = raw.prepare('SELECT container, pk, id, etag, body FROM documents').get() as Record<string, string>;
      expect(row).toMatchObject({ container: 'docs', pk: 't1', id: 'x', etag: created._etag });
      expect(JSON.parse(row.body ?? '')).toEqual({ id: 'x', pk: 't1', tenantId: 't1' });
    } finally {
      raw.close();
    }
  });

  it('refuses a file from a newer schema version', async () => {
    const file = join(await tempDir(), 'future.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => SqliteStore.open({ file })).toThrowError(StoreError);
  });

  it('reports an unusable file as Unavailable', async () => {
    const dir = await tempDir();
    // A directory where the file should be.
    expect(() => SqliteStore.open({ file: dir })).toThrowError(/Could not open SQLite store/);
  });

  it('openStore without a Cosmos endpoint opens SQLite at dataDir/shk-bot.sqlite', async () => {
    const dataDir = join(await tempDir(), 'data');
    const store = await openStore({ dataDir, containers: ['docs'] });
    try {
      expect(store.kind).toBe('sqlite');
      expect(await store.health()).toEqual({ ok: true, kind: 'sqlite' });
      expect((await stat(join(dataDir, 'shk-bot.sqlite'))).isFile()).toBe(true);
    } finally {
      await store.close();
    }
    await expect(openStore({ dataDir, containers: ['Bad Name'] })).rejects.toThrowError(StoreError);
  });

  it('gives exactly one winner when two processes replace with the same etag, and loses no increments', async () => {
    const dir = await tempDir();
    const file = join(dir, 'shared.sqlite');
    const pk = partitionKey('t1', 'race');
    const store = SqliteStore.open({ file });
    try {
      const docs = store.container<Counter>('docs');
      const race = await docs.create({ id: 'race', pk, tenantId: 't1', writer: 'none' });
      await docs.create({ id: 'counter', pk, tenantId: 't1', count: 0 });

      const ATTEMPTS = 30;
      const INCREMENTS = 200;
      const script = join(dir, 'child.mts');
      await writeFile(script, childScript(SQLITE_STORE_MODULE));
      // Both sides start together once the child has opened the file.
      const worker = await startWorker(script, [file, pk, race._etag, String(ATTEMPTS), String(INCREMENTS)]);
      // A shared wall-clock start, so the first replaces of both processes really collide.
      const startAt = Date.now() + 150;
      worker.go(startAt);
      await sleepUntil(startAt);

      let parentWins = 0;
      let parentRetries = 0;
      for (let i = 0; i < ATTEMPTS; i++) {
        try {
          await docs.replace({ id: 'race', pk, tenantId: 't1', writer: `parent-${i}` }, race._etag);
          parentWins++;
        } catch (error) {
          expect(error).toBeInstanceOf(StoreError);
          expect((error as StoreError).code).toBe('PreconditionFailed');
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      await sleepUntil(startAt + PHASE_2_OFFSET_MS);
      for (let i = 0; i < INCREMENTS; i++) {
        for (;;) {
          const current = await docs.get(pk, 'counter');
          try {
            await docs.replace({ ...current!, count: (current!.count ?? 0) + 1 }, current!._etag);
            break;
          } catch (error) {
            if (!(error instanceof StoreError && error.code === 'PreconditionFailed')) throw error;
            parentRetries++;
          }
        }
      }

      expect(await worker.exited, worker.stderr()).toBe(0);
      const result = JSON.parse(worker.stdout().split('\n').find((line) => line.startsWith('{')) ?? '{}') as {
        wins: number;
        retries: number;
      };
      const stats = `parent wins ${parentWins}, child wins ${result.wins}; retries parent ${parentRetries}, child ${result.retries}`;
      expect(parentWins + result.wins, stats).toBe(1);
      const final = await docs.get(pk, 'race');
      expect(final?.writer).toMatch(parentWins === 1 ? /^parent-/ : /^child-/);
      expect((await docs.get(pk, 'counter'))?.count, stats).toBe(2 * INCREMENTS);
    } finally {
      await store.close();
    }
  }, 15_000);
});

async function sleepUntil(time: number): Promise<void> {
  const wait = time - Date.now() - 5;
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  while (Date.now() < time) {
    // spin the last few milliseconds
  }
}

/** The other process: the real SqliteStore (through tsx), racing the parent on the same file. */
function childScript(storeModule: string): string {
  return `
import { createInterface } from 'node:readline';
const { SqliteStore } = await import(${JSON.stringify(storeModule)});
const [file, pk, etag, attempts, increments] = process.argv.slice(2);
const store = SqliteStore.open({ file });
const docs = store.container('docs');
process.stdout.write('ready\\n');
const lines = createInterface({ input: process.stdin });
let startAt = 0;
for await (const line of lines) if (line.startsWith('go ')) { startAt = Number(line.slice(3)); break; }
const wait = startAt - Date.now() - 5;
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
while (Date.now() < startAt) {}
let wins = 0;
let retries = 0;
for (let i = 0; i < Number(attempts); i++) {
  try {
    await docs.replace({ id: 'race', pk, tenantId: 't1', writer: 'child-' + i }, etag);
    wins++;
  } catch (error) {
    if (error.code !== 'PreconditionFailed') throw error;
  }
  await new Promise((resolve) => setImmediate(resolve));
}
const phase2 = startAt + ${PHASE_2_OFFSET_MS};
const wait2 = phase2 - Date.now() - 5;
if (wait2 > 0) await new Promise((resolve) => setTimeout(resolve, wait2));
while (Date.now() < phase2) {}
for (let i = 0; i < Number(increments); i++) {
  for (;;) {
    const current = await docs.get(pk, 'counter');
    try {
      await docs.replace({ ...current, count: current.count + 1 }, current._etag);
      break;
    } catch (error) {
      if (error.code !== 'PreconditionFailed') throw error;
      retries++;
    }
  }
}
await store.close();
process.stdout.write(JSON.stringify({ wins, retries }) + '\\n');
`;
}
