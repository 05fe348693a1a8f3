import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActionItem } from '../../src/domain/action-items/action-item.js';
import { ActionItemRepository } from '../../src/store/action-item-repository.js';
import { ReminderRepository } from '../../src/store/reminder-repository.js';
import { SQLITE_SCHEMA_VERSION, SqliteStore } from '../../src/store/sqlite-store.js';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

const TENANT = 'tenant-a';
const CHANNEL = 'channel:19:abc@thread.tacv2';

function legacyItem(id: string, title: string, extra: Partial<ActionItem> = {}): ActionItem {
  const person = { id: '29:petra', aadObjectId: 'aad-petra', name: 'Petra Edoff' };
  return {
    id,
    tenantId: TENANT,
    conversationKey: CHANNEL,
    title,
    assignees: [person],
    assigneeKeys: ['aad-petra', '29:petra'],
    status: 'open',
    createdBy: person,
    createdAt: '2024-03-01T09:00:00.000Z',
    updatedAt: '2024-03-01T09:00:00.000Z',
    source: { kind: 'message' },
    revision: 1,
    history: [],
    ...extra,
  } as ActionItem;
}

/** A data folder as the version-1 layout wrote it: one table, items in the tenant's partition, no indexes. */
function writeVersion1(file: string): void {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE documents (
    container TEXT NOT NULL, pk TEXT NOT NULL, id TEXT NOT NULL, etag TEXT NOT NULL, body TEXT NOT NULL,
    updated_at INTEGER NOT NULL, PRIMARY KEY (container, pk, id))`);
  const insert = db.prepare('INSERT INTO documents VALUES (?, ?, ?, ?, ?, 0)');
  const items = [
    legacyItem('11111111-1111-4111-8111-111111111111', 'Skicka protokollet', { due: { date: '2024-03-08' } }),
    legacyItem('22222222-2222-4222-8222-222222222222', 'Boka lokal'),
    legacyItem('33333333-3333-4333-8333-333333333333', 'Klart sedan länge', { status: 'done', completedAt: '2024-03-02T10:00:00.000Z' }),
  ];
  for (const item of items) insert.run('action-items', TENANT, item.id, '"v1"', JSON.stringify({ ...item, pk: TENANT, type: 'actionItem' }));
  const reminder = {
    id: 'item-11111111-1111-4111-8111-111111111111-due', tenantId: TENANT, conversationKey: CHANNEL, kind: 'actionItem', status: 'pending',
    dueAt: '2024-03-08T08:00:00.000Z', attempts: 0, createdAt: '2024-03-01T09:00:00.000Z', updatedAt: '2024-03-01T09:00:00.000Z', payload: {},
  };
  insert.run('reminders', TENANT, reminder.id, '"v1"', JSON.stringify({ ...reminder, pk: TENANT, type: 'reminder' }));
  db.pragma('user_version = 1');
  db.close();
}

describe('SQLite data folders written by the version-1 layout', () => {
  it('are migrated on open: items move to their conversation partition with list fields, old ids still work, indexes exist', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shk-migrate-'));
    dirs.push(dir);
    const file = join(dir, 'shk-bot.sqlite');
    writeVersion1(file);

    const store = SqliteStore.open({ file });
    try {
      const items = new ActionItemRepository(store);
      const open = await items.listForConversation(TENANT, CHANNEL, { state: 'open' });
      expect(open.map((i) => i.title)).toEqual(['Skicka protokollet', 'Boka lokal']);
      expect(await items.countForConversation(TENANT, CHANNEL, { state: 'done' })).toBe(1);
      expect((await items.listForPerson(TENANT, ['29:petra'], { state: 'open' })).map((i) => i.title)).toEqual(['Skicka protokollet', 'Boka lokal']);
      // Cards already posted carry the old ids: found, read back without store fields, and writable.
      const found = await items.get(TENANT, '22222222-2222-4222-8222-222222222222');
      expect(found?.value).toEqual(legacyItem('22222222-2222-4222-8222-222222222222', 'Boka lokal'));
      await items.replace({ ...found!.value, status: 'done', completedAt: '2024-03-03T10:00:00.000Z' }, found!.etag);
      expect(await items.countForConversation(TENANT, CHANNEL, { state: 'open' })).toBe(1);
      // Reminders stay where they were and are found as due.
      const due = await new ReminderRepository(store).dueCandidates(new Date('2024-03-08T08:00:00.000Z'), 10);
      expect(due.map((r) => r.value.id)).toEqual(['item-11111111-1111-4111-8111-111111111111-due']);
    } finally {
      await store.close();
    }

    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      const pks = raw.prepare("SELECT DISTINCT pk FROM documents WHERE container = 'action-items'").all() as Array<{ pk: string }>;
      expect(pks).toHaveLength(1);
      expect(pks[0]!.pk).toMatch(/^tenant-a\|c\|[0-9a-f]{16}$/);
      const indexes = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents'").all() as Array<{ name: string }>).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['documents_by_state_and_list_key', 'documents_by_status_and_due_at']));
      // Schema 5: the expression indexes were rebuilt as partial ones.
      const expressionIndexes = raw.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' AND sql LIKE '%json_extract%'").all() as Array<{ sql: string }>;
      expect(expressionIndexes).toHaveLength(5);
      for (const { sql } of expressionIndexes) expect(sql).toMatch(/ WHERE json_type\(body, '\$\.[A-Za-z.]+'\) IS NOT NULL$/);
      // The list query is answered from the index, not by scanning the table.
      const plan = raw
        .prepare(
          "EXPLAIN QUERY PLAN SELECT etag, body FROM documents WHERE container = 'action-items' AND pk = 'x' AND (json_type(body, '$.ix.state') IN ('text') AND json_extract(body, '$.ix.state') = 'open') AND (json_type(body, '$.ix.listKey') IN ('text') AND json_extract(body, '$.ix.listKey') >= '') ORDER BY json_extract(body, '$.ix.listKey') ASC, pk ASC, id ASC LIMIT 8",
        )
        .all() as Array<{ detail: string }>;
      expect(plan.map((p) => p.detail).join(' | ')).toContain('documents_by_state_and_list_key');
    } finally {
      raw.close();
    }
  });
});
