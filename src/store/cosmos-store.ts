/**
 * Azure Cosmos DB (NoSQL API) adapter of the document-store port, via @azure/cosmos 4.
 *
 * - Auth: an account key, or an Entra ID TokenCredential; with neither, DefaultAzureCredential (managed identity
 *   in Azure, developer login locally).
 * - Every container is partitioned on `/pk`. The containers named at `open` are created if missing; any other name
 *   passed to `container(name)` is created lazily on first use (once; a failed attempt is retried on next use).
 *   With Entra ID auth the data plane cannot create databases or containers: create them with infrastructure
 *   (Bicep) and open() only checks that they exist.
 * - Writes with an etag use `IfMatch`; 404/409/412 map to NotFound/Conflict/PreconditionFailed, everything else
 *   (including throttling 429 after the SDK's own retries, and network errors) to Unavailable with the SDK error as
 *   `cause`.
 * - Queries are parameterised; the partition key is always in the query text *and* passed as `partitionKey`.
 *   Field paths use bracket notation (`c["a"]["b"]`) because reserved words (`value`, `order`, `top`, …) are not
 *   valid after a dot.
 * - `limit` without `orderBy` is pushed to the server as `TOP n`. So is an `orderBy` of one field whose JSON type a
 *   condition fixes (e.g. `dueAt <= @now` or `ix.listKey >= @from`): `SELECT TOP n … ORDER BY c["f"]`, served by
 *   the range index — every match has the field with one type, so the server's order is Cosmos' order and the
 *   test server (which drops documents lacking the ORDER BY field) agrees. Any other `orderBy` is sorted here, with
 *   Cosmos' type order (missing < null < booleans < numbers < strings < arrays < objects), then cut to `limit`
 *   (no composite index needed); the repositories keep those to small result sets.
 * - `count` is `SELECT VALUE COUNT(1)` on the server.
 */
import {
  CosmosClient,
  type Container as CosmosContainer,
  type CosmosClientOptions,
  type Database,
  type ItemDefinition,
  type JSONObject,
  type OperationResponse,
  type SqlParameter,
} from '@azure/cosmos';
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import {
  assertContainerName,
  prepareBatch,
  prepareWrite,
  assertQueryOptions,
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

export interface CosmosStoreOptions {
  endpoint: string;
  /** Account key. Omit it (and `credential`) to use DefaultAzureCredential. */
  key?: string;
  credential?: TokenCredential;
  databaseId: string;
  /** Containers created (if missing) at open. */
  containers: string[];
  clientOptions?: Partial<CosmosClientOptions>;
}

const PARTITION_KEY_PATH = '/pk';
const HEALTH_TIMEOUT_MS = 3_000;

export class CosmosStore implements DocumentStore {
  readonly kind = 'cosmos' as const;
  private closed = false;
  private readonly ready = new Map<string, Promise<CosmosContainer>>();
  private readonly handles = new Map<string, CosmosDocumentContainer<BaseDocument>>();

  private constructor(
    private readonly client: CosmosClient,
    private readonly database: Database,
  ) {}

  static async open(options: CosmosStoreOptions): Promise<CosmosStore> {
    const problems = checkOptions(options);
    if (problems.length > 0) {
      throw new StoreError('Unavailable', `CosmosStore.open: ${problems.join('; ')}`);
    }
    const { endpoint, key, credential, databaseId, containers, clientOptions } = options;
    const auth: Partial<CosmosClientOptions> =
      key !== undefined ? { key } : { aadCredentials: credential ?? new DefaultAzureCredential() };
    const client = new CosmosClient({ ...clientOptions, endpoint, ...auth });
    try {
      const { database } = await client.databases.createIfNotExists({ id: databaseId });
      const store = new CosmosStore(client, database);
      await Promise.all(containers.map((name) => store.ensureContainer(name)));
      return store;
    } catch (error) {
      client.dispose();
      if (error instanceof StoreError) throw error;
      throw new StoreError(
        'Unavailable',
        `Could not open Cosmos database ${JSON.stringify(databaseId)} at ${endpoint}: ${describeError(error)}` +
          (statusOf(error) === 403 && key === undefined
            ? ' (with Entra ID auth the database and containers must already exist; create them with infrastructure)'
            : ''),
        { cause: error },
      );
    }
  }

  container<T extends BaseDocument>(name: string): Container<T> {
    assertContainerName(name);
    let handle = this.handles.get(name);
    if (!handle) {
      handle = new CosmosDocumentContainer<BaseDocument>(name, (operation, fn) => this.use(name, operation, fn));
      this.handles.set(name, handle);
    }
    return handle as unknown as Container<T>;
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return { ok: false, kind: this.kind, detail: 'store is closed' };
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    try {
      // The abort signal cancels the request; the race guards against retries that ignore it.
      await Promise.race([
        this.database.read({ abortSignal: controller.signal }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            controller.abort();
            reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`));
          }, HEALTH_TIMEOUT_MS);
        }),
      ]);
      return { ok: true, kind: this.kind };
    } catch (error) {
      return { ok: false, kind: this.kind, detail: describeError(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.dispose();
  }

  /** The SDK container for `name`, created if missing (memoised; forgotten on failure so it is retried). */
  private ensureContainer(name: string): Promise<CosmosContainer> {
    if (this.closed) return Promise.reject(new StoreError('Unavailable', 'Cosmos store is closed'));
    let pending = this.ready.get(name);
    if (!pending) {
      pending = this.createContainer(name);
      pending.catch(() => this.ready.delete(name));
      this.ready.set(name, pending);
    }
    return pending;
  }

  private async createContainer(name: string): Promise<CosmosContainer> {
    assertContainerName(name);
    const { container, resource } = await this.database.containers.createIfNotExists({
      id: name,
      partitionKey: { paths: [PARTITION_KEY_PATH] },
    });
    const paths = resource?.partitionKey?.paths;
    if (paths && (paths.length !== 1 || paths[0] !== PARTITION_KEY_PATH)) {
      throw new StoreError(
        'Unavailable',
        `Cosmos container ${JSON.stringify(name)} is partitioned on ${JSON.stringify(paths)}, expected ["${PARTITION_KEY_PATH}"]`,
      );
    }
    return container;
  }

  /** Resolves the container and maps SDK failures to StoreErrors. */
  private async use<R>(name: string, operation: string, fn: (container: CosmosContainer) => Promise<R>): Promise<R> {
    if (this.closed) throw new StoreError('Unavailable', `Cosmos store is closed (${operation})`);
    let container: CosmosContainer;
    try {
      container = await this.ensureContainer(name);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError('Unavailable', `Cosmos container ${name} unavailable: ${describeError(error)}`, { cause: error });
    }
    try {
      return await fn(container);
    } catch (error) {
      throw toStoreError(error, `${operation} in ${name}`);
    }
  }
}

type Runner = <R>(operation: string, fn: (container: CosmosContainer) => Promise<R>) => Promise<R>;

class CosmosDocumentContainer<T extends BaseDocument> implements Container<T> {
  constructor(
    readonly name: string,
    private readonly use: Runner,
  ) {}

  async get(pk: string, id: string): Promise<Stored<T> | undefined> {
    return this.use('get', async (container) => {
      try {
        const { resource, statusCode } = await container.item(id, pk).read<ItemDefinition>();
        if (statusCode === 404 || !resource) return undefined;
        return toStored<T>(resource);
      } catch (error) {
        if (isMissingDocument(error)) return undefined;
        throw error;
      }
    });
  }

  async create(doc: Writable<T>): Promise<Stored<T>> {
    const body = prepareWrite(doc);
    return this.use('create', async (container) => {
      const { resource } = await container.items.create<ItemDefinition>(body);
      return toStored<T>(required(resource, 'create'));
    });
  }

  async upsert(doc: Writable<T>): Promise<Stored<T>> {
    const body = prepareWrite(doc);
    return this.use('upsert', async (container) => {
      const { resource } = await container.items.upsert<ItemDefinition>(body);
      return toStored<T>(required(resource, 'upsert'));
    });
  }

  async upsertMany(docs: Array<Writable<T>>): Promise<Array<Stored<T>>> {
    const bodies = prepareBatch(docs);
    if (bodies.length === 0) return [];
    const pk = bodies[0]!.pk;
    return this.use('upsertMany', async (container) => {
      // The partition key on every operation too: the test server needs it there.
      const { result } = await container.items.batch(
        bodies.map((body) => ({ operationType: 'Upsert' as const, partitionKey: pk, resourceBody: body as unknown as JSONObject })),
        pk,
      );
      const responses = result ?? [];
      return storedUpserts(responses, bodies, responses.find((r) => r.statusCode >= 400), 'batch');
    });
  }

  async upsertAcross(docs: Array<Writable<T>>): Promise<Array<Stored<T>>> {
    const bodies = prepareBatch(docs, true);
    if (bodies.length === 0) return [];
    return this.use('upsertAcross', async (container) => {
      // The SDK groups the operations by physical partition range, one non-atomic batch request each, executed in
      // order; continueOnError false: after a failure the rest of its range is not attempted (424). `bulk` is
      // deprecated for `executeBulkOperations`, which always continues after a failure (and runs a congestion
      // control timer per call): the order guarantee above is why this uses `bulk`.
      const responses = await container.items.bulk(
        bodies.map((body) => ({ operationType: 'Upsert' as const, partitionKey: body.pk, resourceBody: body as unknown as JSONObject })),
        { continueOnError: false },
      );
      const failed = responses.find((r) => r.statusCode >= 400 && r.statusCode !== 424) ?? responses.find((r) => r.statusCode >= 400);
      return storedUpserts(responses, bodies, failed, 'bulk');
    });
  }

  async replace(doc: Writable<T>, etag: string): Promise<Stored<T>> {
    const body = prepareWrite(doc);
    if (typeof etag !== 'string' || etag.length === 0) {
      throw new StoreError('PreconditionFailed', `replace of ${this.name}/${body.pk}/${body.id} needs an etag`);
    }
    return this.use('replace', async (container) => {
      const { resource } = await container
        .item(body.id, body.pk)
        .replace<ItemDefinition>(body, { accessCondition: { type: 'IfMatch', condition: etag } });
      return toStored<T>(required(resource, 'replace'));
    });
  }

  async delete(pk: string, id: string, etag?: string): Promise<boolean> {
    return this.use('delete', async (container) => {
      try {
        await container
          .item(id, pk)
          .delete(etag === undefined ? undefined : { accessCondition: { type: 'IfMatch', condition: etag } });
        return true;
      } catch (error) {
        if (isMissingDocument(error)) return false;
        throw error;
      }
    });
  }

  async query(pk: string, options: QueryOptions = {}): Promise<Array<Stored<T>>> {
    const partition = String(pk);
    const results = await this.runQuery('query', { text: 'c["pk"] = @pk', params: [{ name: '@pk', value: partition }] }, partition, options);
    // Defence in depth for tenant isolation: never hand out another partition's document.
    return results.filter((doc) => doc.pk === partition);
  }

  async queryAcross(pkPrefix: string, options: QueryOptions = {}): Promise<Array<Stored<T>>> {
    const prefix = String(pkPrefix);
    const results = await this.runQuery(
      'queryAcross',
      { text: 'STARTSWITH(c["pk"], @prefix)', params: [{ name: '@prefix', value: prefix }] },
      undefined,
      options,
    );
    return results.filter((doc) => typeof doc.pk === 'string' && doc.pk.startsWith(prefix));
  }

  async count(pk: string, options: Pick<QueryOptions, 'where' | 'limit'> = {}): Promise<number> {
    const partition = String(pk);
    return this.runCount('count', { text: 'c["pk"] = @pk', params: [{ name: '@pk', value: partition }] }, partition, options);
  }

  async countAcross(pkPrefix: string, options: Pick<QueryOptions, 'where' | 'limit'> = {}): Promise<number> {
    const prefix = String(pkPrefix);
    return this.runCount('countAcross', { text: 'STARTSWITH(c["pk"], @prefix)', params: [{ name: '@prefix', value: prefix }] }, undefined, options);
  }

  private async runCount(
    operation: string,
    partition: { text: string; params: SqlParameter[] },
    partitionKey: string | undefined,
    options: Pick<QueryOptions, 'where' | 'limit'>,
  ): Promise<number> {
    const where = options.where ?? [];
    assertQueryOptions({ where, ...(options.limit !== undefined ? { limit: options.limit } : {}) });
    const parameters: SqlParameter[] = [...partition.params];
    const clauses = [partition.text, ...where.map((condition) => compileCondition(condition, parameters))];
    const query = `SELECT VALUE COUNT(1) FROM c WHERE ${clauses.join(' AND ')}`;
    return this.use(operation, async (container) => {
      const { resources } = await container.items.query<number>({ query, parameters }, partitionKey === undefined ? {} : { partitionKey }).fetchAll();
      // A cross-partition COUNT may come back as one partial count per partition. The server counts from its
      // index (a few RU whatever the number), so `limit` only caps the answer.
      const total = resources.reduce((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
      return options.limit === undefined ? total : Math.min(total, options.limit);
    });
  }

  private async runQuery(
    operation: string,
    partition: { text: string; params: SqlParameter[] },
    partitionKey: string | undefined,
    options: QueryOptions,
  ): Promise<Array<Stored<T>>> {
    assertQueryOptions(options);
    const parameters: SqlParameter[] = [...partition.params];
    const clauses = [partition.text, ...(options.where ?? []).map((condition) => compileCondition(condition, parameters))];
    const orderBy = options.orderBy ?? [];
    const { limit } = options;
    if (limit === 0) return this.use(operation, async () => []);
    // The server orders when one field of a fixed type is the order (see the header); else it is sorted here.
    const serverOrder = orderBy.length === 1 && typedFields(options.where ?? []).has(orderBy[0]!.field);
    // TOP only when the server's order is the final order; a validated integer, so it is safe inline.
    const top = limit !== undefined && (orderBy.length === 0 || serverOrder) ? `TOP ${limit} ` : '';
    const order = serverOrder ? ` ORDER BY ${fieldRef(orderBy[0]!.field)} ${orderBy[0]!.direction === 'desc' ? 'DESC' : 'ASC'}` : '';
    const query = `SELECT ${top}* FROM c WHERE ${clauses.join(' AND ')}${order}`;
    return this.use(operation, async (container) => {
      const { resources } = await container.items
        .query<ItemDefinition>({ query, parameters }, partitionKey === undefined ? {} : { partitionKey })
        .fetchAll();
      let documents = resources.map((resource) => toStored<T>(resource));
      if (orderBy.length > 0 && !serverOrder) {
        documents = sortDocuments(documents, orderBy);
        if (limit !== undefined) documents = documents.slice(0, limit);
      }
      return documents;
    });
  }
}

/** Fields a condition fixes to one comparable type (compared with a string or a number). */
function typedFields(conditions: Condition[]): Set<string> {
  const typed = new Set<string>();
  for (const condition of conditions) {
    const { op, value } = condition as { op: string; value: unknown };
    if (['=', '<', '<=', '>', '>='].includes(op) && (typeof value === 'string' || typeof value === 'number')) typed.add(condition.field);
  }
  return typed;
}

/** `c["a"]["b"]` for a validated dotted path. */
function fieldRef(field: string): string {
  assertFieldPath(field);
  return 'c' + field.split('.').map((segment) => `["${segment}"]`).join('');
}

const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const TYPE_CHECK = { string: 'IS_STRING', number: 'IS_NUMBER', boolean: 'IS_BOOL' } as const;

function compileCondition(condition: Condition, parameters: SqlParameter[]): string {
  const ref = fieldRef(condition.field);
  const param = (value: SqlParameter['value']): string => {
    const name = `@p${parameters.length}`;
    parameters.push({ name, value });
    return name;
  };
  switch (condition.op) {
    case 'exists':
      return condition.value ? `(IS_DEFINED(${ref}) AND NOT IS_NULL(${ref}))` : `(NOT IS_DEFINED(${ref}) OR IS_NULL(${ref}))`;
    case 'in':
      return `ARRAY_CONTAINS(${param(condition.value)}, ${ref})`;
    case 'arrayContains':
      return `ARRAY_CONTAINS(${ref}, ${param(condition.value)})`;
    case 'arrayContainsAny':
      return `(${condition.value.map((value) => `ARRAY_CONTAINS(${ref}, ${param(value)})`).join(' OR ')})`;
    default: {
      const { op, value } = condition;
      if (!COMPARISONS.has(op)) throw new StoreError('InvalidQuery', `Unknown operator ${JSON.stringify(op)}`);
      // '= null' is a JSON null (not a missing field); '!= null' is "present and not null".
      if (value === null) return op === '=' ? `IS_NULL(${ref})` : `(IS_DEFINED(${ref}) AND NOT IS_NULL(${ref}))`;
      // Real Cosmos makes every comparison across types undefined (no match); the test server answers true for
      // '!=' across types. The type guard makes both behave like real Cosmos.
      if (op === '!=') return `(${TYPE_CHECK[typeof value as 'string' | 'number' | 'boolean']}(${ref}) AND ${ref} != ${param(value)})`;
      return `${ref} ${op} ${param(value)}`;
    }
  }
}

// ---- client-side ordering with Cosmos' cross-type order -------------------------------------------------------

const typeRank = (value: unknown): number => {
  if (value === undefined) return 0;
  if (value === null) return 1;
  switch (typeof value) {
    case 'boolean':
      return 2;
    case 'number':
      return 3;
    case 'string':
      return 4;
    default:
      return Array.isArray(value) ? 5 : 6;
  }
};

/** Code-point (UTF-8 byte) order, as SQLite's BINARY collation, rather than UTF-16 unit order. */
const compareStrings = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

function compareValues(a: unknown, b: unknown): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return rankA - rankB;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (rankA >= 5) return compareStrings(JSON.stringify(a), JSON.stringify(b));
  return 0;
}

function valueAt(doc: unknown, field: string): unknown {
  let current = doc;
  for (const segment of field.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function sortDocuments<D extends BaseDocument>(documents: D[], orderBy: NonNullable<QueryOptions['orderBy']>): D[] {
  return [...documents].sort((a, b) => {
    for (const { field, direction } of orderBy) {
      const order = compareValues(valueAt(a, field), valueAt(b, field));
      if (order !== 0) return direction === 'desc' ? -order : order;
    }
    return compareStrings(a.pk, b.pk) || compareStrings(a.id, b.id);
  });
}

// ---- helpers --------------------------------------------------------------------------------------------------

function checkOptions(options: CosmosStoreOptions | undefined): string[] {
  if (!options || typeof options !== 'object') return ['missing options (endpoint, databaseId, containers)'];
  const problems: string[] = [];
  const missing: string[] = [];
  if (typeof options.endpoint !== 'string' || options.endpoint.trim() === '') missing.push('endpoint');
  if (typeof options.databaseId !== 'string' || options.databaseId.trim() === '') missing.push('databaseId');
  if (!Array.isArray(options.containers)) missing.push('containers');
  if (missing.length > 0) problems.push(`missing ${missing.join(', ')}`);
  if (typeof options.endpoint === 'string' && options.endpoint.trim() !== '' && !URL.canParse(options.endpoint)) {
    problems.push(`endpoint ${JSON.stringify(options.endpoint)} is not a URL`);
  }
  if (options.key !== undefined && (typeof options.key !== 'string' || options.key.trim() === '')) {
    problems.push('key is empty (omit key and credential to use DefaultAzureCredential)');
  }
  if (options.key !== undefined && options.credential !== undefined) {
    problems.push('give either key or credential, not both');
  }
  if (Array.isArray(options.containers)) {
    for (const name of options.containers) {
      try {
        assertContainerName(name);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  }
  return problems;
}

/** The documents of a batch: valid, at most 100, all in one partition. */
function toStored<T extends BaseDocument>(resource: ItemDefinition): Stored<T> {
  const etag = resource._etag;
  if (typeof etag !== 'string') throw new StoreError('Unavailable', 'Cosmos returned a document without _etag');
  return { ...stripSystemProperties<T>(resource), _etag: etag };
}

/**
 * The documents a batch or bulk of upserts wrote, one per body in order; or, when an operation `failed` (or the
 * answer is short), an error carrying its status as `code` for toStoreError.
 */
function storedUpserts<T extends BaseDocument>(responses: OperationResponse[], bodies: T[], failed: OperationResponse | undefined, kind: 'batch' | 'bulk'): Array<Stored<T>> {
  if (failed || responses.length !== bodies.length) {
    throw Object.assign(new Error(`${kind} upsert failed (${failed?.statusCode ?? 'no result'})`), { code: failed?.statusCode ?? 500 });
  }
  return responses.map((r, i) => (r.resourceBody ? toStored<T>(r.resourceBody as ItemDefinition) : { ...bodies[i]!, _etag: required(r.eTag, `${kind} upsert`) }));
}

function required<R>(resource: R | undefined, operation: string): R {
  if (resource === undefined) throw new StoreError('Unavailable', `Cosmos ${operation} returned no document`);
  return resource;
}

function statusOf(error: unknown): number | undefined {
  if (error && typeof error === 'object') {
    const { code, statusCode } = error as { code?: unknown; statusCode?: unknown };
    if (typeof code === 'number') return code;
    if (typeof statusCode === 'number') return statusCode;
  }
  return undefined;
}

/** 404 for the document itself (substatus 1003 means the container or database is gone, which is not "absent"). */
function isMissingDocument(error: unknown): boolean {
  return statusOf(error) === 404 && (error as { substatus?: number }).substatus !== 1003;
}

function toStoreError(error: unknown, what: string): StoreError {
  if (error instanceof StoreError) return error;
  const status = statusOf(error);
  if (status === 404 && isMissingDocument(error)) return new StoreError('NotFound', `Not found: ${what}`, { cause: error });
  if (status === 409) return new StoreError('Conflict', `Already exists: ${what}`, { cause: error });
  if (status === 412) return new StoreError('PreconditionFailed', `Changed by someone else: ${what}`, { cause: error });
  if (status === 413) return new StoreError('InvalidDocument', `Document too large: ${what}`, { cause: error });
  return new StoreError('Unavailable', `Cosmos ${what} failed: ${describeError(error)}`, { cause: error });
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = statusOf(error);
  const code = (error as { code?: unknown }).code;
  const prefix = status !== undefined ? `${status} ` : typeof code === 'string' ? `${code} ` : '';
  return `${prefix}${error.message.split('\n')[0]?.slice(0, 300) ?? ''}`.trim();
}
