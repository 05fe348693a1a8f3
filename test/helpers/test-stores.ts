import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTAINERS } from '../../src/app.js';
import type { DocumentStore } from '../../src/store/document-store.js';
import { openStore } from '../../src/store/open-store.js';
import { startCosmosServer } from './cosmos-server.js';

/** A store the app's containers live in, and how to put it away (the store, then its folder or server). */
export interface TestStore {
  store: DocumentStore;
  close(): Promise<void>;
}

/** The app's SQLite store (as `openStore` opens it) in a temp folder of its own, removed on close. */
export async function sqliteTestStore(prefix: string): Promise<TestStore> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const store = await openStore({ dataDir: dir, containers: [...CONTAINERS] });
  return {
    store,
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The app's Cosmos store on an in-process cosmosdb-server of its own, stopped on close (`onRequest`: each HTTP request it gets). */
export async function cosmosTestStore(databaseId: string, options: { onRequest?: () => void } = {}): Promise<TestStore> {
  const cosmos = await startCosmosServer(options.onRequest ? { onRequest: options.onRequest } : {});
  const store = await cosmos.appStore(databaseId);
  return {
    store,
    async close() {
      await store.close();
      await cosmos.close();
    },
  };
}
