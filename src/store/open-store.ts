import { join } from 'node:path';
import { CosmosStore } from './cosmos-store.js';
import type { DocumentStore } from './document-store.js';
import { SqliteStore } from './sqlite-store.js';

export const SQLITE_FILE_NAME = 'shk-bot.sqlite';

/**
 * The store the bot runs on: Cosmos DB when an endpoint is configured (key, or managed identity through
 * DefaultAzureCredential when no key is given), otherwise SQLite at `${dataDir}/shk-bot.sqlite`.
 */
export async function openStore(options: {
  cosmos?: { endpoint: string; key?: string; databaseId: string };
  dataDir: string;
  containers: string[];
}): Promise<DocumentStore> {
  const { cosmos, dataDir, containers } = options;
  if (cosmos && cosmos.endpoint) {
    return CosmosStore.open({
      endpoint: cosmos.endpoint,
      ...(cosmos.key ? { key: cosmos.key } : {}),
      databaseId: cosmos.databaseId,
      containers,
    });
  }
  const store = SqliteStore.open({ file: join(dataDir, SQLITE_FILE_NAME) });
  try {
    // Same early failure as Cosmos for a misspelt container name.
    for (const name of containers) store.container(name);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}
