import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { isStoreError, type BaseDocument } from '../../src/store/document-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

/**
 * Group commit: the writes asked for in one turn of the event loop (the concurrent bot turns' writes) share one
 * transaction, each in a savepoint of its own. Measured by what reaches the write-ahead log, checked for
 * isolation between the writes, and for writes pending when the store closes.
 */

interface Doc extends BaseDocument {
  n: number;
  tags?: string[];
}

const dirs: string[] = [];
async function open(): Promise<{ store: SqliteStore; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'shk-group-commit-'));
  dirs.push(dir);
  const file = join(dir, 'store.sqlite');
  return { store: SqliteStore.open({ file }), file };
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const dbOf = (store: SqliteStore) => (store as unknown as { db: Database.Database }).db;
/** Frames in the write-ahead log after emptying it: what the writes since cost on disk. */
const emptyWal = (db: Database.Database) => db.pragma('wal_checkpoint(TRUNCATE)');
const walFrames = (db: Database.Database) => (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>)[0]!.log;
const doc = (n: number): Doc => ({ id: `d${n}`, pk: 'tenant|p', tenantId: 'tenant', n, tags: [`t${n % 3}`] });

describe('SQLite group commit', () => {
  it('concurrent writes share one commit: a fraction of the log that one commit each would write', async () => {
    const { store } = await open();
    try {
      const docs = store.container<Doc>('docs');
      const db = dbOf(store);
      db.pragma('wal_autocheckpoint = 0');
      emptyWal(db);
      for (let n = 0; n < 40; n++) await docs.create(doc(n));
      const oneEach = walFrames(db);
      emptyWal(db);
      await Promise.all(Array.from({ length: 40 }, (_, n) => docs.create(doc(100 + n))));
      const together = walFrames(db);
      expect(await docs.count('tenant|p')).toBe(80);
      // 40 commits each rewrite the same few pages; one commit writes them once.
      expect(together * 10).toBeLessThan(oneEach);
    } finally {
      await store.close();
    }
  });

  it('a refused write in the batch undoes only itself', async () => {
    const { store } = await open();
    try {
      const docs = store.container<Doc>('docs');
      const first = await docs.create(doc(1));
      await docs.replace({ ...first, n: 2 }, first._etag);
      const outcomes = await Promise.allSettled([
        docs.create(doc(10)),
        docs.create(doc(1)), // exists: Conflict
        docs.replace({ ...first, n: 3, tags: ['stale'] }, first._etag), // stale ETag: PreconditionFailed
        docs.upsertMany([doc(11), doc(12)]),
        docs.delete('tenant|p', 'd1', first._etag), // stale ETag: PreconditionFailed
        docs.create(doc(13)),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
      expect(isStoreError((outcomes[1] as PromiseRejectedResult).reason, 'Conflict')).toBe(true);
      expect(isStoreError((outcomes[2] as PromiseRejectedResult).reason, 'PreconditionFailed')).toBe(true);
      expect(isStoreError((outcomes[4] as PromiseRejectedResult).reason, 'PreconditionFailed')).toBe(true);
      expect((await docs.get('tenant|p', 'd1'))?.n).toBe(2);
      expect((await docs.query('tenant|p')).map((d) => d.id).sort()).toEqual(['d1', 'd10', 'd11', 'd12', 'd13']);
      // The refused replace wrote no term rows of its own either.
      expect(await docs.count('tenant|p', { where: [{ field: 'tags', op: 'arrayContains', value: 'stale' }] })).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('a write still waiting when the store closes is committed, and a write after close is refused', async () => {
    const { store, file } = await open();
    const docs = store.container<Doc>('docs');
    const pending = docs.create(doc(7));
    await store.close();
    await expect(pending).resolves.toMatchObject({ id: 'd7', n: 7 });
    await expect(docs.create(doc(8))).rejects.toSatisfy((error) => isStoreError(error, 'Unavailable'));
    const again = SqliteStore.open({ file });
    try {
      expect((await again.container<Doc>('docs').get('tenant|p', 'd7'))?.n).toBe(7);
    } finally {
      await again.close();
    }
  });
});
