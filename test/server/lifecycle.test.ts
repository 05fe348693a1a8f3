import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installed, message, PEOPLE, where } from '../helpers/activities.js';
import { RecordingConnector } from '../helpers/recording-connector.js';
import { startTestBot } from '../helpers/test-app.js';

const until = async (check: () => boolean, timeoutMs: number, what: string) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe('Health and graceful shutdown (in process)', () => {
  it('GET /healthz answers 503 when the store is down', async () => {
    const bot = await startTestBot();
    try {
      await bot.app.store.close();
      const response = await fetch(`${bot.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ status: 'unavailable', store: { ok: false } });
    } finally {
      await bot.stop();
    }
  });

  it('stop() lets a turn that is in flight finish (its reply is sent) before the store closes', async () => {
    const bot = await startTestBot();
    bot.connector.delayMs = 600;
    const pending = bot.post(message('hjälp', { serviceUrl: bot.connector.url, from: PEOPLE.petra }));
    await until(() => bot.app.http.inFlight() === 1, 3000, 'the turn to start');
    const stopped = bot.app.stop();
    const response = await pending;
    expect(response.status).toBe(200);
    expect(bot.connector.sent).toHaveLength(1);
    await stopped;
    expect((await bot.app.store.health()).ok).toBe(false);
    await bot.stop();
  });
});

describe('npm start as a process', () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** Starts src/index.ts like `npm start` does; resolves once it logs its port. */
  async function startProcess(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; startedInMs: number; output: () => string }> {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts', '--local'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (chunk) => (output += String(chunk)));
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    await until(() => /"msg":"SHK bot listening"/.test(output) || child.exitCode !== null, 20_000, 'the bot to listen');
    const line = output.split('\n').find((l) => l.includes('"msg":"SHK bot listening"'));
    if (!line) throw new Error(`bot did not start:\n${output}`);
    return { child, port: (JSON.parse(line) as { port: number }).port, startedInMs: Date.now() - started, output: () => output };
  }

  const exitCode = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));

  it('starts on the embedded store, answers /healthz, exits 0 on SIGTERM, and keeps its data across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'shk-bot-process-'));
    dirs.push(dataDir);
    const connector = await new RecordingConnector().start();
    try {
      const first = await startProcess({ DATA_DIR: dataDir });
      expect(first.startedInMs).toBeLessThan(20_000);
      const health = await fetch(`http://127.0.0.1:${first.port}/healthz`);
      expect(health.status).toBe(200);
      expect(first.output()).toContain('"microsoftAppPassword":"(not set)"');

      const at = where.personal(PEOPLE.marianne);
      const post = (port: number, activity: object) =>
        fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
      expect((await post(first.port, installed({ serviceUrl: connector.url, from: PEOPLE.marianne, at }))).status).toBe(200);
      expect(connector.sent).toHaveLength(1); // the welcome card

      first.child.kill('SIGTERM');
      expect(await exitCode(first.child)).toBe(0);
      expect(first.output()).toContain('"msg":"stopped"');

      // Same data dir: the installation is remembered, so the same install event is not welcomed twice.
      const second = await startProcess({ DATA_DIR: dataDir });
      connector.clear();
      expect((await post(second.port, installed({ serviceUrl: connector.url, from: PEOPLE.marianne, at }))).status).toBe(200);
      expect(connector.sent).toHaveLength(0);
      second.child.kill('SIGTERM');
      expect(await exitCode(second.child)).toBe(0);
    } finally {
      await connector.stop();
    }
  });

  it('refuses to start on a bad configuration, listing every problem', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: join(import.meta.dirname, '..', '..'),
      env: { PATH: process.env.PATH ?? '', PORT: 'abc', TIME_ZONE: 'Mars/Olympus', MicrosoftAppId: 'x' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let output = '';
    child.stderr!.on('data', (chunk) => (output += String(chunk)));
    expect(await exitCode(child)).toBe(1);
    expect(output).toContain('PORT');
    expect(output).toContain('TIME_ZONE');
    expect(output).toContain('MicrosoftAppPassword');
  });
});
