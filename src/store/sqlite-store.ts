/**
 * SQLite adapter of the document-store port (better-sqlite3, WAL). The default when no Cosmos endpoint is
 * configured: one file, one table, documents as JSON text.
 *
 * Query semantics follow Cosmos DB so both adapters pass the same contract suite:
 * - a comparison only matches a field of the same JSON type as the value (`'1'` never equals `1`, and `!= 'x'`
 *   skips numbers, nulls and missing fields); `= null` is a JSON null, `!= null` is "present and not null";
 * - `exists` treats JSON null as absent;
 * - ordering uses Cosmos' type order (missing < null < booleans < numbers < strings < arrays < objects), so
 *   documents lacking an orderBy field come first ascending and last descending; ties are broken by (pk, id).
 *
 * Indexes: JSON paths are validated and written into the SQL text (never bound as parameters), so the expression
 * indexes created in `migrate` (the same `json_extract(body, '$.path')` text) serve the queries. Where a condition
 * already fixes an orderBy field's JSON type, that field is ordered by its value alone, so an index on it also
 * serves ORDER BY … LIMIT. Top-level arrays of strings and numbers are copied into `document_terms` in the same
 * transaction as the document, so `arrayContains` on them is an index look-up instead of a scan.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ActionItem } from '../domain/action-items/action-item.js';
import { actionItemDocument } from './action-item-repository.js';
import {
  assertContainerName,
  assertQueryOptions,
  prepareBatch,
  prepareWrite,
  assertFieldPath,
  StoreError,
  type BaseDocument,
  type Condition,
  type Container,
  type DocumentStore,
  type QueryOptions,
  type Stored,
  type StoreHealth,
  type Writable,
} from './document-store.js';

/** Bumped (with a migration in `migrate`) whenever the table layout changes. */
export const SQLITE_SCHEMA_VERSION = 5;

type SqlValue = string | number | null;

interface Row {
  etag: string;
  body: string;
}

interface Statements {
  get: Database.Statement<[string, string, string], Row>;
  deleteTerms: Database.Statement<[string, string, string]>;
  insertTerm: Database.Statement<[string, string, string, string, string | number, string, SqlValue, SqlValue, SqlValue]>;
  exists: Database.Statement<[string, string, string], { one: number }>;
  insert: Database.Statement<[string, string, string, string, string, number]>;
  upsert: Database.Statement<[string, string, string, string, string, number]>;
  replace: Database.Statement<[string, string, number, string, string, string, string]>;
  delete: Database.Statement<[string, string, string]>;
  deleteIfMatch: Database.Statement<[string, string, string, string]>;
}

/**
 * Prepared statements by SQL text, per database: a query's text depends only on its shape (values are bound),
 * so the few shapes the repositories use are compiled once instead of on every call.
 */
const preparedByDb = new WeakMap<Database.Database, Map<string, Database.Statement>>();
const PREPARED_MAX = 500;
function prepared(db: Database.Database, sql: string): Database.Statement {
  let cache = preparedByDb.get(db);
  if (!cache) preparedByDb.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    if (cache.size >= PREPARED_MAX) cache.clear();
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

/** One transaction wrapper per database (better-sqlite3 builds a new wrapper on every `db.transaction` call). */
const transactionByDb = new WeakMap<Database.Database, (fn: () => unknown) => unknown>();
function inTransaction<R>(db: Database.Database, fn: () => R): R {
  let run = transactionByDb.get(db);
  if (!run) transactionByDb.set(db, (run = db.transaction((f: () => unknown) => f())));
  return run(fn) as R;
}

/** A StoreError as it is; any other failure of the driver as StoreError('Unavailable'). */
function storeFailure(operation: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  return new StoreError('Unavailable', `SQLite ${operation} failed: ${errorMessage(error)}`, { cause: error });
}

interface PendingWrite {
  operation: string;
  fn: (statements: Statements) => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * setImmediate as it was when this module loaded: runs after the I/O callbacks of this loop turn, so the writes of
 * all requests that arrived together share a COMMIT (a test's fake timers must not hold writes back).
 */
const scheduleFlush: (flush: () => void) => void = ((immediate) => (flush) => void immediate(flush))(globalThis.setImmediate);

/** Cosmos formats ETags as quoted strings; keep the same shape so callers never depend on the adapter. */
const newEtag = (): string => `"${randomUUID()}"`;

/** `json_extract(body, '$.a.b')` for a validated dotted path: inlined, so an expression index can match it. */
export const jsonExtract = (field: string): string => {
  assertFieldPath(field);
  return `json_extract(body, '$.${field}')`;
};
const jsonType = (field: string): string => {
  assertFieldPath(field);
  return `json_type(body, '$.${field}')`;
};
/**
 * An index's columns for a field: its JSON type, then its value. A comparison compiles to both
 * (`json_type(…) IN ('text') AND json_extract(…) op ?`), so the index answers it without reading the body.
 */
const typed = (field: string): string[] => [jsonType(field), jsonExtract(field)];

/** Where health writes its probe: a container no repository uses (names never start with an underscore). */
const HEALTH_CONTAINER = '__health';

export class SqliteStore implements DocumentStore {
  readonly kind = 'sqlite' as const;
  private closed = false;
  /** The database file as opened (device + inode), to notice it deleted or replaced under a running process. */
  private readonly identity: { dev: number; ino: number } | undefined;
  private firstDataListener: (() => void) | undefined;
  private readonly containers = new Map<string, SqliteContainer<BaseDocument>>();
  private readonly statements: Statements;
  /** Writes waiting for the next group commit (see `commit`). */
  private pending: PendingWrite[] = [];

  private constructor(
    private readonly db: Database.Database,
    readonly file: string,
  ) {
    if (file !== ':memory:') {
      const stats = statSync(file);
      this.identity = { dev: stats.dev, ino: stats.ino };
    }
    this.statements = {
      get: db.prepare('SELECT etag, body FROM documents WHERE container = ? AND pk = ? AND id = ?'),
      deleteTerms: db.prepare('DELETE FROM document_terms WHERE container = ? AND pk = ? AND id = ?'),
      insertTerm: db.prepare(
        'INSERT OR IGNORE INTO document_terms (container, pk, id, field, value, pk_head, ix_state, ix_list_key, ix_done_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      exists: db.prepare('SELECT 1 AS one FROM documents WHERE container = ? AND pk = ? AND id = ?'),
      insert: db.prepare(
        `INSERT INTO documents (container, pk, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (container, pk, id) DO NOTHING`,
      ),
      upsert: db.prepare(
        `INSERT INTO documents (container, pk, id, etag, body, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (container, pk, id) DO UPDATE
         SET etag = excluded.etag, body = excluded.body, updated_at = excluded.updated_at`,
      ),
      // One statement: the etag check and the write are atomic, also against other processes on the same file.
      replace: db.prepare(
        `UPDATE documents SET etag = ?, body = ?, updated_at = ?
         WHERE container = ? AND pk = ? AND id = ? AND etag = ?`,
      ),
      delete: db.prepare('DELETE FROM documents WHERE container = ? AND pk = ? AND id = ?'),
      deleteIfMatch: db.prepare('DELETE FROM documents WHERE container = ? AND pk = ? AND id = ? AND etag = ?'),
    };
  }

  /** Opens (creating if needed) the database file and its parent directory. `':memory:'` works for tests. */
  static open(options: { file: string }): SqliteStore {
    const { file } = options;
    if (typeof file !== 'string' || file.length === 0) {
      throw new StoreError('Unavailable', 'SqliteStore.open: missing file');
    }
    let db: Database.Database | undefined;
    try {
      if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
      db = new Database(file);
      // busy_timeout first: switching to WAL needs a lock another process may hold.
      db.pragma('busy_timeout = 5000');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db);
      return new SqliteStore(db, file);
    } catch (error) {
      db?.close();
      if (error instanceof StoreError) throw error;
      throw new StoreError('Unavailable', `Could not open SQLite store at ${file}: ${errorMessage(error)}`, { cause: error });
    }
  }

  container<T extends BaseDocument>(name: string): Container<T> {
    assertContainerName(name);
    let container = this.containers.get(name);
    if (!container) {
      container = new SqliteContainer<BaseDocument>(
        name,
        (operation, fn) => this.use(operation, fn),
        (operation, fn) => this.commit(operation, fn),
        () => this.notifyWrite(),
      );
      this.containers.set(name, container);
    }
    return container as unknown as Container<T>;
  }

  /**
   * Healthy only if the file we opened is still the one at its path, is writable, and a real write and read back
   * work (a deleted data folder, a restored or replaced file, read-only files or a full disk all fail here).
   */
  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, kind: this.kind, detail: 'store is closed' };
    const fileProblem = this.fileProblem();
    if (fileProblem) return { ok: false, kind: this.kind, detail: fileProblem };
    try {
      const token = randomUUID();
      this.db
        .prepare(
          `INSERT INTO documents (container, pk, id, etag, body, updated_at) VALUES (?, 'health', 'probe', ?, '{}', ?)
           ON CONFLICT (container, pk, id) DO UPDATE SET etag = excluded.etag, updated_at = excluded.updated_at`,
        )
        .run(HEALTH_CONTAINER, token, Date.now());
      const row = this.statements.get.get(HEALTH_CONTAINER, 'health', 'probe');
      if (row?.etag !== token) return { ok: false, kind: this.kind, detail: 'a write could not be read back' };
      return { ok: true, kind: this.kind };
    } catch (error) {
      return { ok: false, kind: this.kind, detail: errorMessage(error) };
    }
  }

  /** Calls `listener` once, after the first document is written (health probes do not count). */
  onFirstData(listener: () => void): void {
    this.firstDataListener = listener;
  }

  /** @internal */
  notifyWrite(): void {
    const listener = this.firstDataListener;
    if (!listener) return;
    this.firstDataListener = undefined;
    listener();
  }

  /** Number of documents (the health probe not counted): tells an empty store from one that holds data. */
  documentCount(): number {
    return this.use('count', (db) => (db.prepare('SELECT COUNT(*) AS n FROM documents WHERE container != ?').get(HEALTH_CONTAINER) as { n: number }).n);
  }

  private fileProblem(): string | undefined {
    if (!this.identity) return undefined;
    let stats: Stats;
    try {
      stats = statSync(this.file);
    } catch {
      return `the database file ${this.file} is gone (deleted or its folder removed); writes would be lost`;
    }
    if (stats.dev !== this.identity.dev || stats.ino !== this.identity.ino) {
      return `the database file ${this.file} was replaced by another file; restart to use it`;
    }
    if ((stats.mode & 0o222) === 0) return `the database file ${this.file} is read-only`;
    for (const companion of [`${this.file}-wal`, `${this.file}-shm`]) {
      try {
        if ((statSync(companion).mode & 0o222) === 0) return `the database file ${companion} is read-only`;
      } catch {
        // not there (yet): fine
      }
    }
    try {
      if ((statSync(dirname(this.file)).mode & 0o222) === 0) return `the data folder ${dirname(this.file)} is read-only`;
    } catch {
      return `the data folder ${dirname(this.file)} is gone`;
    }
    return undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Writes already asked for are committed, not dropped.
    this.flush();
    this.closed = true;
    this.db.close();
  }

  /**
   * Group commit: a write waits for the end of the event loop's current turn (setImmediate), and every write asked
   * for by then (from all concurrent bot turns) is committed in one transaction, each in its own savepoint, so one
   * write's refusal (Conflict, PreconditionFailed …) never undoes another's. A COMMIT is most of a small write's
   * cost (the WAL append and the checkpoints' fsyncs), and under load it is shared; alone, a write waits
   * microseconds. Each promise settles after the COMMIT, so a caller never sees a write that could still be lost.
   */
  private commit<R>(operation: string, fn: (statements: Statements) => R): Promise<R> {
    if (this.closed) return Promise.reject(new StoreError('Unavailable', `SQLite store is closed (${operation})`));
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ operation, fn, resolve: resolve as (value: unknown) => void, reject });
      if (this.pending.length === 1) scheduleFlush(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    if (batch.length === 1) {
      // Alone: its own transaction, no savepoint needed.
      const write = batch[0]!;
      try {
        write.resolve(this.use(write.operation, (db, statements) => inTransaction(db, () => write.fn(statements))));
      } catch (error) {
        write.reject(error);
      }
      return;
    }
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      this.use('commit', (db, statements) =>
        inTransaction(db, () => {
          for (const write of batch) {
            try {
              // Nested: a savepoint, released on success and rolled back when `fn` throws.
              outcomes.push({ ok: true, value: inTransaction(db, () => write.fn(statements)) });
            } catch (error) {
              outcomes.push({ ok: false, error: storeFailure(write.operation, error) });
            }
          }
        }),
      );
    } catch (error) {
      // The COMMIT failed (disk full, a lock held too long …): none of the batch was written.
      for (const write of batch) write.reject(storeFailure(write.operation, error));
      return;
    }
    batch.forEach((write, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.error);
    });
  }

  /** Runs `fn` against the open database; maps driver failures to StoreError('Unavailable'). */
  private use<R>(operation: string, fn: (db: Database.Database, statements: Statements) => R): R {
    if (this.closed) throw new StoreError('Unavailable', `SQLite store is closed (${operation})`);
    try {
      return fn(this.db, this.statements);
    } catch (error) {
      throw storeFailure(operation, error);
    }
  }
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SQLITE_SCHEMA_VERSION) {
    throw new StoreError(
      'Unavailable',
      `SQLite schema version ${current} is newer than this build supports (${SQLITE_SCHEMA_VERSION})`,
    );
  }
  if (current === SQLITE_SCHEMA_VERSION) return;
  // IMMEDIATE: two processes opening a fresh file at once must not both migrate.
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version < 1) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS documents (
          container  TEXT    NOT NULL,
          pk         TEXT    NOT NULL,
          id         TEXT    NOT NULL,
          etag       TEXT    NOT NULL,
          body       TEXT    NOT NULL,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (container, pk, id)
        )`);
    }
    if (version < 2) {
      // Version 2: array terms and the expression indexes the repositories' queries use.
      db.exec(`
        CREATE TABLE IF NOT EXISTS document_terms (
          container TEXT NOT NULL,
          pk        TEXT NOT NULL,
          id        TEXT NOT NULL,
          field     TEXT NOT NULL,
          value     NOT NULL, -- no declared type: no affinity, so '1' and 1 stay apart
          PRIMARY KEY (field, value, container, pk, id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS document_terms_by_document ON document_terms (container, pk, id);
        CREATE INDEX IF NOT EXISTS documents_by_id ON documents (container, id);
        ${INDEXES.map(createIndexSql).join('\n')}
      `);
      const insertTerm = db.prepare('INSERT OR IGNORE INTO document_terms (container, pk, id, field, value) VALUES (?, ?, ?, ?, ?)');
      for (const row of db.prepare('SELECT container, pk, id, body FROM documents').all() as Array<{ container: string; pk: string; id: string; body: string }>) {
        for (const [field, value] of arrayTerms(JSON.parse(row.body) as Record<string, unknown>)) insertTerm.run(row.container, row.pk, row.id, field, value);
      }
    }
    if (version < 3) rekeyActionItems(db);
    if (version < 4) addTermListFields(db);
    if (version >= 2 && version < 5) makeIndexesPartial(db);
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  }).immediate();
}

/**
 * Expression indexes (after `container`), one per query shape the repositories run. The expressions must be
 * written exactly as the query compiler writes them (`jsonExtract`). Each is partial (version 5): it holds only the
 * documents that have its `when` field, so a write computes and stores the entries of the indexes that concern it
 * (an item's two, a reminder's three) instead of all five. SQLite uses a partial index for a query only when the
 * query implies its WHERE: every query it serves compares the `when` field (`json_type(…) IN (…)`, which implies
 * IS NOT NULL), checked by the plan tests.
 */
const INDEXES: Array<{ name: string; columns: string[]; when: string }> = [
  // A conversation's att-göra in list order, open / done separately ("uppgifter", the digest, the tab).
  { name: 'documents_by_state_and_list_key', columns: ['pk', ...typed('ix.state'), ...typed('ix.listKey'), 'id'], when: 'ix.state' },
  // Done items of a conversation by when they were completed ("alla": done in the last 30 days).
  { name: 'documents_by_state_and_done_at', columns: ['pk', ...typed('ix.state'), ...typed('ix.doneAt')], when: 'ix.doneAt' },
  // Due reminders: pending (or sending) by due time, across tenants, for the scheduler.
  { name: 'documents_by_status_and_due_at', columns: [...typed('status'), ...typed('dueAt')], when: 'dueAt' },
  // A conversation's reminders still to come, soonest first ("påminnelser").
  { name: 'documents_by_conversation_status_due_at', columns: ['pk', ...typed('conversationKey'), ...typed('status'), ...typed('dueAt')], when: 'dueAt' },
  // A conversation's rounds and meetings by conversation (tenant-wide partitions).
  { name: 'documents_by_conversation', columns: ['pk', ...typed('conversationKey')], when: 'conversationKey' },
];

const createIndexSql = (index: (typeof INDEXES)[number]): string =>
  `CREATE INDEX IF NOT EXISTS ${index.name} ON documents (container, ${index.columns.join(', ')}) WHERE ${jsonType(index.when)} IS NOT NULL;`;

/** Version 5: the expression indexes become partial (see INDEXES); rebuilt from the documents in one pass each. */
function makeIndexesPartial(db: Database.Database): void {
  for (const index of INDEXES) db.exec(`DROP INDEX IF EXISTS ${index.name}; ${createIndexSql(index)}`);
}

/**
 * Version 3: att-göra items move from the tenant's partition to their conversation's (`<tenant>|c|<tag>`) and get
 * their derived list fields (`ix`), written exactly as ActionItemRepository writes them. Ids stay as they were
 * (cards already posted in Teams carry them); the repository finds such an id by a look-up.
 */
function rekeyActionItems(db: Database.Database): void {
  const rows = db.prepare("SELECT pk, id, body FROM documents WHERE container = 'action-items'").all() as Array<{ pk: string; id: string; body: string }>;
  const move = db.prepare("UPDATE documents SET pk = ?, body = ? WHERE container = 'action-items' AND pk = ? AND id = ?");
  const moveTerms = db.prepare("UPDATE document_terms SET pk = ? WHERE container = 'action-items' AND pk = ? AND id = ?");
  for (const row of rows) {
    const body = JSON.parse(row.body) as { type?: string } & Record<string, unknown>;
    if (body.type !== 'actionItem') continue;
    const { pk: _pk, type: _type, ix: _ix, ...item } = body;
    void _pk; void _type; void _ix;
    const document = actionItemDocument(undefined, item as unknown as ActionItem);
    move.run(document.pk, JSON.stringify(document), row.pk, row.id);
    moveTerms.run(document.pk, row.pk, row.id);
  }
}

/**
 * Version 4: every term row carries the head of its partition key (the tenant: everything before the first `|`)
 * and its document's list fields (`ix.state`, `ix.listKey`, `ix.doneAt`, when they are strings), and two indexes
 * order a term's documents of one tenant by them. "mina uppgifter" (an item's `assigneeKeys`, one
 * state, in list order, a page) is then an index range per person key that stops after the page, instead of
 * reading every item the person was ever assigned (see `termListQuery`).
 */
function addTermListFields(db: Database.Database): void {
  db.exec(`
    ALTER TABLE document_terms ADD COLUMN pk_head TEXT NOT NULL DEFAULT '';
    ALTER TABLE document_terms ADD COLUMN ix_state;
    ALTER TABLE document_terms ADD COLUMN ix_list_key;
    ALTER TABLE document_terms ADD COLUMN ix_done_at;
    ${TERM_INDEXES.map((index) => `CREATE INDEX IF NOT EXISTS ${index.name} ON document_terms (${index.columns.join(', ')});`).join('\n')}
  `);
  const text = (path: string) => `(SELECT CASE WHEN json_type(d.body, '$.${path}') = 'text' THEN json_extract(d.body, '$.${path}') END FROM documents d WHERE d.container = t.container AND d.pk = t.pk AND d.id = t.id)`;
  db.exec(`UPDATE document_terms AS t SET pk_head = CASE WHEN instr(pk, '|') > 0 THEN substr(pk, 1, instr(pk, '|') - 1) ELSE pk END, ix_state = ${text('ix.state')}, ix_list_key = ${text('ix.listKey')}, ix_done_at = ${text('ix.doneAt')}`);
}

/** Indexes on `document_terms` (version 4): a term's documents of one state by list key, and by when they were done. */
const TERM_INDEXES: Array<{ name: string; columns: string[] }> = [
  { name: 'document_terms_by_list_key', columns: ['field', 'value', 'container', 'pk_head', 'ix_state', 'ix_list_key', 'pk', 'id', 'ix_done_at'] },
  { name: 'document_terms_by_done_at', columns: ['field', 'value', 'container', 'pk_head', 'ix_state', 'ix_done_at', 'ix_list_key'] },
];

/** A partition key's head: everything before its first `|` (the tenant), or the whole key. */
export const pkHead = (pk: string): string => {
  const bar = pk.indexOf('|');
  return bar < 0 ? pk : pk.slice(0, bar);
};

/** The list fields a term row carries (version 4): `ix.state`, `ix.listKey`, `ix.doneAt` when they are strings. */
function termListFields(body: Record<string, unknown>): [SqlValue, SqlValue, SqlValue] {
  const ix = body.ix as Record<string, unknown> | undefined;
  const text = (value: unknown): SqlValue => (typeof value === 'string' ? value : null);
  return ix && typeof ix === 'object' ? [text(ix.state), text(ix.listKey), text(ix.doneAt)] : [null, null, null];
}

/** Top-level arrays of strings and numbers, as (field, value) pairs for `document_terms`. */
export function arrayTerms(body: Record<string, unknown>): Array<[string, string | number]> {
  const terms: Array<[string, string | number]> = [];
  for (const [field, value] of Object.entries(body)) {
    if (!Array.isArray(value) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) continue;
    for (const element of value) {
      if (typeof element === 'string' || (typeof element === 'number' && Number.isFinite(element))) terms.push([field, element]);
    }
  }
  return terms;
}

type Runner = <R>(operation: string, fn: (db: Database.Database, statements: Statements) => R) => R;
/** Runs a write in the next group commit (SqliteStore.commit); `fn` runs inside its own savepoint. */
type Committer = <R>(operation: string, fn: (statements: Statements) => R) => Promise<R>;

class SqliteContainer<T extends BaseDocument> implements Container<T> {
  constructor(
    readonly name: string,
    private readonly use: Runner,
    private readonly commit: Committer,
    private readonly written: () => void = () => {},
  ) {}

  async get(pk: string, id: string): Promise<Stored<T> | undefined> {
    return this.use('get', (_db, s) => {
      const row = s.get.get(this.name, String(pk), String(id));
      return row ? toStored<T>(row) : undefined;
    });
  }

  async create(doc: Writable<T>): Promise<Stored<T>> {
    const body = prepareWrite(doc);
    return this.commit('create', (s) => this.write(s, 'insert', body));
  }

  async upsert(doc: Writable<T>): Promise<Stored<T>> {
    const body = prepareWrite(doc);
    return this.commit('upsert', (s) => this.write(s, 'upsert', body));
  }

  async upsertMany(docs: Array<Writable<T>>): Promise<Array<Stored<T>>> {
    const bodies = prepareBatch(docs);
    return this.commit('upsertMany', (s) => bodies.map((body) => this.write(s, 'upsert', body)));
  }

  async upsertAcross(docs: Array<Writable<T>>): Promise<Array<Stored<T>>> {
    const bodies = prepareBatch(docs, true);
    return this.commit('upsertAcross', (s) => bodies.map((body) => this.write(s, 'upsert', body)));
  }

  async replace(doc: Writable<T>, etag: string): Promise<Stored<T>> {
    const body = prepareWrite(doc);
    if (typeof etag !== 'string' || etag.length === 0) {
      throw new StoreError('PreconditionFailed', `replace of ${label(this.name, body)} needs an etag`);
    }
    return this.commit('replace', (s) => {
      const next = newEtag();
      const json = JSON.stringify(body);
      const result = s.replace.run(next, json, Date.now(), this.name, body.pk, body.id, etag);
      if (result.changes === 0) {
        if (s.exists.get(this.name, body.pk, body.id)) {
          throw new StoreError('PreconditionFailed', `Document ${label(this.name, body)} was changed by someone else`);
        }
        throw new StoreError('NotFound', `Document ${label(this.name, body)} does not exist`);
      }
      this.writeTerms(s, body);
      return { ...(JSON.parse(json) as T), _etag: next };
    });
  }

  async delete(pk: string, id: string, etag?: string): Promise<boolean> {
    return this.commit('delete', (s) => {
      const deleted =
        etag === undefined
          ? s.delete.run(this.name, String(pk), String(id)).changes > 0
          : s.deleteIfMatch.run(this.name, String(pk), String(id), etag).changes > 0;
      if (deleted) {
        s.deleteTerms.run(this.name, String(pk), String(id));
        return true;
      }
      if (etag !== undefined && s.exists.get(this.name, String(pk), String(id))) {
        throw new StoreError('PreconditionFailed', `Document ${this.name}/${pk}/${id} was changed by someone else`);
      }
      return false;
    });
  }

  /** Inserts (a new id only: else Conflict) or upserts one prepared document with a new etag, inside a transaction. */
  private write(s: Statements, statement: 'insert' | 'upsert', body: T): Stored<T> {
    const etag = newEtag();
    const json = JSON.stringify(body);
    const result = s[statement].run(this.name, body.pk, body.id, etag, json, Date.now());
    if (statement === 'insert' && result.changes === 0) {
      throw new StoreError('Conflict', `Document ${label(this.name, body)} already exists`);
    }
    // A document just inserted has no term rows to delete.
    this.writeTerms(s, body, statement === 'insert');
    this.written();
    return { ...(JSON.parse(json) as T), _etag: etag };
  }

  private writeTerms(s: Statements, body: T, inserted = false): void {
    if (!inserted) s.deleteTerms.run(this.name, body.pk, body.id);
    const terms = arrayTerms(body as unknown as Record<string, unknown>);
    if (terms.length === 0) return;
    const list = termListFields(body as unknown as Record<string, unknown>);
    const head = pkHead(body.pk);
    for (const [field, value] of terms) s.insertTerm.run(this.name, body.pk, body.id, field, value, head, ...list);
  }

  async count(pk: string, options: Pick<QueryOptions, 'where' | 'limit'> = {}): Promise<number> {
    return this.runCount('count', 'pk = ?', [String(pk)], options, pkHead(String(pk)));
  }

  async countAcross(pkPrefix: string, options: Pick<QueryOptions, 'where' | 'limit'> = {}): Promise<number> {
    const prefix = String(pkPrefix);
    return this.runCount('countAcross', 'pk >= ? AND pk < ? AND substr(pk, 1, length(?)) = ?', [prefix, prefix + '\u{10FFFF}', prefix, prefix], options, prefixHead(prefix));
  }

  private runCount(operation: string, partitionSql: string, partitionParams: SqlValue[], options: Pick<QueryOptions, 'where' | 'limit'>, head?: string): number {
    const byTerms = termListSql('count', this.name, partitionSql, partitionParams, options, head);
    if (byTerms) return this.use(operation, (db) => (prepared(db, byTerms.sql).get(...byTerms.params) as { n: number }).n);
    const compiled = compileQuery({ where: options.where ?? [], ...(options.limit !== undefined ? { limit: options.limit } : {}) }, { sql: `container = ? AND ${partitionSql}`, params: [this.name, ...partitionParams] });
    const matches = `FROM documents WHERE container = ? AND ${partitionSql}` + compiled.where.map((clause) => ` AND ${clause}`).join('');
    const sql = compiled.limit === undefined ? `SELECT COUNT(*) AS n ${matches}` : `SELECT COUNT(*) AS n FROM (SELECT 1 ${matches} LIMIT ?)`;
    const params = [this.name, ...partitionParams, ...compiled.whereParams, ...(compiled.limit === undefined ? [] : [compiled.limit])];
    return this.use(operation, (db) => (prepared(db, sql).get(...params) as { n: number }).n);
  }

  async query(pk: string, options: QueryOptions = {}): Promise<Array<Stored<T>>> {
    return this.runQuery('query', 'pk = ?', [String(pk)], options, pkHead(String(pk)));
  }

  async queryAcross(pkPrefix: string, options: QueryOptions = {}): Promise<Array<Stored<T>>> {
    const prefix = String(pkPrefix);
    // Every partition: no condition on pk, so an index on the query's fields serves it (the scheduler's due query).
    if (prefix === '') return this.runQuery('queryAcross', '1', [], options);
    // The range lets SQLite use the primary key; the substr check makes it exact for any character.
    // (No LIKE: it is case-insensitive for ASCII and treats % and _ as wildcards.)
    return this.runQuery(
      'queryAcross',
      'pk >= ? AND pk < ? AND substr(pk, 1, length(?)) = ?',
      [prefix, prefix + '\u{10FFFF}', prefix, prefix],
      options,
      prefixHead(prefix),
    );
  }

  private runQuery(
    operation: string,
    partitionSql: string,
    partitionParams: SqlValue[],
    options: QueryOptions,
    head?: string,
  ): Array<Stored<T>> {
    const byTerms = termListSql('query', this.name, partitionSql, partitionParams, options, head);
    if (byTerms) return this.use(operation, (db) => (prepared(db, byTerms.sql).all(...byTerms.params) as Row[]).map((row) => toStored<T>(row)));
    const compiled = compileQuery(options, { sql: `container = ? AND ${partitionSql}`, params: [this.name, ...partitionParams] });
    if (compiled.limit === 0) return this.use(operation, () => []);
    const order = ` ORDER BY ${[...compiled.orderBy, 'pk ASC', 'id ASC'].join(', ')}`;
    const matches = `FROM documents WHERE container = ? AND ${partitionSql}` + compiled.where.map((clause) => ` AND ${clause}`).join('');
    // With a limit, the rows are chosen first from what the indexes hold (rowid, pk, id, the indexed values) and
    // only the chosen ones are read whole: sorting thousands of candidates never carries their bodies.
    const sql =
      compiled.limit === undefined
        ? `SELECT etag, body ${matches}${order}`
        : `SELECT etag, body FROM documents WHERE rowid IN (SELECT rowid ${matches}${order} LIMIT ?)${order}`;
    const params: SqlValue[] = [this.name, ...partitionParams, ...compiled.whereParams];
    if (compiled.limit !== undefined) params.push(compiled.limit);
    return this.use(operation, (db) => (prepared(db, sql).all(...params) as Row[]).map((row) => toStored<T>(row)));
  }
}

function toStored<T extends BaseDocument>(row: Row): Stored<T> {
  return { ...(JSON.parse(row.body) as T), _etag: row.etag };
}

const label = (container: string, doc: BaseDocument): string => `${container}/${doc.pk}/${doc.id}`;

interface CompiledQuery {
  where: string[];
  whereParams: SqlValue[];
  orderBy: string[];
  limit: number | undefined;
}

const COMPARISON_SQL = { '=': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' } as const;

/** Cosmos' cross-type order; a missing field (json_type NULL) sorts lowest. */
const typeRank = (field: string): string => {
  const type = jsonType(field);
  return (
    `CASE ${type} WHEN 'null' THEN 1 WHEN 'false' THEN 2 WHEN 'true' THEN 2 WHEN 'integer' THEN 3 ` +
    "WHEN 'real' THEN 3 WHEN 'text' THEN 4 WHEN 'array' THEN 5 WHEN 'object' THEN 6 ELSE 0 END"
  );
};

/** SQL types json_type reports for a JS scalar, and the value to bind (json_extract turns booleans into 1/0). */
function scalarOf(value: string | number | boolean): { types: string; bind: SqlValue } {
  if (typeof value === 'string') return { types: "('text')", bind: value };
  if (typeof value === 'number') return { types: "('integer', 'real')", bind: value };
  return { types: "('true', 'false')", bind: value ? 1 : 0 };
}

/**
 * Fields whose JSON type the conditions fix to one comparable kind (a comparison with a string, or with a
 * number): ordering by such a field needs no type rank, so an index on its value serves the ORDER BY.
 */
function typedFields(conditions: Condition[]): Set<string> {
  const typed = new Set<string>();
  for (const condition of conditions) {
    const { op, value } = condition as { op: string; value: unknown };
    if (['=', '<', '<=', '>', '>='].includes(op) && (typeof value === 'string' || typeof value === 'number')) typed.add(condition.field);
  }
  return typed;
}

/** The container and partitions a query reads (SQL on `container` and `pk`), for the array-terms sub-query. */
interface TermsScope {
  sql: string;
  params: SqlValue[];
}

function compileQuery(options: QueryOptions, scope: TermsScope): CompiledQuery {
  assertQueryOptions(options);
  const where: string[] = [];
  const whereParams: SqlValue[] = [];
  for (const condition of options.where ?? []) {
    where.push(compileCondition(condition, whereParams, scope));
  }
  const typed = typedFields(options.where ?? []);
  const orderBy: string[] = [];
  for (const { field, direction } of options.orderBy ?? []) {
    const dir = direction === 'desc' ? 'DESC' : 'ASC';
    if (!typed.has(field)) orderBy.push(`${typeRank(field)} ${dir}`);
    orderBy.push(`${jsonExtract(field)} ${dir}`);
  }
  return { where, whereParams, orderBy, limit: options.limit };
}

/** The list fields a term row carries (version 4), by the document path they copy. */
const TERM_LIST_COLUMNS: Record<string, string> = { 'ix.listKey': 'ix_list_key', 'ix.doneAt': 'ix_done_at' };

/**
 * A query (or count) the term index answers whole, or undefined when it has another shape: one `arrayContains` /
 * `arrayContainsAny` on a top-level array, `ix.state = <string>`, string comparisons on `ix.listKey` / `ix.doneAt`,
 * and for a query, ordered by `ix.listKey` alone with a string condition on it (so the order is by value, as the
 * generic path orders it). This is "mina uppgifter": per key, the index `document_terms_by_list_key` is read in
 * list order and stops after `limit` rows, the keys' rows are merged (a document found under two keys once), and
 * only the page's documents are read. A count is capped the same way per key. The cost follows the page (and the
 * cap), not how many documents carry the term, nor the rest of the partitions.
 */
export function termListSql(
  kind: 'query' | 'count',
  container: string,
  partitionSql: string,
  partitionParams: SqlValue[],
  options: QueryOptions,
  head: string | undefined,
): { sql: string; params: SqlValue[] } | undefined {
  assertQueryOptions(options);
  // The partitions' common head (their tenant) is the index's next column; without one the generic path answers.
  if (head === undefined) return undefined;
  const where = options.where ?? [];
  const terms = where.filter((c) => c.op === 'arrayContains' || c.op === 'arrayContainsAny');
  if (terms.length !== 1 || !TOP_LEVEL.test(terms[0]!.field)) return undefined;
  const term = terms[0] as Extract<Condition, { op: 'arrayContains' | 'arrayContainsAny' }>;
  let state: string | undefined;
  const clauses: string[] = [];
  const clauseParams: SqlValue[] = [];
  for (const condition of where) {
    if (condition === term) continue;
    const { field, op, value } = condition as { field: string; op: string; value: unknown };
    if (field === 'ix.state' && op === '=' && typeof value === 'string' && state === undefined) {
      state = value;
      continue;
    }
    const column = TERM_LIST_COLUMNS[field];
    if (column === undefined || !['=', '<', '<=', '>', '>='].includes(op) || typeof value !== 'string') return undefined;
    clauses.push(`${column} ${op} ?`);
    clauseParams.push(value);
  }
  if (state === undefined) return undefined;
  const orderBy = options.orderBy ?? [];
  if (kind === 'query') {
    const listKeyTyped = where.some((c) => c.field === 'ix.listKey' && typeof c.value === 'string');
    if (orderBy.length !== 1 || orderBy[0]!.field !== 'ix.listKey' || orderBy[0]!.direction === 'desc' || !listKeyTyped) return undefined;
  }
  const keys = term.op === 'arrayContains' ? [term.value] : [...new Set(term.value)];
  const limit = options.limit;
  const params: SqlValue[] = [];
  // The plan is fixed (no statistics to choose by): list order, or for a count of recently done, by doneAt.
  const index = kind === 'count' && where.some((c) => c.field === 'ix.doneAt') ? 'document_terms_by_done_at' : 'document_terms_by_list_key';
  const members = keys.map((key) => {
    params.push(term.field, key, container, head, ...partitionParams, state!, ...clauseParams);
    if (limit !== undefined) params.push(limit);
    const order = kind === 'query' ? ' ORDER BY ix_list_key, pk, id' : '';
    return (
      `SELECT * FROM (SELECT pk, id${kind === 'query' ? ', ix_list_key AS k' : ''} FROM document_terms INDEXED BY ${index} ` +
      `WHERE field = ? AND value = ? AND container = ? AND pk_head = ? AND ${partitionSql} AND ix_state = ?${clauses.map((c) => ` AND ${c}`).join('')}` +
      `${order}${limit !== undefined ? ' LIMIT ?' : ''})`
    );
  });
  const hits = members.join(' UNION ALL ');
  if (kind === 'count') {
    if (limit !== undefined) params.push(limit);
    return { sql: `SELECT COUNT(*) AS n FROM (SELECT DISTINCT pk, id FROM (${hits})${limit !== undefined ? ' LIMIT ?' : ''})`, params };
  }
  if (limit !== undefined) params.push(limit);
  params.push(container);
  return {
    sql:
      `SELECT d.etag, d.body FROM (SELECT DISTINCT pk, id, k FROM (${hits}) ORDER BY k, pk, id${limit !== undefined ? ' LIMIT ?' : ''}) AS h ` +
      'JOIN documents AS d ON d.container = ? AND d.pk = h.pk AND d.id = h.id ORDER BY h.k, h.pk, h.id',
    params,
  };
}

/**
 * The head every partition key starting with `prefix` has (see `pkHead`), when the prefix fixes it (it contains
 * a `|`); else undefined.
 */
const prefixHead = (prefix: string): string | undefined => (prefix.includes('|') ? pkHead(prefix) : undefined);

/** A top-level field name (its arrays are in document_terms). */
const TOP_LEVEL = /^[A-Za-z_][A-Za-z0-9_]*$/;

function compileCondition(condition: Condition, params: SqlValue[], scope: TermsScope): string {
  const extract = jsonExtract(condition.field);
  const type = jsonType(condition.field);
  switch (condition.op) {
    case 'exists':
      return condition.value ? `(${type} IS NOT NULL AND ${type} != 'null')` : `(${type} IS NULL OR ${type} = 'null')`;
    case 'in': {
      const strings = condition.value.filter((v): v is string => typeof v === 'string');
      const numbers = condition.value.filter((v): v is number => typeof v === 'number');
      const parts: string[] = [];
      for (const [values, types] of [
        [strings, "('text')"],
        [numbers, "('integer', 'real')"],
      ] as const) {
        if (values.length === 0) continue;
        parts.push(`(${type} IN ${types} AND ${extract} IN (${values.map(() => '?').join(', ')}))`);
        params.push(...values);
      }
      return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
    }
    case 'arrayContainsAny': {
      if (TOP_LEVEL.test(condition.field)) {
        // Not correlated (the outer query fixes the container), so SQLite reads the terms first and looks the
        // documents up by primary key: the cost follows the matches, not the partition.
        params.push(condition.field, ...condition.value, ...scope.params);
        return `(container, pk, id) IN (SELECT container, pk, id FROM document_terms WHERE field = ? AND value IN (${condition.value.map(() => '?').join(', ')}) AND ${scope.sql})`;
      }
      const parts = condition.value.map((value) => compileCondition({ field: condition.field, op: 'arrayContains', value }, params, scope));
      return `(${parts.join(' OR ')})`;
    }
    case 'arrayContains': {
      if (TOP_LEVEL.test(condition.field)) {
        // Served by document_terms (an index look-up that drives the query).
        params.push(condition.field, condition.value, ...scope.params);
        return `(container, pk, id) IN (SELECT container, pk, id FROM document_terms WHERE field = ? AND value = ? AND ${scope.sql})`;
      }
      const { types, bind } = scalarOf(condition.value);
      params.push(bind);
      return (
        `(${type} = 'array' AND EXISTS (SELECT 1 FROM json_each(body, '$.${condition.field}') AS element ` +
        `WHERE element.type IN ${types} AND element.value = ?))`
      );
    }
    default: {
      const { op, value } = condition;
      // The id is also a column (with an index): a look-up by id across partitions uses it.
      if (condition.field === 'id' && op === '=' && typeof value === 'string') {
        params.push(value);
        return 'id = ?';
      }
      if (value === null) {
        // '= null' is a JSON null (not a missing field); '!= null' is "present and not null".
        // Ordering comparisons with null are rejected by assertQueryOptions.
        if (op === '=') return `${type} = 'null'`;
        return `(${type} IS NOT NULL AND ${type} != 'null')`;
      }
      // As in Cosmos, a comparison across JSON types (or with a missing field) is undefined: no match, also for '!='.
      const { types, bind } = scalarOf(value);
      params.push(bind);
      return `(${type} IN ${types} AND ${extract} ${COMPARISON_SQL[op]} ?)`;
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
