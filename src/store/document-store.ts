/**
 * The document-store port. Modelled on Cosmos DB: named containers, a string partition key per document,
 * an `id` unique within its partition and an opaque `_etag` that changes on every write.
 *
 * Both adapters (SQLite and Cosmos) implement exactly this and pass the same contract suite
 * (test/store/document-store.contract.ts). Repositories sit on top of it and return plain objects.
 */

/** Every stored document. `pk` always starts with the tenant id (see `partitionKey`). */
export interface BaseDocument {
  id: string;
  pk: string;
  tenantId: string;
}

/** A document as read back from the store: the body plus the ETag of this version. */
export type Stored<T extends BaseDocument> = T & { _etag: string };

/** A document as handed to a write: a stored one may be passed back as it was read. */
export type Writable<T extends BaseDocument> = T & { _etag?: string };

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * One condition on a (dotted) field path. Field paths are restricted to `[A-Za-z_][A-Za-z0-9_]*` segments
 * joined by dots; anything else is rejected with a StoreError('InvalidQuery') before reaching a database.
 */
export type Condition =
  | { field: string; op: ComparisonOp; value: string | number | boolean | null }
  | { field: string; op: 'in'; value: Array<string | number> }
  /** The field holds an array of scalars and one of them equals `value`. */
  | { field: string; op: 'arrayContains'; value: string | number }
  /** The field holds an array of scalars and one of them equals one of `value` (at most 10). */
  | { field: string; op: 'arrayContainsAny'; value: Array<string | number> }
  /** The field is present (exists: true) or absent/null (exists: false). */
  | { field: string; op: 'exists'; value: boolean };

export interface QueryOptions {
  /** All conditions must hold (AND). */
  where?: Condition[];
  orderBy?: Array<{ field: string; direction?: 'asc' | 'desc' }>;
  /** At most this many documents (after ordering). */
  limit?: number;
}

export interface ContainerDefinition {
  /** Container name: lower-case letters, digits and dashes. */
  name: string;
}

export interface Container<T extends BaseDocument> {
  readonly name: string;
  /** Point read. Not found is not an error: resolves `undefined`. */
  get(pk: string, id: string): Promise<Stored<T> | undefined>;
  /** Insert; rejects with StoreError('Conflict') when (pk, id) exists. */
  create(doc: Writable<T>): Promise<Stored<T>>;
  /** Insert or overwrite unconditionally (any `_etag` on the input is ignored). */
  upsert(doc: Writable<T>): Promise<Stored<T>>;
  /**
   * Upserts several documents of ONE partition in one round trip (SQLite: one transaction; Cosmos: a transactional
   * batch, at most 100). Rejects with StoreError('InvalidDocument') when they are not all in the same partition.
   */
  upsertMany(docs: Array<Writable<T>>): Promise<Array<Stored<T>>>;
  /**
   * Upserts documents of several partitions with one call, in the given order, stopping at the first that fails
   * (at most 100). SQLite: one transaction, all or nothing. Cosmos: a bulk request per physical partition range (a
   * container of SHK's size has one), in order within it, not atomic: when one fails, those before it in its range
   * stay written and the call rejects with the failure. So a caller that needs "A only with B" puts B first.
   */
  upsertAcross(docs: Array<Writable<T>>): Promise<Array<Stored<T>>>;
  /**
   * Overwrite only if the stored version still has `etag` (optimistic concurrency).
   * Rejects with StoreError('PreconditionFailed') on a stale etag, StoreError('NotFound') when absent.
   */
  replace(doc: Writable<T>, etag: string): Promise<Stored<T>>;
  /**
   * Delete; with `etag`, only if it still matches (else StoreError('PreconditionFailed')).
   * Resolves false when there was nothing to delete.
   */
  delete(pk: string, id: string, etag?: string): Promise<boolean>;
  /** Documents of one partition matching the options. */
  query(pk: string, options?: QueryOptions): Promise<Array<Stored<T>>>;
  /**
   * Documents of every partition whose pk starts with `pkPrefix` (e.g. a tenant id followed by '|').
   * For background work (the scheduler), never for a user's hot path.
   */
  queryAcross(pkPrefix: string, options?: QueryOptions): Promise<Array<Stored<T>>>;
  /**
   * How many documents of one partition match `where` (counted by the database, not by reading them); with
   * `limit`, at most that many (SQLite stops counting there, so a capped count costs the same for any size).
   */
  count(pk: string, options?: Pick<QueryOptions, 'where' | 'limit'>): Promise<number>;
  /** How many documents of the partitions whose pk starts with `pkPrefix` match `where` (at most `limit`). */
  countAcross(pkPrefix: string, options?: Pick<QueryOptions, 'where' | 'limit'>): Promise<number>;
}

export interface StoreHealth {
  ok: boolean;
  kind: 'sqlite' | 'cosmos';
  detail?: string;
}

export interface DocumentStore {
  readonly kind: 'sqlite' | 'cosmos';
  container<T extends BaseDocument>(name: string): Container<T>;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

export type StoreErrorCode = 'NotFound' | 'Conflict' | 'PreconditionFailed' | 'InvalidQuery' | 'InvalidDocument' | 'Unavailable';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export const isStoreError = (error: unknown, code?: StoreErrorCode): error is StoreError =>
  error instanceof StoreError && (code === undefined || error.code === code);

const PK_SEPARATOR = '|';

/**
 * Builds a partition key that starts with the tenant id, so no document of one tenant can be addressed with
 * another tenant's key. Parts may not contain the separator.
 */
export function partitionKey(tenantId: string, ...parts: string[]): string {
  for (const part of [tenantId, ...parts]) {
    if (part.length === 0 || part.includes(PK_SEPARATOR)) {
      throw new StoreError('InvalidDocument', `Invalid partition key part: ${JSON.stringify(part)}`);
    }
  }
  return [tenantId, ...parts].join(PK_SEPARATOR);
}

/** The prefix every partition key of a tenant starts with (for `queryAcross`). */
export const tenantPrefix = (tenantId: string): string => partitionKey(tenantId) + PK_SEPARATOR;

const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function assertFieldPath(field: string): void {
  if (!FIELD_PATH.test(field)) {
    throw new StoreError('InvalidQuery', `Invalid field path: ${JSON.stringify(field)}`);
  }
}

const COMPARISON_OPS = new Set(['=', '!=', '<', '<=', '>', '>=']);

const isScalar = (value: unknown): value is string | number =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

/** Rejects malformed options (wrong ops, value types, directions, limits) with StoreError('InvalidQuery'). */
export function assertQueryOptions(options: QueryOptions): void {
  const invalid = (message: string): never => {
    throw new StoreError('InvalidQuery', message);
  };
  if (options === null || typeof options !== 'object') invalid('Query options must be an object');
  const { where = [], orderBy = [], limit } = options;
  if (!Array.isArray(where)) invalid('where must be an array');
  for (const condition of where) {
    if (condition === null || typeof condition !== 'object') invalid('Invalid condition');
    assertFieldPath(condition.field);
    const { op, value } = condition as { op: string; value: unknown };
    if (COMPARISON_OPS.has(op)) {
      if (!(value === null || typeof value === 'boolean' || isScalar(value))) {
        invalid(`Invalid value for ${condition.field} ${op}`);
      }
      if (value === null && op !== '=' && op !== '!=') invalid(`${op} null on ${condition.field}: only = and != take null`);
    } else if (op === 'in') {
      if (!Array.isArray(value) || !value.every(isScalar)) invalid(`'in' on ${condition.field} needs an array of strings/numbers`);
    } else if (op === 'arrayContainsAny') {
      if (!Array.isArray(value) || value.length === 0 || value.length > 10 || !value.every(isScalar)) {
        invalid(`'arrayContainsAny' on ${condition.field} needs 1 to 10 strings/numbers`);
      }
    } else if (op === 'arrayContains') {
      if (!isScalar(value)) invalid(`'arrayContains' on ${condition.field} needs a string or number`);
    } else if (op === 'exists') {
      if (typeof value !== 'boolean') invalid(`'exists' on ${condition.field} needs true or false`);
    } else {
      invalid(`Unknown operator ${JSON.stringify(op)}`);
    }
  }
  if (!Array.isArray(orderBy)) invalid('orderBy must be an array');
  for (const order of orderBy) {
    if (order === null || typeof order !== 'object') invalid('Invalid orderBy entry');
    assertFieldPath(order.field);
    if (order.direction !== undefined && order.direction !== 'asc' && order.direction !== 'desc') {
      invalid(`Invalid direction ${JSON.stringify(order.direction)}`);
    }
  }
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 0)) {
    invalid(`Invalid limit ${JSON.stringify(limit)}`);
  }
}


const CONTAINER_NAME = /^[a-z][a-z0-9-]{0,62}$/;

export function assertContainerName(name: string): void {
  if (!CONTAINER_NAME.test(name)) {
    throw new StoreError('InvalidQuery', `Invalid container name: ${JSON.stringify(name)}`);
  }
}

/** Ids that are safe in Cosmos (no / \ ? #), non-empty and at most 255 characters. */
const UNSAFE_ID = /[/\\?#]/;

export function assertDocument(doc: BaseDocument): void {
  if (typeof doc.id !== 'string' || doc.id.length === 0 || doc.id.length > 255 || UNSAFE_ID.test(doc.id)) {
    throw new StoreError('InvalidDocument', `Invalid document id: ${JSON.stringify(doc.id)}`);
  }
  if (typeof doc.tenantId !== 'string' || doc.tenantId.length === 0) {
    throw new StoreError('InvalidDocument', 'Document has no tenantId');
  }
  if (typeof doc.pk !== 'string' || !(doc.pk === doc.tenantId || doc.pk.startsWith(doc.tenantId + PK_SEPARATOR))) {
    throw new StoreError('InvalidDocument', `Partition key ${JSON.stringify(doc.pk)} does not start with the tenant id`);
  }
}

/** Removes store-managed properties (`_etag`, Cosmos' `_rid`, `_self`, `_ts`, `_attachments`) from a body. */
export function stripSystemProperties<T extends BaseDocument>(doc: Writable<T> | Record<string, unknown>): T {
  const { _etag, _rid, _self, _ts, _attachments, ...body } = doc as Record<string, unknown>;
  void _etag; void _rid; void _self; void _ts; void _attachments;
  return body as unknown as T;
}

/** A document about to be written: an object, without system properties, valid (else InvalidDocument). */
export function prepareWrite<T extends BaseDocument>(doc: Writable<T>): T {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new StoreError('InvalidDocument', 'Document must be an object');
  }
  const body = stripSystemProperties<T>(doc);
  assertDocument(body);
  return body;
}

/** The documents of a batch: valid, at most 100, all in one partition (unless `across`). */
export function prepareBatch<T extends BaseDocument>(docs: Array<Writable<T>>, across = false): T[] {
  if (!Array.isArray(docs) || docs.length > 100) throw new StoreError('InvalidDocument', 'A batch holds 0 to 100 documents');
  const bodies = docs.map((doc) => prepareWrite(doc));
  if (!across && bodies.some((body) => body.pk !== bodies[0]!.pk)) throw new StoreError('InvalidDocument', 'A batch must stay in one partition');
  return bodies;
}
