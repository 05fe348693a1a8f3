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

/** A request made again (e.g. a retried Teams activity) whose first attempt already did the work: nothing was done now. */
export class AlreadyDoneError extends Error {
  constructor(
    readonly requestKey: string,
    options?: { cause?: unknown },
  ) {
    super('request already handled', options);
    this.name = 'AlreadyDoneError';
  }
}

/** A stored object as read, with the ETag of that version (pass it back to an ETag-guarded write). */
export interface Versioned<T> {
  value: T;
  etag: string;
}

/**
 * The one retry-on-conflict helper: runs `attempt` and, when it rejects with ConflictError (someone else wrote
 * between our read and our write), runs it again, at most `attempts` times; the last ConflictError is rethrown.
 * `attempt` gets the attempt number (1-based) so the first can use a version the caller already holds.
 * Use it for bookkeeping where re-applying a change is right; a user's edit that must not silently override
 * someone else's reports the conflict instead.
 */
export async function retryOnConflict<R>(attempt: (n: number) => Promise<R>, attempts = 5): Promise<R> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (!(error instanceof ConflictError) || n >= attempts) throw error;
    }
  }
}
