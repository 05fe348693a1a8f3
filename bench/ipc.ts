/**
 * The small protocol between the load generator (parent) and the servers it starts (children).
 *
 * - A child announces itself with ONE stdout line `{"event":"ready", ...}` (so it can also be run by hand and
 *   still tell you its port/url), and over IPC with the same object.
 * - The parent asks a child for figures with `{ type: 'call', id, method, arg? }` (`arg`: any JSON value the
 *   handler takes, e.g. summary options); the child answers `{ type: 'result', id, value }` or
 *   `{ type: 'result', id, error }`.
 * - A child exits when the IPC channel closes (parent gone, even after SIGKILL), and on SIGTERM/SIGINT after a
 *   graceful stop — so `node --cpu-prof` children still write their profile.
 */

export interface ReadyMessage {
  event: 'ready';
  role: string;
  /** The port a bot listens on. */
  port?: number;
  /** The base URL of a recording connector. */
  url?: string;
  pid: number;
  /** bench/bot-server.ts: the store kind, and what --seed wrote before the server started. */
  store?: string;
  seeded?: { items: number; conversations: number; ms: number };
}

export interface ProcessStats {
  pid: number;
  /** CPU time used since the process started, in microseconds (process.cpuUsage). */
  cpuUserUs: number;
  cpuSystemUs: number;
  rssBytes: number;
  /** TCP connections the server accepted since start (bots only; shows keep-alive works). */
  connectionsAccepted?: number;
  /** Anything else the process counts (our bot: store calls such as `conversations.get`). */
  counters?: Record<string, number>;
  /** Time per counter, µs (our bot: synchronous time spent in each kind of store call, e.g. `answers.query`). */
  timersUs?: Record<string, number>;
}

type Handler = (arg?: unknown) => unknown;

interface IncomingMessage {
  type?: string;
  id?: number;
  method?: string;
  arg?: unknown;
}

export function processStats(extra: Partial<ProcessStats> = {}): ProcessStats {
  const cpu = process.cpuUsage();
  return { pid: process.pid, cpuUserUs: cpu.user, cpuSystemUs: cpu.system, rssBytes: process.memoryUsage.rss(), ...extra };
}

/**
 * Child side: answer calls, announce readiness, and stop cleanly on signal or when the parent goes away.
 * `stop` must release everything (servers, temp files); it is called at most once.
 */
export function serveChild(options: { role: string; handlers: Record<string, Handler>; stop: () => Promise<void> }): {
  announce(ready: Omit<ReadyMessage, 'event' | 'role' | 'pid'>): void;
} {
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    const hardExit = setTimeout(() => process.exit(code === 0 ? 3 : code), 5000);
    hardExit.unref();
    options.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        process.stderr.write(`[${options.role}] stop failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown(0));
  process.on('SIGINT', () => shutdown(0));
  process.on('disconnect', () => shutdown(0));
  process.on('message', (raw: unknown) => {
    const message = (raw ?? {}) as IncomingMessage;
    if (message?.type === 'stop') {
      shutdown(0);
      return;
    }
    if (message?.type !== 'call' || typeof message.id !== 'number' || typeof message.method !== 'string') return;
    const handler = options.handlers[message.method];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown method ${message.method}`);
        return handler(message.arg);
      })
      .then(
        (value) => process.send?.({ type: 'result', id: message.id, value }),
        (error: unknown) => process.send?.({ type: 'result', id: message.id, error: String(error) }),
      );
  });
  return {
    announce(ready) {
      const message: ReadyMessage = { event: 'ready', role: options.role, pid: process.pid, ...ready };
      process.stdout.write(`${JSON.stringify(message)}\n`);
      process.send?.(message);
    },
  };
}
