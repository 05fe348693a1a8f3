import { ConflictError } from '../domain/ports.js';
import { isStoreError, type BaseDocument, type Container, type Stored } from './document-store.js';

/** The domain object inside a stored document: without the partition key, the type tag and the ETag. */
export function domainObject<T extends BaseDocument & { type: string }>(document: T | Stored<T>): Omit<T, 'pk' | 'type' | '_etag'> {
  const { pk, type, _etag, ...rest } = document as Stored<T>;
  void pk;
  void type;
  void _etag;
  return rest;
}

/**
 * An ETag-guarded replace for repositories: a stale ETag (or a document deleted meanwhile) becomes the domain's
 * ConflictError, so services handle lost races without knowing the store.
 */
export async function replaceOrConflict<T extends BaseDocument>(container: Container<T>, document: T, etag: string): Promise<Stored<T>> {
  try {
    return await container.replace(document, etag);
  } catch (error) {
    if (isStoreError(error, 'PreconditionFailed') || isStoreError(error, 'NotFound')) throw new ConflictError(error.message, { cause: error });
    throw error;
  }
}
