import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createActionItem, type ActionItem } from '../../src/domain/action-items/action-item.js';
import { itemIdIn } from '../../src/domain/action-items/list-order.js';
import { ACTION_ITEMS_CONTAINER, ActionItemRepository } from '../../src/store/action-item-repository.js';
import type { Condition, QueryOptions } from '../../src/store/document-store.js';
import { SQLITE_SCHEMA_VERSION, SqliteStore, termListSql } from '../../src/store/sqlite-store.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const TENANT = 'tenant-a';
const PETRA = { id: '29:petra', aadObjectId: 'aad-petra', name: 'Petra Edoff' };
const KALLE = { id: '29:kalle', aadObjectId: 'aad-kalle', name: 'Kalle Ek' };
/** Petra before the roster told us her AAD id: only her Teams id. */
const PETRA_TEAMS_ONLY = { id: '29:petra', name: 'Petra Edoff' };
const channel = (n: number) => `channel:19:c${n}@thread.tacv2`;

async function openTemp(): Promise<{ store: SqliteStore; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'shk-terms-'));
  dirs.push(dir);
  const file = join(dir, 'shk-bot.sqlite');
  return { store: SqliteStore.open({ file }), file };
}

/** 120 items over 6 channels: Petra under both keys, under one key only, with Kalle, or not at all; some done. */
async function seed(store: SqliteStore): Promise<ActionItem[]> {
  const repo = new ActionItemRepository(store);
  const items: ActionItem[] = [];
  for (let n = 0; n < 120; n++) {
    const assignees = [[PETRA], [PETRA_TEAMS_ONLY], [PETRA, KALLE], [KALLE]][n % 4]!;
    const conversationKey = channel(n % 6);
    let item = createActionItem(
      {
        id: itemIdIn(conversationKey, `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`),
        tenantId: TENANT,
        conversationKey,
        title: `Uppgift ${n}`,
        assignees,
        ...(n % 9 === 0 ? {} : { due: { date: `2024-0${1 + (n % 6)}-${String(10 + (n % 17)).padStart(2, '0')}` } }),
        createdBy: PETRA,
      },
      new Date(Date.UTC(2024, 0, 1, 0, 120 - n)),
    );
    if (n % 5 === 0) item = { ...item, status: 'done', completedAt: new Date(Date.UTC(2024, 1, 1 + (n % 20))).toISOString(), completedBy: PETRA };
    await repo.create(item);
    items.push(item);
  }
  // Another tenant with the same person keys: never part of tenant-a's lists.
  await repo.create(createActionItem({ id: itemIdIn(channel(0), 'other'), tenantId: 'tenant-b', conversationKey: channel(0), title: 'Annan', assignees: [PETRA], createdBy: PETRA }, new Date(0)));
  return items;
}

/** The same query, forced through the generic path: a condition the term index does not carry (always true). */
const generic = (options: QueryOptions): QueryOptions => ({ ...options, where: [...(options.where ?? []), { field: 'tenantId', op: '=', value: TENANT }] });

const PETRA_KEYS: Condition = { field: 'assigneeKeys', op: 'arrayContainsAny', value: ['aad-petra', '29:petra'] };
const SHAPES: Array<{ name: string; where: Condition[] }> = [
  { name: 'open', where: [PETRA_KEYS, { field: 'ix.state', op: '=', value: 'open' }, { field: 'ix.listKey', op: '>=', value: '' }] },
  { name: 'overdue', where: [PETRA_KEYS, { field: 'ix.state', op: '=', value: 'open' }, { field: 'ix.listKey', op: '>=', value: '' }, { field: 'ix.listKey', op: '<', value: '2024-03-15' }] },
  { name: 'done recently', where: [PETRA_KEYS, { field: 'ix.state', op: '=', value: 'done' }, { field: 'ix.listKey', op: '>=', value: '' }, { field: 'ix.doneAt', op: '>=', value: '2024-02-08' }] },
  { name: 'one key', where: [{ field: 'assigneeKeys', op: 'arrayContains', value: '29:petra' }, { field: 'ix.state', op: '=', value: 'open' }, { field: 'ix.listKey', op: '>=', value: '' }] },
];

describe('"mina uppgifter" from the term index (SQLite schema version 4)', () => {
  it('lists and counts exactly what the generic query does, for every shape, page and cap, across and within partitions', async () => {
    const { store } = await openTemp();
    try {
      const items = await seed(store);
      const container = store.container(ACTION_ITEMS_CONTAINER);
      const ids = (docs: Array<{ id: string }>) => docs.map((d) => d.id);
      for (const { name, where } of SHAPES) {
        for (const limit of [undefined, 0, 1, 8, 16, 1000]) {
          const options: QueryOptions = { where, orderBy: [{ field: 'ix.listKey' }], ...(limit !== undefined ? { limit } : {}) };
          const fast = await container.queryAcross(`${TENANT}|`, options);
          expect(ids(fast), `${name} limit ${limit}`).toEqual(ids(await container.queryAcross(`${TENANT}|`, generic(options))));
          const within = await container.query(fast[0]?.pk ?? `${TENANT}|c|x`, options);
          expect(ids(within)).toEqual(ids(await container.query(fast[0]?.pk ?? `${TENANT}|c|x`, generic(options))));
          const counted = { where, ...(limit !== undefined ? { limit } : {}) };
          expect(await container.countAcross(`${TENANT}|`, counted), `${name} count ${limit}`).toBe(await container.countAcross(`${TENANT}|`, generic(counted)));
        }
      }
      // And what the domain expects: each of Petra's open items once (also those under both of her keys), in list order.
      const repo = new ActionItemRepository(store);
      const open = await repo.listForPerson(TENANT, ['aad-petra', '29:petra'], { state: 'open', limit: 8 });
      const expected = items.filter((i) => i.status === 'open' && i.assigneeKeys.includes('29:petra'));
      expect(open).toHaveLength(8);
      expect(await repo.countForPerson(TENANT, ['aad-petra', '29:petra'], { state: 'open', limit: 501 })).toBe(expected.length);
      expect(await repo.countForPerson(TENANT, ['aad-petra', '29:petra'], { state: 'open', limit: 10 })).toBe(10);
    } finally {
      await store.close();
    }
  });

  it('follows every write: reassign, done, reopen, delete, and a document removed', async () => {
    const { store } = await openTemp();
    try {
      const repo = new ActionItemRepository(store);
      const item = createActionItem({ id: itemIdIn(channel(1), 'x1'), tenantId: TENANT, conversationKey: channel(1), title: 'Boka lokal', assignees: [PETRA], createdBy: PETRA }, new Date(0));
      let current = await repo.create(item);
      const mine = async () => (await repo.listForPerson(TENANT, ['aad-petra', '29:petra'], { state: 'open', limit: 8 })).map((i) => i.title);
      const kalles = async () => (await repo.listForPerson(TENANT, ['aad-kalle'], { state: 'open', limit: 8 })).map((i) => i.title);
      expect(await mine()).toEqual(['Boka lokal']);
      current = await repo.replace({ ...current.value, assignees: [KALLE], assigneeKeys: ['aad-kalle', '29:kalle'] }, current.etag);
      expect([await mine(), await kalles()]).toEqual([[], ['Boka lokal']]);
      current = await repo.replace({ ...current.value, status: 'done', completedAt: '2024-01-02T00:00:00.000Z' }, current.etag);
      expect(await kalles()).toEqual([]);
      expect(await repo.countForPerson(TENANT, ['aad-kalle'], { state: 'done' })).toBe(1);
      current = await repo.replace({ ...current.value, status: 'open', completedAt: undefined }, current.etag);
      expect(await kalles()).toEqual(['Boka lokal']);
      current = await repo.replace({ ...current.value, deletedAt: '2024-01-03T00:00:00.000Z' } as ActionItem, current.etag);
      expect(await kalles()).toEqual([]);
      const deleted = () => store.container(ACTION_ITEMS_CONTAINER).countAcross(`${TENANT}|`, { where: [{ field: 'assigneeKeys', op: 'arrayContains', value: 'aad-kalle' }, { field: 'ix.state', op: '=', value: 'deleted' }] });
      expect(await deleted()).toBe(1);
      await store.container(ACTION_ITEMS_CONTAINER).delete(`${TENANT}|c|${item.id.split('.')[0]}`, item.id);
      expect(await deleted()).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('is answered from the term indexes, never by reading the person\'s items (EXPLAIN QUERY PLAN)', async () => {
    const { store, file } = await openTemp();
    await seed(store);
    await store.close();
    const db = new Database(file, { readonly: true });
    try {
      const across = { sql: 'pk >= ? AND pk < ? AND substr(pk, 1, length(?)) = ?', params: [`${TENANT}|`, `${TENANT}|\u{10FFFF}`, `${TENANT}|`, `${TENANT}|`] };
      const plan = (sql: string, params: unknown[]) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail);
      const open = SHAPES[0]!.where;
      const page = termListSql('query', ACTION_ITEMS_CONTAINER, across.sql, across.params, { where: open, orderBy: [{ field: 'ix.listKey' }], limit: 8 }, TENANT)!;
      const pagePlan = plan(page.sql, page.params);
      // Each key: a range of document_terms_by_list_key within the tenant, already in list order (no sort of the
      // key's rows; the same person key in another tenant is not walked past) …
      expect(pagePlan.filter((d) => d.includes('document_terms_by_list_key (field=? AND value=? AND container=? AND pk_head=? AND ix_state=? AND ix_list_key>?)'))).toHaveLength(2);
      expect(pagePlan.filter((d) => d.includes('SCAN document_terms') || d.includes('SCAN documents'))).toEqual([]);
      // … and the page's documents by primary key.
      expect(pagePlan.some((d) => /SEARCH d USING INDEX sqlite_autoindex_documents_1/.test(d))).toBe(true);
      const count = termListSql('count', ACTION_ITEMS_CONTAINER, across.sql, across.params, { where: open, limit: 501 }, TENANT)!;
      const countPlan = plan(count.sql, count.params);
      expect(countPlan.filter((d) => d.includes('USING COVERING INDEX document_terms_by_list_key (field=? AND value=? AND container=? AND pk_head=? AND ix_state=?'))).toHaveLength(2);
      expect(countPlan.some((d) => / documents\b/.test(d))).toBe(false);
      // Shapes the term index does not carry go the generic way.
      expect(termListSql('query', ACTION_ITEMS_CONTAINER, across.sql, across.params, generic({ where: open, orderBy: [{ field: 'ix.listKey' }] }), TENANT)).toBeUndefined();
      expect(termListSql('query', ACTION_ITEMS_CONTAINER, across.sql, across.params, { where: open, orderBy: [{ field: 'ix.listKey', direction: 'desc' }] }, TENANT)).toBeUndefined();
    } finally {
      db.close();
    }
  });

  it('migrates a version-3 data folder: the term rows get their list fields and indexes', async () => {
    const { store, file } = await openTemp();
    await seed(store);
    await store.close();
    // Back to the version-3 layout: terms without list fields or their indexes.
    const db = new Database(file);
    db.exec(`DROP INDEX document_terms_by_list_key; DROP INDEX document_terms_by_done_at;
      ALTER TABLE document_terms DROP COLUMN pk_head; ALTER TABLE document_terms DROP COLUMN ix_state; ALTER TABLE document_terms DROP COLUMN ix_list_key; ALTER TABLE document_terms DROP COLUMN ix_done_at;`);
    db.pragma('user_version = 3');
    db.close();

    const reopened = SqliteStore.open({ file });
    try {
      const repo = new ActionItemRepository(reopened);
      const container = reopened.container(ACTION_ITEMS_CONTAINER);
      const options: QueryOptions = { where: SHAPES[2]!.where, orderBy: [{ field: 'ix.listKey' }], limit: 5 };
      expect((await container.queryAcross(`${TENANT}|`, options)).map((d) => d.id)).toEqual((await container.queryAcross(`${TENANT}|`, generic(options))).map((d) => d.id));
      expect(await repo.countForPerson(TENANT, ['29:petra'], { state: 'open' })).toBeGreaterThan(0);
    } finally {
      await reopened.close();
    }
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      const unfilled = raw.prepare("SELECT COUNT(*) AS n FROM document_terms WHERE container = 'action-items' AND (ix_state IS NULL OR pk_head NOT IN ('tenant-a', 'tenant-b'))").get() as { n: number };
      expect(unfilled.n).toBe(0);
    } finally {
      raw.close();
    }
  });
});
