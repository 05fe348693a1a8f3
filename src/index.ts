import { ConfigError, loadConfig, redactedSummary } from './config.js';
import { createApp } from './app.js';
import { createLogger } from './logger.js';

/**
 * Process entry point: config → app → listen; SIGTERM/SIGINT → graceful stop → exit 0.
 *
 * `--local` (what `npm start` passes) asks for local mode when no MicrosoftAppId is set, as LOCAL_MODE=true
 * does; without either, a process with no app id refuses to start (an unauthenticated bot is never an accident).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(undefined, { localModeRequested: process.argv.includes('--local') });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  logger.info({ config: redactedSummary(config) }, 'starting');
  if (config.localMode) {
    logger.warn(
      { host: config.host },
      'LOCAL MODE: no authentication, anyone who reaches this port can act as any user of any tenant. For trying the bot on this machine only',
    );
  }
  if (config.bot.appType === 'MultiTenant') {
    logger.warn('MicrosoftAppType=MultiTenant: Azure no longer creates multi-tenant bots; new registrations use SingleTenant or UserAssignedMSI (docs/deploy.md)');
  }
  if (config.bot.appType === 'UserAssignedMSI' && config.tab.appId === config.bot.appId) {
    logger.warn('TAB_APP_ID is not set: a managed identity cannot expose an API, so the tab cannot sign in (see docs/deploy.md)');
  }

  const app = await createApp(config, logger);
  const port = await app.start();
  logger.info({ port, endpoint: `http://localhost:${port}/api/messages`, tab: `${config.publicBaseUrl}/tab/` }, 'SHK bot listening');

  let signalled = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (signalled) return;
    signalled = true;
    logger.info({ signal }, 'shutting down');
    app.stop().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
