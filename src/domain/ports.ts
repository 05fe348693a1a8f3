/**
 * Ports the domain depends on. Implementations live outside src/domain (store adapters, the Teams layer);
 * tests pass fakes where time matters.
 */

/** The only source of "now" in the product, so rules about deadlines and reminders can be tested at any instant. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and move. */
export class FixedClock implements Clock {
  private current: number;
  constructor(start: Date | string) {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

/** Someone else changed the document between our read and our write (optimistic concurrency lost). */
export class ConflictError extends Error {
  constructor(message = 'changed by someone else', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConflictError';
  }
}

/**
 * Read-modify-write of one stored object under optimistic concurrency: `write` is given the version read (with
 * its ETag) and rejects with ConflictError when someone else wrote first; then it is read again and retried.
 * `first` skips the initial read when the caller already holds the current version.
 */
export async function retryOnConflict<T extends { _etag: string }>(
  read: () => Promise<T | undefined>,
  write: (current: T) => Promise<void>,
  options: { attempts?: number; first?: T } = {},
): Promise<void> {
  let current = options.first;
  for (let attempt = 0; attempt < (options.attempts ?? 5); attempt++) {
    current ??= await read();
    if (!current) return;
    try {
      await write(current);
      return;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      current = undefined;
    }
  }
}
