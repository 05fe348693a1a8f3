import { isStoreError, type BaseDocument, type Container, type Stored } from './document-store.js';

/**
 * Optimistic read-modify-write of one document: reads it, lets `change` compute the next version from the
 * current one (or from nothing), and writes it guarded by the ETag it read (create when it did not exist).
 * When another writer got there first it reads again and re-applies `change`, at most `attempts` times.
 *
 * `change` returns `undefined` to leave the document as it is. Use this for bookkeeping where re-applying is
 * right; for a user's edit that must not silently override someone else's, use `replace` and report the conflict.
 */
export async function mutate<T extends BaseDocument>(
  container: Container<T>,
  pk: string,
  id: string,
  change: (current: Stored<T> | undefined) => T | undefined,
  attempts = 5,
): Promise<{ document: Stored<T> | undefined; changed: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const current = await container.get(pk, id);
    const next = change(current);
    if (next === undefined) return { document: current, changed: false };
    try {
      const written = current ? await container.replace(next, current._etag) : await container.create(next);
      return { document: written, changed: true };
    } catch (error) {
      const lostRace = isStoreError(error, 'PreconditionFailed') || isStoreError(error, 'Conflict') || isStoreError(error, 'NotFound');
      if (!lostRace || attempt >= attempts) throw error;
    }
  }
}
