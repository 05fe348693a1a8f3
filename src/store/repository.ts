/**
 * The shared repository core: the one place that owns, for a kind of document,
 * - the tenant check (a document read under a key is handed out only if it belongs to the asking tenant and is of
 *   the expected type — a forged id can only ever reach the caller's own partitions, and this guards it anyway),
 * - the partition key (always the tenant first, see `partitionKey`),
 * - the type tag, and
 * - the mapping between the domain object and the stored document (`pk`, `type` and derived index fields added on
 *   the way in, removed with `_etag` on the way out).
 * Reads return `Versioned<T> = { value, etag }`; ETag-guarded writes turn a lost race into the domain's
 * ConflictError; `mutate` is read-modify-write on top of the one retry helper (`retryOnConflict`).
 */
import { ConflictError, retryOnConflict, type Versioned } from '../domain/ports.js';
import {
  isStoreError,
  partitionKey,
  tenantPrefix,
  type BaseDocument,
  type Condition,
  type Container,
  type DocumentStore,
  type QueryOptions,
  type Stored,
} from './document-store.js';

export type { Versioned };

/** A domain object as stored: the object, its partition key and type tag, and any derived index fields. */
export type DocumentOf<T, Type extends string> = BaseDocument & T & { type: Type };

export interface DocumentKind<T extends { tenantId: string; id: string }, Type extends string> {
  container: string;
  type: Type;
  /** The partition key parts after the tenant id (none: one partition per tenant). */
  partition: (value: T) => string[];
  /** Fields derived for queries and indexes (sort keys and the like), stored under `ix`; removed again when read. */
  derived?: (value: T) => Record<string, string | number | boolean>;
  /** Checks a value before it is written (throw StoreError('InvalidDocument')). */
  check?: (value: T) => void;
  /**
   * The container holds documents of this type only: queries need no condition on `type` (which an index could
   * not answer without reading every candidate's body); what is read is still checked (`owns`).
   */
  ownContainer?: boolean;
}

/** Store-managed and repository-managed properties (`ix`: derived index fields) that never reach the domain. */
const MANAGED = new Set(['pk', 'type', 'ix', '_etag', '_rid', '_self', '_ts', '_attachments']);

export class DocumentRepository<T extends { tenantId: string; id: string }, Type extends string> {
  readonly container: Container<DocumentOf<T, Type>>;

  constructor(
    store: DocumentStore,
    readonly kind: DocumentKind<T, Type>,
  ) {
    this.container = store.container<DocumentOf<T, Type>>(kind.container);
  }

  /** The partition key of a value (tenant first). */
  pkOf(value: T): string {
    return partitionKey(value.tenantId, ...this.kind.partition(value));
  }

  /** The document written for a value. */
  toDocument(value: T): DocumentOf<T, Type> {
    this.kind.check?.(value);
    const body = stripManaged(value as unknown as Record<string, unknown>) as unknown as T;
    const ix = this.kind.derived?.(body);
    return { ...body, ...(ix ? { ix } : {}), pk: this.pkOf(body), type: this.kind.type } as DocumentOf<T, Type>;
  }

  /** The domain object inside a document: without pk, type, derived fields and system properties. */
  fromDocument(document: DocumentOf<T, Type> | Stored<DocumentOf<T, Type>>): T {
    return stripManaged(document as unknown as Record<string, unknown>) as unknown as T;
  }

  versioned(document: Stored<DocumentOf<T, Type>>): Versioned<T> {
    return { value: this.fromDocument(document), etag: document._etag };
  }

  /** Whether a document read under a key of `tenantId` may be handed out (its tenant and type). */
  owns(tenantId: string, document: BaseDocument & { type?: unknown }): boolean {
    return document.tenantId === tenantId && document.type === this.kind.type;
  }

  /** Point read in one partition (given by its parts after the tenant). */
  async get(tenantId: string, parts: string[], id: string): Promise<Versioned<T> | undefined> {
    const found = await this.container.get(partitionKey(tenantId, ...parts), id);
    return found && this.owns(tenantId, found) ? this.versioned(found) : undefined;
  }

  async create(value: T): Promise<Versioned<T>> {
    return this.versioned(await this.container.create(this.toDocument(value)));
  }

  async upsert(value: T): Promise<Versioned<T>> {
    return this.versioned(await this.container.upsert(this.toDocument(value)));
  }

  /** Upserts values of one partition in one store call. */
  async upsertMany(values: T[]): Promise<Array<Versioned<T>>> {
    if (values.length === 0) return [];
    return (await this.container.upsertMany(values.map((value) => this.toDocument(value)))).map((doc) => this.versioned(doc));
  }

  /** Writes `value` if the stored version still has `etag`; else ConflictError (also when it was deleted). */
  async replace(value: T, etag: string): Promise<Versioned<T>> {
    try {
      return this.versioned(await this.container.replace(this.toDocument(value), etag));
    } catch (error) {
      throw asConflict(error);
    }
  }

  async delete(tenantId: string, parts: string[], id: string, etag?: string): Promise<boolean> {
    try {
      return await this.container.delete(partitionKey(tenantId, ...parts), id, etag);
    } catch (error) {
      throw asConflict(error);
    }
  }

  /**
   * Read-modify-write: `change` computes the next value from the current one (or from nothing); written guarded
   * by the ETag read (created when absent), re-read and re-applied when someone else wrote first. `change`
   * returning undefined leaves the document as it is. Resolves the value as it is afterwards.
   */
  async mutate(
    tenantId: string,
    parts: string[],
    id: string,
    change: (current: T | undefined) => T | undefined,
  ): Promise<{ value: Versioned<T> | undefined; changed: boolean }> {
    const { document, changed } = await mutateDocument(this.container, partitionKey(tenantId, ...parts), id, (found) => {
      const current = found && this.owns(tenantId, found) ? this.fromDocument(found) : undefined;
      const next = change(current);
      if (next === undefined) return undefined;
      // Someone else's document under this key is never overwritten: as when creating over it, a conflict.
      if (found && current === undefined) throw new ConflictError(`Document ${id} already exists`);
      return this.toDocument(next);
    });
    return { value: document && this.owns(tenantId, document) ? this.versioned(document) : undefined, changed };
  }

  /** The tenant's documents of this type in one partition matching `options`. */
  async query(tenantId: string, parts: string[], options: QueryOptions = {}): Promise<T[]> {
    const found = await this.container.query(partitionKey(tenantId, ...parts), { ...options, where: this.typed(options.where) });
    return found.filter((doc) => this.owns(tenantId, doc)).map((doc) => this.fromDocument(doc));
  }

  /** How many of the tenant's documents of this type in all of its partitions match `where`. */
  async countTenant(tenantId: string, where: Condition[] = [], limit?: number): Promise<number> {
    return this.container.countAcross(tenantPrefix(tenantId), { where: this.typed(where), ...(limit !== undefined ? { limit } : {}) });
  }

  /** How many of the tenant's documents of this type in one partition match `where`. */
  async count(tenantId: string, parts: string[], where: Condition[] = [], limit?: number): Promise<number> {
    return this.container.count(partitionKey(tenantId, ...parts), { where: this.typed(where), ...(limit !== undefined ? { limit } : {}) });
  }

  /** The tenant's documents of this type in all of its partitions (an index must serve `options`). */
  async queryTenant(tenantId: string, options: QueryOptions = {}): Promise<T[]> {
    const found = await this.container.queryAcross(tenantPrefix(tenantId), { ...options, where: this.typed(options.where) });
    return found.filter((doc) => this.owns(tenantId, doc)).map((doc) => this.fromDocument(doc));
  }

  typeCondition(): Condition {
    return { field: 'type', op: '=', value: this.kind.type };
  }

  /** The query's conditions with the type condition first, unless the container holds only this type. */
  private typed(where: Condition[] = []): Condition[] {
    return this.kind.ownContainer ? where : [this.typeCondition(), ...where];
  }
}

/** A stale ETag, or a document deleted (or created) meanwhile, is the domain's ConflictError. */
export function asConflict(error: unknown): unknown {
  if (isStoreError(error, 'PreconditionFailed') || isStoreError(error, 'NotFound') || isStoreError(error, 'Conflict')) {
    return new ConflictError(error.message, { cause: error });
  }
  return error;
}

function stripManaged(document: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(document)) if (!MANAGED.has(key)) out[key] = value;
  return out;
}

/** The domain object inside any stored document (for code that reads documents of several kinds). */
export function domainObject<D extends BaseDocument & { type: string }>(document: D | Stored<D>): Omit<D, 'pk' | 'type' | '_etag'> {
  return stripManaged(document as unknown as Record<string, unknown>) as Omit<D, 'pk' | 'type' | '_etag'>;
}

/**
 * A tenant's single-partition document by id (for ids from URLs): the domain object if it belongs to the tenant and is
 * of the expected type, else undefined — also for a tenant id that no partition key can hold.
 */
export async function getTenantDocument<D extends BaseDocument & { tenantId: string; type: string }>(
  container: Container<D>,
  tenantId: string,
  id: string,
  type: D['type'],
): Promise<Omit<D, 'pk' | 'type' | '_etag'> | undefined> {
  let pk: string;
  try {
    pk = partitionKey(tenantId);
  } catch {
    return undefined; // a tenant id from a URL that no partition key can hold: nothing is there
  }
  const found = await container.get(pk, id);
  return found && found.tenantId === tenantId && found.type === type ? domainObject(found) : undefined;
}

/**
 * Read-modify-write of one raw document (for repositories whose callers work with documents): `mutate` of
 * DocumentRepository without the mapping, on the same retry helper.
 */
export async function mutateDocument<D extends BaseDocument>(
  container: Container<D>,
  pk: string,
  id: string,
  change: (current: Stored<D> | undefined) => D | undefined,
  /** A version read recently: when `change` leaves it as it is, nothing is read or written (a lost race re-reads). */
  recent?: Stored<D> | D,
): Promise<{ document: Stored<D> | undefined; changed: boolean }> {
  return retryOnConflict(async (attempt) => {
    if (attempt === 1 && recent && '_etag' in recent && change(recent as Stored<D>) === undefined) return { document: recent as Stored<D>, changed: false };
    const current = await container.get(pk, id);
    const next = change(current);
    if (next === undefined) return { document: current, changed: false };
    try {
      const written = current ? await container.replace(next, current._etag) : await container.create(next);
      return { document: written, changed: true };
    } catch (error) {
      throw asConflict(error);
    }
  });
}
