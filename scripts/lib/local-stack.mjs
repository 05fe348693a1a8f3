// Helpers shared by scripts/playground.mjs and scripts/screenshot-playground.mjs: ports, HTTP probes,
// starting/stopping the bot and the Microsoft 365 Agents Playground as child processes.
// Plain Node ESM (no TypeScript, no dependencies) so it runs before anything is built.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const playgroundConfigPath = path.join(repoRoot, '.m365agentsplayground.yml');
export const DEFAULT_PLAYGROUND_PORT = 56150;
export const DEFAULT_BOT_PORT = 3978;

/**
 * True when nothing listens on `port`. Same check as the Playground's own (listen on all interfaces), so
 * "free" here means the Playground will really get this port instead of silently picking a random one.
 */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/** `preferred` when it is free, otherwise a port the OS hands out. */
export async function freePort(preferred) {
  if (preferred && (await isPortFree(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** GET with a hard timeout; resolves to the Response or undefined when nothing answered. */
export async function probe(url, timeoutMs = 2000) {
  try {
    return await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch {
    return undefined;
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it returns a truthy value or `timeoutMs` has passed (then throws `what` timed out).
 * `abortIf` is polled too, e.g. to stop waiting as soon as a child process has died.
 */
export async function waitUntil(check, { timeoutMs, intervalMs = 250, what, abortIf }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reason = abortIf?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    const value = await check();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`${what}: timed out after ${Math.round(timeoutMs / 1000)} s`);
    await sleep(intervalMs);
  }
}

/** Resolves when the bot's /healthz answers 200 (the bot is up and its store works). */
export function waitForBot(port, { timeoutMs = 30_000, abortIf } = {}) {
  return waitUntil(async () => (await probe(`http://localhost:${port}/healthz`))?.ok, {
    timeoutMs,
    what: `bot on port ${port}`,
    abortIf,
  });
}

/** Resolves when the Playground's debug ping answers. */
export function waitForPlayground(port, { timeoutMs = 30_000, abortIf } = {}) {
  return waitUntil(async () => (await probe(`http://localhost:${port}/_debug/ping`))?.ok, {
    timeoutMs,
    what: `Agents Playground on port ${port}`,
    abortIf,
  });
}

/**
 * Starts the bot (`src/index.ts` through tsx's loader, in this very node process — no extra tsx wrapper, so
 * signals reach the bot directly). `env` is added to the current environment.
 */
export function startBot({ port, env = {}, stdio = 'inherit', detached = false }) {
  const loader = pathToFileURL(path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  // restify touches process.binding('http_parser'); hide that one deprecation warning where Node allows it.
  const quiet = process.allowedNodeEnvironmentFlags.has('--disable-warning') ? ['--disable-warning=DEP0111'] : [];
  // '--local' as npm start: local mode (no authentication) unless MicrosoftAppId is set.
  return spawn(process.execPath, [...quiet, '--import', loader, path.join('src', 'index.ts'), '--local'], {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio,
    detached,
  });
}

/** Path of the Playground CLI in node_modules/.bin (the `.cmd` shim on Windows). */
export function playgroundBin() {
  const bin = path.join(repoRoot, 'node_modules', '.bin', process.platform === 'win32' ? 'agentsplayground.cmd' : 'agentsplayground');
  if (!existsSync(bin)) {
    throw new Error(
      `${bin} saknas / is missing. Kör / run: npm install (the devDependency @microsoft/m365agentsplayground provides it).`,
    );
  }
  return bin;
}

/**
 * Starts the Agents Playground pointed at the bot. `openBrowser: false` sets TEAMSAPPTESTER_BROWSER=none.
 * The mock Teams context comes from .m365agentsplayground.yml at the repo root.
 */
export function startPlayground({ botPort, port, openBrowser, env = {}, stdio = 'inherit', detached = false }) {
  const args = [
    '--app-endpoint', `http://localhost:${botPort}/api/messages`,
    '--channel-id', 'msteams',
    '--port', String(port),
    '--disable-telemetry',
  ];
  const childEnv = { ...process.env, ...env };
  // The CLI flags above win anyway; drop the env forms so a stale shell variable cannot confuse anyone.
  for (const key of ['BOT_ENDPOINT', 'TEAMSAPPTESTER_PORT', 'DEFAULT_CHANNEL_ID', 'TEAMSAPPTESTER_BROWSER']) delete childEnv[key];
  if (!openBrowser) childEnv.TEAMSAPPTESTER_BROWSER = 'none';
  if (existsSync(playgroundConfigPath) && !env.M365_AGENTS_PLAYGROUND_CONFIG_PATH) {
    childEnv.M365_AGENTS_PLAYGROUND_CONFIG_PATH = playgroundConfigPath;
  }
  return spawn(playgroundBin(), args, {
    cwd: repoRoot,
    env: childEnv,
    stdio,
    detached,
    shell: process.platform === 'win32', // .cmd shims need a shell on Windows
  });
}

/** Whether a child process has already exited (or was never started). */
export const hasExited = (child) => !child || child.exitCode !== null || child.signalCode !== null;

/**
 * Stops a child we started: SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. With
 * `group: true` (children started with `detached: true`) the signal goes to the child's whole process group,
 * so anything it spawned goes too.
 */
export async function stopChild(child, { graceMs = 5000, group = false } = {}) {
  if (hasExited(child)) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const send = (signal) => {
    try {
      if (group && process.platform !== 'win32') process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      /* already gone */
    }
  };
  send('SIGTERM');
  const timer = setTimeout(() => send('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
