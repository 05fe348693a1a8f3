import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessStats, ReadyMessage } from './ipc.js';

/** Parent side of ipc.ts: starts servers as `node --import tsx bench/<script>.ts` and talks to them. */

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(BENCH_DIR, '..');

export interface Child {
  name: string;
  process: ChildProcess;
  ready: ReadyMessage;
  /** Calls a handler in the child (see serveChild) with an optional JSON argument, bounded by timeoutMs. */
  call<T>(method: string, timeoutMs?: number, arg?: unknown): Promise<T>;
  stats(): Promise<ProcessStats>;
  /** Graceful stop (SIGTERM → child stops its servers and exits), SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();

/** Last resort, synchronous: nothing we started outlives us (also on uncaught errors and process.exit). */
export function killAllChildrenNow(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  live.clear();
}
process.on('exit', killAllChildrenNow);

/**
 * Keeps a bench run bounded: on SIGINT/SIGTERM, or when it is still running `maxSeconds` (+ `graceMs`) after
 * start, the children are killed, `cleanup` runs (temp data) and the process exits (130, or 2 on timeout).
 * Returns the synchronous clean-up for the normal end of the run, and the watchdog to clear then.
 */
export function boundLifetime(options: { name: string; maxSeconds: number; cleanup: () => void; graceMs?: number }): { cleanupSync: () => void; watchdog: NodeJS.Timeout } {
  const log = (text: string) => process.stderr.write(`${text}\n`);
  const cleanupSync = () => {
    killAllChildrenNow();
    options.cleanup();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      log(`\n${signal}: stopping children`);
      cleanupSync();
      process.exit(130);
    });
  }
  const watchdog = setTimeout(() => {
    log(`\n${options.name}: still running after --max-seconds ${options.maxSeconds}; killing children and giving up`);
    cleanupSync();
    process.exit(2);
  }, options.maxSeconds * 1000 + (options.graceMs ?? 0));
  return { cleanupSync, watchdog };
}

export async function startChild(
  name: string,
  script: string,
  options: { args?: string[]; env?: Record<string, string>; nodeArgs?: string[]; startTimeoutMs?: number; verbose?: boolean } = {},
): Promise<Child> {
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  const proc = spawn(process.execPath, ['--disable-warning=DEP0111', ...(options.nodeArgs ?? []), '--import', 'tsx', join(BENCH_DIR, script), ...(options.args ?? [])], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  live.add(proc);
  proc.once('exit', () => live.delete(proc));

  let stderrTail = '';
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-4000);
    if (options.verbose) process.stderr.write(`[${name}] ${chunk}`);
  });
  // Drain stdout so the child never blocks on a full pipe; the ready line also arrives over IPC.
  proc.stdout!.resume();

  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();
  const failAll = (error: Error) => {
    for (const [id, waiter] of pending) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
      pending.delete(id);
    }
  };

  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${name}: not ready within ${startTimeoutMs} ms; stderr:\n${stderrTail}`));
    }, startTimeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited before ready (code ${code}, signal ${signal}); stderr:\n${stderrTail}`));
    };
    proc.once('exit', onExit);
    proc.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${name}: could not start: ${error.message}`));
    });
    proc.on('message', function onMessage(raw: unknown) {
      const message = raw as Partial<ReadyMessage>;
      if (message?.event !== 'ready') return;
      clearTimeout(timer);
      proc.off('exit', onExit);
      proc.off('message', onMessage);
      resolve(message as ReadyMessage);
    });
  });

  proc.on('message', (raw: unknown) => {
    const message = raw as { type?: string; id?: number; value?: unknown; error?: string };
    if (message?.type !== 'result' || typeof message.id !== 'number') return;
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    clearTimeout(waiter.timer);
    if (message.error !== undefined) waiter.reject(new Error(`${name}: ${message.error}`));
    else waiter.resolve(message.value);
  });
  proc.once('exit', (code, signal) => failAll(new Error(`${name} exited (code ${code}, signal ${signal}); stderr:\n${stderrTail}`)));

  const exited = new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve();
    else proc.once('exit', () => resolve());
  });

  const child: Child = {
    name,
    process: proc,
    ready,
    call<T>(method: string, timeoutMs = 10_000, arg?: unknown) {
      return new Promise<T>((resolve, reject) => {
        if (!proc.connected) {
          const how = proc.exitCode !== null || proc.signalCode !== null ? `exited (code ${proc.exitCode}, signal ${proc.signalCode})` : 'not connected';
          reject(new Error(`${name} (pid ${proc.pid}) ${how} during the run; stderr tail:\n${stderrTail}`));
          return;
        }
        const id = nextId++;
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${name}: no answer to ${method} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
        proc.send(arg === undefined ? { type: 'call', id, method } : { type: 'call', id, method, arg });
      });
    },
    stats() {
      return child.call<ProcessStats>('stats');
    },
    async stop(graceMs = 5000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  return child;
}
