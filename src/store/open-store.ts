import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StoreError } from './document-store.js';
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
  /** CREATE_NEW_STORE: start on an empty store even where one that held data is recorded (after a loss, on purpose). */
  createNew?: boolean;
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
  const file = join(dataDir, SQLITE_FILE_NAME);
  const marker = storeMarkerPath(dataDir);
  const recorded = readMarker(marker);
  const existed = existsSync(file);
  if (recorded?.hadData && !existed && !options.createNew) {
    throw new StoreError(
      'Unavailable',
      `The SQLite store ${resolve(file)} is missing, but it held data (recorded in ${marker} on ${recorded.since}). ` +
        'Refusing to start on a new, empty store: restore the file (or DATA_DIR) from your backup, or set CREATE_NEW_STORE=true to start empty on purpose.',
    );
  }
  const store = SqliteStore.open({ file });
  try {
    const count = store.documentCount();
    if (recorded?.hadData && count === 0 && !options.createNew) {
      throw new StoreError(
        'Unavailable',
        `The SQLite store ${resolve(file)} is empty, but it held data (recorded in ${marker} on ${recorded.since}). ` +
          'Refusing to start on it: restore the file from your backup, or set CREATE_NEW_STORE=true to start empty on purpose.',
      );
    }
    const remember = () => {
      if (readMarker(marker)?.hadData) return;
      writeMarker(marker, { file: resolve(file), hadData: true, since: new Date().toISOString() });
    };
    if (count > 0) remember();
    else if (options.createNew && recorded) writeMarker(marker, { file: resolve(file), hadData: false, since: new Date().toISOString() });
    store.onFirstData(remember);
    // Same early failure as Cosmos for a misspelt container name.
    for (const name of containers) store.container(name);
  } catch (error) {
    await store.close();
    throw error;
  }
  return store;
}

interface StoreMarker {
  file: string;
  hadData: boolean;
  since: string;
}

/**
 * Beside the data folder (not in it), so that deleting the folder does not delete the record that it held data:
 * `./data` → `./.data.shk-store.json`.
 */
export function storeMarkerPath(dataDir: string): string {
  const absolute = resolve(dataDir);
  return join(dirname(absolute), `.${basename(absolute)}.shk-store.json`);
}

function readMarker(path: string): StoreMarker | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<StoreMarker>;
    return typeof parsed.hadData === 'boolean' ? { file: String(parsed.file), hadData: parsed.hadData, since: String(parsed.since) } : undefined;
  } catch {
    return undefined;
  }
}

function writeMarker(path: string, marker: StoreMarker): void {
  try {
    writeFileSync(path, `${JSON.stringify(marker, null, 2)}\n`);
  } catch {
    // A read-only parent folder: the store still works, only this safety net is missing.
  }
}
