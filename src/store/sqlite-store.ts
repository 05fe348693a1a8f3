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
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  assertContainerName,
  assertQueryOptions,
  assertDocument,
  assertFieldPath,
  StoreError,
  stripSystemProperties,
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
export const SQLITE_SCHEMA_VERSION = 1;

type SqlValue = string | number | null;

interface Row {
  etag: string;
  body: string;
}

interface Statements {
  get: Database.Statement<[string, string, string], Row>;
  exists: Database.Statement<[string, string, string], { one: number }>;
  insert: Database.Statement<[string, string, string, string, string, number]>;
  upsert: Database.Statement<[string, string, string, string, string, number]>;
  replace: Database.Statement<[string, string, number, string, string, string, string]>;
  delete: Database.Statement<[string, string, string]>;
  deleteIfMatch: Database.Statement<[string, string, string, string]>;
}

/** Cosmos formats ETags as quoted strings; keep the same shape so callers never depend on the adapter. */
const newEtag = (): string => `"${randomUUID()}"`;

const jsonPath = (field: string): string => {
  assertFieldPath(field);
  return `$.${field}`;
};

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
      container = new SqliteContainer<BaseDocument>(name, (operation, fn) => this.use(operation, fn), () => this.notifyWrite());
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
    this.closed = true;
    this.db.close();
  }

  /** Runs `fn` against the open database; maps driver failures to StoreError('Unavailable'). */
  private use<R>(operation: string, fn: (db: Database.Database, statements: Statements) => R): R {
    if (this.closed) throw new StoreError('Unavailable', `SQLite store is closed (${operation})`);
    try {
      return fn(this.db, this.statements);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError('Unavailable', `SQLite ${operation} failed: ${errorMessage(error)}`, { cause: error });
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
    db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  }).immediate();
}

type Runner = <R>(operation: string, fn: (db: Database.Database, statements: Statements) => R) => R;

class SqliteContainer<T extends BaseDocument> implements Container<T> {
  constructor(
    readonly name: string,
    private readonly use: Runner,
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
    return this.use('create', (_db, s) => {
      const etag = newEtag();
      const json = JSON.stringify(body);
      const result = s.insert.run(this.name, body.pk, body.id, etag, json, Date.now());
      if (result.changes === 0) {
        throw new StoreError('Conflict', `Document ${label(this.name, body)} already exists`);
      }
      this.written();
      return { ...(JSON.parse(json) as T), _etag: etag };
    });
  }

  async upsert(doc: Writable<T>): Promise<Stored<T>> {
    const body = prepareWrite(doc);
    return this.use('upsert', (_db, s) => {
      const etag = newEtag();
      const json = JSON.stringify(body);
      s.upsert.run(this.name, body.pk, body.id, etag, json, Date.now());
      this.written();
      return { ...(JSON.parse(json) as T), _etag: etag };
    });
  }

  async replace(doc: Writable<T>, etag: string): Promise<Stored<T>> {
    const body = prepareWrite(doc);
    if (typeof etag !== 'string' || etag.length === 0) {
      throw new StoreError('PreconditionFailed', `replace of ${label(this.name, body)} needs an etag`);
    }
    return this.use('replace', (_db, s) => {
      const next = newEtag();
      const json = JSON.stringify(body);
      const result = s.replace.run(next, json, Date.now(), this.name, body.pk, body.id, etag);
      if (result.changes === 0) {
        if (s.exists.get(this.name, body.pk, body.id)) {
          throw new StoreError('PreconditionFailed', `Document ${label(this.name, body)} was changed by someone else`);
        }
        throw new StoreError('NotFound', `Document ${label(this.name, body)} does not exist`);
      }
      return { ...(JSON.parse(json) as T), _etag: next };
    });
  }

  async delete(pk: string, id: string, etag?: string): Promise<boolean> {
    return this.use('delete', (_db, s) => {
      if (etag === undefined) {
        return s.delete.run(this.name, String(pk), String(id)).changes > 0;
      }
      if (s.deleteIfMatch.run(this.name, String(pk), String(id), etag).changes > 0) return true;
      if (s.exists.get(this.name, String(pk), String(id))) {
        throw new StoreError('PreconditionFailed', `Document ${this.name}/${pk}/${id} was changed by someone else`);
      }
      return false;
    });
  }

  async query(pk: string, options: QueryOptions = {}): Promise<Array<Stored<T>>> {
    return this.runQuery('query', 'pk = ?', [String(pk)], options);
  }

  async queryAcross(pkPrefix: string, options: QueryOptions = {}): Promise<Array<Stored<T>>> {
    const prefix = String(pkPrefix);
    // The range lets SQLite use the primary key; the substr check makes it exact for any character.
    // (No LIKE: it is case-insensitive for ASCII and treats % and _ as wildcards.)
    return this.runQuery(
      'queryAcross',
      'pk >= ? AND pk < ? AND substr(pk, 1, length(?)) = ?',
      [prefix, prefix + '\u{10FFFF}', prefix, prefix],
      options,
    );
  }

  private runQuery(
    operation: string,
    partitionSql: string,
    partitionParams: SqlValue[],
    options: QueryOptions,
  ): Array<Stored<T>> {
    const compiled = compileQuery(options);
    if (compiled.limit === 0) return this.use(operation, () => []);
    const sql =
      `SELECT etag, body FROM documents WHERE container = ? AND ${partitionSql}` +
      compiled.where.map((clause) => ` AND ${clause}`).join('') +
      ` ORDER BY ${[...compiled.orderBy, 'pk ASC', 'id ASC'].join(', ')}` +
      (compiled.limit === undefined ? '' : ' LIMIT ?');
    const params: SqlValue[] = [this.name, ...partitionParams, ...compiled.whereParams, ...compiled.orderByParams];
    if (compiled.limit !== undefined) params.push(compiled.limit);
    return this.use(operation, (db) => (db.prepare(sql).all(...params) as Row[]).map((row) => toStored<T>(row)));
  }
}

function prepareWrite<T extends BaseDocument>(doc: Writable<T>): T {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new StoreError('InvalidDocument', 'Document must be an object');
  }
  const body = stripSystemProperties<T>(doc);
  assertDocument(body);
  return body;
}

function toStored<T extends BaseDocument>(row: Row): Stored<T> {
  return { ...(JSON.parse(row.body) as T), _etag: row.etag };
}

const label = (container: string, doc: BaseDocument): string => `${container}/${doc.pk}/${doc.id}`;

interface CompiledQuery {
  where: string[];
  whereParams: SqlValue[];
  orderBy: string[];
  orderByParams: SqlValue[];
  limit: number | undefined;
}

const COMPARISON_SQL = { '=': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' } as const;

/** Cosmos' cross-type order; a missing field (json_type NULL) sorts lowest. */
const TYPE_RANK =
  "CASE json_type(body, ?) WHEN 'null' THEN 1 WHEN 'false' THEN 2 WHEN 'true' THEN 2 WHEN 'integer' THEN 3 " +
  "WHEN 'real' THEN 3 WHEN 'text' THEN 4 WHEN 'array' THEN 5 WHEN 'object' THEN 6 ELSE 0 END";

/** SQL types json_type reports for a JS scalar, and the value to bind (json_extract turns booleans into 1/0). */
function scalarOf(value: string | number | boolean): { types: string; bind: SqlValue } {
  if (typeof value === 'string') return { types: "('text')", bind: value };
  if (typeof value === 'number') return { types: "('integer', 'real')", bind: value };
  return { types: "('true', 'false')", bind: value ? 1 : 0 };
}

function compileQuery(options: QueryOptions): CompiledQuery {
  assertQueryOptions(options);
  const where: string[] = [];
  const whereParams: SqlValue[] = [];
  for (const condition of options.where ?? []) {
    const path = jsonPath(condition.field);
    const clause = compileCondition(condition, path, whereParams);
    where.push(clause);
  }
  const orderBy: string[] = [];
  const orderByParams: SqlValue[] = [];
  for (const { field, direction } of options.orderBy ?? []) {
    const path = jsonPath(field);
    const dir = direction === 'desc' ? 'DESC' : 'ASC';
    orderBy.push(`${TYPE_RANK} ${dir}`, `json_extract(body, ?) ${dir}`);
    orderByParams.push(path, path);
  }
  return { where, whereParams, orderBy, orderByParams, limit: options.limit };
}

function compileCondition(condition: Condition, path: string, params: SqlValue[]): string {
  switch (condition.op) {
    case 'exists':
      params.push(path, path);
      return condition.value
        ? "(json_type(body, ?) IS NOT NULL AND json_type(body, ?) != 'null')"
        : "(json_type(body, ?) IS NULL OR json_type(body, ?) = 'null')";
    case 'in': {
      const strings = condition.value.filter((v): v is string => typeof v === 'string');
      const numbers = condition.value.filter((v): v is number => typeof v === 'number');
      const parts: string[] = [];
      for (const [values, types] of [
        [strings, "('text')"],
        [numbers, "('integer', 'real')"],
      ] as const) {
        if (values.length === 0) continue;
        parts.push(`(json_type(body, ?) IN ${types} AND json_extract(body, ?) IN (${values.map(() => '?').join(', ')}))`);
        params.push(path, path, ...values);
      }
      return parts.length === 0 ? '0' : `(${parts.join(' OR ')})`;
    }
    case 'arrayContains': {
      const { types, bind } = scalarOf(condition.value);
      params.push(path, path, bind);
      return (
        `(json_type(body, ?) = 'array' AND EXISTS (SELECT 1 FROM json_each(body, ?) AS element ` +
        `WHERE element.type IN ${types} AND element.value = ?))`
      );
    }
    default: {
      const { op, value } = condition;
      if (value === null) {
        // '= null' is a JSON null (not a missing field); '!= null' is "present and not null".
        // Ordering comparisons with null are rejected by assertQueryOptions.
        if (op === '=') {
          params.push(path);
          return "json_type(body, ?) = 'null'";
        }
        params.push(path, path);
        return "(json_type(body, ?) IS NOT NULL AND json_type(body, ?) != 'null')";
      }
      // As in Cosmos, a comparison across JSON types (or with a missing field) is undefined: no match, also for '!='.
      const { types, bind } = scalarOf(value);
      params.push(path, path, bind);
      return `(json_type(body, ?) IN ${types} AND json_extract(body, ?) ${COMPARISON_SQL[op]} ?)`;
    }
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
