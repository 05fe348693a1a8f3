import type { BaseDocument, Stored } from './document-store.js';

/** The domain object inside a stored document: without the partition key, the type tag and the ETag. */
export function domainObject<T extends BaseDocument & { type: string }>(document: T | Stored<T>): Omit<T, 'pk' | 'type' | '_etag'> {
  const { pk, type, _etag, ...rest } = document as Stored<T>;
  void pk;
  void type;
  void _etag;
  return rest;
}
