import { spawn } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** A TypeScript worker in its own process (node --import tsx), for tests where two processes share a store. */
export interface WorkerProcess {
  /** Everything the worker has printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves the exit code. */
  exited: Promise<number | null>;
  /** Tells the worker to start at a shared wall-clock time (it waits for a "go <epoch ms>" line). */
  go(startAt: number): void;
}

/**
 * Starts `script` with `args` and resolves once it printed "ready" (it has opened the store), so parent and
 * worker can then start at the same moment and really race. Rejects with the worker's stderr if it exits first.
 */
export async function startWorker(script: string, args: string[]): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve, reject) => {
    const check = (): void => {
      if (stdout.includes('ready\n')) resolve();
    };
    child.stdout.on('data', check);
    child.on('close', () => reject(new Error(`worker exited early: ${stderr}`)));
    check();
  });
  return { stdout: () => stdout, stderr: () => stderr, exited, go: (startAt) => child.stdin.end(`go ${startAt}\n`) };
}
