import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type App, type AppOverrides } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { storeMarkerPath } from '../../src/store/open-store.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { FixedClock } from '../../src/domain/ports.js';
import { PEOPLE } from './activities.js';
import { postActivity } from './http.js';
import { RecordingConnector } from './recording-connector.js';

/**
 * The real bot on an ephemeral port with a SQLite store in a temp dir, and a recording connector as Teams'
 * service. Tests talk to it only over HTTP, like Teams does.
 */
export interface TestBot {
  app: App;
  url: string;
  connector: RecordingConnector;
  dataDir: string;
  /** POSTs an activity to /api/messages; resolves the HTTP status and parsed body. */
  post(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startTestBot(
  options: { env?: Record<string, string>; overrides?: AppOverrides; logger?: Logger; dataDir?: string; keepData?: boolean } = {},
): Promise<TestBot> {
  const connector = await new RecordingConnector().start();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'shk-bot-test-')));
  // Local mode unless the test gives an app id (the fail-closed default needs it asked for).
  const local = options.env?.MicrosoftAppId ? {} : { LOCAL_MODE: 'true' };
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...local, LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: '5000', ...options.env });
  const app = await createApp(config, options.logger ?? silentLogger(), { proactiveRetry: { baseDelayMs: 20 }, manualJobs: true, ...options.overrides });
  const port = await app.start();
  const url = `http://127.0.0.1:${port}`;
  let stopped = false;
  return {
    app,
    url,
    connector,
    dataDir,
    post: (activity, headers = {}) => postActivity(`${url}/api/messages`, activity, { headers }),
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
      await connector.stop();
      if (!options.keepData && !options.dataDir) {
        await rm(dataDir, { recursive: true, force: true });
        await rm(storeMarkerPath(dataDir), { force: true });
      }
    },
  };
}

export { cardOf, cardText } from './card-text.js';

/**
 * The bot as the Core Team tests use it: a fixed clock (default Tue 27 Feb 2024 10:00 in Stockholm, the seed
 * meeting) and a roster that knows the five Core Team members with their AAD ids.
 */
export async function startCoreTeamBot(
  options: { now?: string; overrides?: AppOverrides; env?: Record<string, string>; dataDir?: string; keepData?: boolean } = {},
): Promise<TestBot & { clock: FixedClock }> {
  const clock = new FixedClock(options.now ?? '2024-02-27T09:00:00Z');
  const bot = await startTestBot({
    overrides: { clock, ...options.overrides },
    ...(options.env ? { env: options.env } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.keepData ? { keepData: true } : {}),
  });
  bot.connector.roster = Object.values(PEOPLE).map((p) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId }));
  return Object.assign(bot, { clock });
}
