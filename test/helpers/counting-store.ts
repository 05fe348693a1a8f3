import { performance } from 'node:perf_hooks';
import type { Container, DocumentStore } from '../../src/store/document-store.js';

/**
 * A document store with every container call counted (and timed), by `<container>.<method>`: what tests and benches
 * use to show how many reads and writes a turn makes. The counting is a Map increment per call. (Moved here from
 * bench/bot-server.ts, which uses it too.)
 *
 * Each call is timed up to the moment it returns its promise. better-sqlite3 is synchronous and the SQLite
 * container's methods do all their work before they return, so there this is the call's whole cost (SQL, JSON
 * parse/stringify) on the event loop; for Cosmos it is only the part before the request goes out.
 */
export interface CountingStore {
  store: DocumentStore;
  /** Calls so far, by `<container>.<method>`. */
  calls(): Record<string, number>;
  /** Microseconds spent in calls so far (until each returned its promise), by `<container>.<method>`. */
  timesUs(): Record<string, number>;
  /** All calls so far (optionally only those of one container). */
  total(container?: string): number;
  /** Counts from now on start at zero. */
  reset(): void;
}

export function countingStore(inner: DocumentStore): CountingStore {
  const ops = new Map<string, number>();
  const us = new Map<string, number>();
  const wrap = <C extends object>(container: C, name: string): C =>
    new Proxy(container, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function' || typeof property !== 'string') return value;
        const key = `${name}.${property}`;
        return (...args: unknown[]) => {
          ops.set(key, (ops.get(key) ?? 0) + 1);
          const start = performance.now();
          try {
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          } finally {
            us.set(key, (us.get(key) ?? 0) + (performance.now() - start) * 1000);
          }
        };
      },
    });
  const containers = new Map<string, Container<never>>();
  const store = new Proxy(inner, {
    get(target, property, receiver) {
      if (property !== 'container') return Reflect.get(target, property, receiver) as unknown;
      return (name: string) => {
        let container = containers.get(name);
        if (!container) {
          container = wrap(target.container<never>(name), name);
          containers.set(name, container);
        }
        return container;
      };
    },
  });
  return {
    store,
    calls: () => Object.fromEntries(ops),
    timesUs: () => Object.fromEntries(us),
    total: (container) => [...ops].filter(([key]) => !container || key.startsWith(`${container}.`)).reduce((t, [, n]) => t + n, 0),
    reset() {
      ops.clear();
      us.clear();
    },
  };
}
