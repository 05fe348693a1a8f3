import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/domain/ports.js';
import { ActionItemRepository } from '../../src/store/action-item-repository.js';
import { LiveMeetingRepository } from '../../src/store/live-meeting-repository.js';
import { MeetingRepository } from '../../src/store/meeting-repository.js';
import { ReminderRepository } from '../../src/store/reminder-repository.js';
import { ScoringRepository } from '../../src/store/scoring-repository.js';
import type { SqliteStore } from '../../src/store/sqlite-store.js';
import { sqliteTestStore, type TestStore } from '../helpers/test-stores.js';

/**
 * The expression indexes are partial (schema 5: an index holds only the documents that have its field), and SQLite
 * uses a partial index only for a query that implies its WHERE. Each query shape the repositories run is caught as
 * the store prepares it, with its parameters, and its plan must search the index meant for it — never scan
 * `documents`.
 */

const TENANT = 'tenant-a';
const CONVERSATION = 'channel:19:plans@thread.tacv2';
const NOW = '2024-03-01T08:00:00.000Z';

interface Ran {
  sql: string;
  params: unknown[];
}

describe('Query plans on the partial expression indexes (SQLite)', () => {
  let opened: TestStore;
  let db: Database.Database;
  const ran: Ran[] = [];

  beforeAll(async () => {
    opened = await sqliteTestStore('shk-plans-');
    db = (opened.store as unknown as { db: Database.Database }).db;
    // A fresh database has prepared none of the queries yet: each is caught, with its parameters, when it runs.
    const prepare = db.prepare.bind(db);
    (db as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
      const statement = prepare(sql);
      if (!/^\s*SELECT/i.test(sql) || !/\bFROM documents\b/.test(sql)) return statement;
      const record =
        <F extends (...params: unknown[]) => unknown>(method: F) =>
        (...params: unknown[]) => {
          ran.push({ sql, params });
          return method.apply(statement, params);
        };
      return new Proxy(statement, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver) as unknown;
          return (key === 'all' || key === 'get') && typeof value === 'function' ? record(value as (...params: unknown[]) => unknown) : value;
        },
      });
    };
  });
  afterAll(() => opened?.close());

  /** Runs `query` and returns the plans of the statements it ran on `documents`. */
  const plansOf = async (query: () => Promise<unknown>): Promise<string[]> => {
    ran.length = 0;
    await query();
    expect(ran.length).toBeGreaterThan(0);
    if (process.env.SHOW_SQL) console.log(ran);
    return ran.map(({ sql, params }) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((row) => row.detail).join(' | '));
  };

  const expectIndex = (plans: string[], index: string) => {
    for (const plan of plans) {
      expect(plan).toMatch(new RegExp(`USING (COVERING )?INDEX ${index} `));
      expect(plan).not.toMatch(/SCAN documents\b/);
    }
  };

  it('every expression index is partial', () => {
    const indexes = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents' AND sql LIKE '%json_extract%'").all() as Array<{ name: string; sql: string }>;
    expect(indexes.map((index) => index.name).sort()).toEqual([
      'documents_by_conversation',
      'documents_by_conversation_status_due_at',
      'documents_by_state_and_done_at',
      'documents_by_state_and_list_key',
      'documents_by_status_and_due_at',
    ]);
    for (const index of indexes) expect(index.sql).toMatch(/WHERE json_type\(body, '\$\.[A-Za-z.]+'\) IS NOT NULL$/);
  });

  it('a conversation\'s att-göra: page and count of the open ones, done ones since a date', async () => {
    const items = new ActionItemRepository(opened.store);
    expectIndex(await plansOf(() => items.listForConversation(TENANT, CONVERSATION, { state: 'open', limit: 8 })), 'documents_by_state_and_list_key');
    expectIndex(await plansOf(() => items.countForConversation(TENANT, CONVERSATION, { state: 'open', limit: 500 })), 'documents_by_state_and_list_key');
    const done = await plansOf(() => items.listForConversation(TENANT, CONVERSATION, { state: 'done', doneSince: NOW, limit: 8 }));
    for (const plan of done) expect(plan).toMatch(/USING INDEX documents_by_state_and_(done_at|list_key)/);
  });

  it('reminders: a conversation\'s still to come, and the due ones across tenants', async () => {
    const reminders = new ReminderRepository(opened.store, new FixedClock(NOW), { dueIndex: false });
    expectIndex(await plansOf(() => reminders.listForConversation(TENANT, CONVERSATION, { limit: 8 })), 'documents_by_conversation_status_due_at');
    expectIndex(await plansOf(() => reminders.dueCandidates(new Date(NOW), 100)), 'documents_by_status_and_due_at');
  });

  it('rounds, meetings and live meetings of a conversation: an index search in the tenant\'s partition', async () => {
    // Without statistics SQLite prefers the primary key's (container, pk) range here, which also gives the ORDER BY
    // (pk, id), to documents_by_conversation; it did so before the indexes were partial too. Either is a search of
    // one tenant's rounds or meetings, which are few; never a scan of the table.
    const plans = [
      ...(await plansOf(() => new ScoringRepository(opened.store).openRoundsFor(TENANT, CONVERSATION))),
      ...(await plansOf(() => new MeetingRepository(opened.store).listMeetings(TENANT, CONVERSATION))),
      ...(await plansOf(() => new LiveMeetingRepository(opened.store).listForConversation(TENANT, CONVERSATION))),
    ];
    for (const plan of plans) {
      expect(plan).toMatch(/SEARCH documents USING (COVERING )?INDEX (documents_by_conversation|sqlite_autoindex_documents_1) \(container=\? AND pk=\?/);
      expect(plan).not.toMatch(/SCAN documents\b/);
    }
  });

  it('an item has entries only in its own indexes, a reminder only in its own', async () => {
    const store = opened.store as SqliteStore;
    await store.container('action-items').create({ id: 'x.1', pk: `${TENANT}|c|x`, tenantId: TENANT, type: 'actionItem', conversationKey: CONVERSATION, status: 'open', ix: { state: 'open', listKey: 'k' } } as never);
    await store.container('reminders').create({ id: 'r.1', pk: `${TENANT}|r`, tenantId: TENANT, type: 'reminder', conversationKey: CONVERSATION, status: 'pending', dueAt: NOW } as never);
    const entries = (index: string) => (db.prepare(`SELECT container FROM documents INDEXED BY ${index} WHERE container IN ('action-items', 'reminders') AND json_type(body, '$.${indexField(index)}') IS NOT NULL`).all() as Array<{ container: string }>).map((row) => row.container).sort();
    expect(entries('documents_by_state_and_list_key')).toEqual(['action-items']);
    expect(entries('documents_by_state_and_done_at')).toEqual([]);
    expect(entries('documents_by_status_and_due_at')).toEqual(['reminders']);
    expect(entries('documents_by_conversation_status_due_at')).toEqual(['reminders']);
    expect(entries('documents_by_conversation')).toEqual(['action-items', 'reminders']);
  });
});

const indexField = (index: string): string =>
  ({
    documents_by_state_and_list_key: 'ix.state',
    documents_by_state_and_done_at: 'ix.doneAt',
    documents_by_status_and_due_at: 'dueAt',
    documents_by_conversation_status_due_at: 'dueAt',
    documents_by_conversation: 'conversationKey',
  })[index]!;
