import { chmod, copyFile, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTAINERS } from '../../src/app.js';
import { SQLITE_FILE_NAME, storeMarkerPath } from '../../src/store/open-store.js';
import { installed, PEOPLE } from '../helpers/activities.js';
import { startTestBot, type TestBot } from '../helpers/test-app.js';

/** /healthz tells the truth about the SQLite store, and a store that held data is never silently recreated. */

const dirs: string[] = [];
const bots: TestBot[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.stop();
  for (const dir of dirs.splice(0)) {
    await rm(dir, { recursive: true, force: true });
    await rm(storeMarkerPath(dir), { force: true });
  }
});

async function botWithData(dataDir?: string): Promise<TestBot> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'shk-hardening-store-')));
  if (!dataDir) dirs.push(dir);
  const bot = await startTestBot({ dataDir: dir });
  bots.push(bot);
  const response = await bot.post(installed({ serviceUrl: bot.connector.url, from: PEOPLE.petra }));
  expect(response.status).toBe(200);
  return bot;
}

const health = async (bot: TestBot) => {
  const response = await fetch(`${bot.url}/healthz`);
  return { status: response.status, body: (await response.json()) as { store: { ok: boolean; detail?: string } } };
};

describe('Honest /healthz on SQLite (hardening)', () => {
  it('answers 503 while the database files are read-only, and 200 again when they are writable', async () => {
    const bot = await botWithData();
    expect((await health(bot)).status).toBe(200);
    const file = join(bot.dataDir, SQLITE_FILE_NAME);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) await chmod(f, 0o444);
    const readOnly = await health(bot);
    expect(readOnly.status).toBe(503);
    expect(readOnly.body.store.detail).toContain('read-only');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) await chmod(f, 0o644);
    expect((await health(bot)).status).toBe(200);
  });

  it('answers 503 after the data folder was deleted under the running bot', async () => {
    const bot = await botWithData();
    await rm(bot.dataDir, { recursive: true, force: true });
    const gone = await health(bot);
    expect(gone.status).toBe(503);
    expect(gone.body.store.detail).toMatch(/is gone/);
  });

  it('answers 503 after the database file was replaced by another one', async () => {
    const bot = await botWithData();
    const file = join(bot.dataDir, SQLITE_FILE_NAME);
    await copyFile(file, `${file}.copy`);
    await rename(`${file}.copy`, file);
    const replaced = await health(bot);
    expect(replaced.status).toBe(503);
    expect(replaced.body.store.detail).toContain('replaced');
  });

  it('does a real write: a store closed underneath fails health', async () => {
    const bot = await botWithData();
    await bot.app.store.close();
    expect((await health(bot)).status).toBe(503);
  });
});

describe('No silent data loss at start (hardening)', () => {
  it('refuses to start on a new store where one with data was deleted, says why, and starts empty only when told to', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'shk-hardening-store-'));
    dirs.push(dataDir);
    const first = await botWithData(dataDir);
    await first.stop();
    await rm(dataDir, { recursive: true, force: true });

    const refused = startTestBot({ dataDir });
    await expect(refused).rejects.toThrow(/is missing, but it held data[\s\S]*CREATE_NEW_STORE=true/);

    const fresh = await startTestBot({ dataDir, env: { CREATE_NEW_STORE: 'true' } });
    bots.push(fresh);
    expect(await fresh.app.store.container('conversations').queryAcross('')).toHaveLength(0);
    expect((await health(fresh)).status).toBe(200);
  });

  it('refuses to start on an emptied store that held data', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'shk-hardening-store-'));
    dirs.push(dataDir);
    const first = await botWithData(dataDir);
    for (const name of CONTAINERS) {
      const container = first.app.store.container(name);
      for (const doc of await container.queryAcross('')) await container.delete(doc.pk, doc.id);
    }
    await first.stop();
    await expect(startTestBot({ dataDir })).rejects.toThrow(/is empty, but it held data/);
  });

  it('a first start in an empty folder just works (npm start on a fresh clone)', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'shk-hardening-store-')), 'data');
    dirs.push(dataDir);
    const bot = await startTestBot({ dataDir });
    bots.push(bot);
    expect((await health(bot)).status).toBe(200);
  });
});
