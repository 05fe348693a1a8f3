import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config.js';
import { AppError, userMessage } from '../errors.js';
import { localeFromTag } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import { invokeError } from './router.js';

/**
 * The Bot Framework authentication from our validated config (not read from the environment here). With no app id the
 * adapter accepts unauthenticated activities (local mode); with one, a request without a valid token gets 401.
 */
export function createBotAuthentication(config: Config): ConfigurationBotFrameworkAuthentication {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    MicrosoftAppType: config.bot.appType,
    MicrosoftAppTenantId: config.bot.appTenantId ?? '',
  };
  return new ConfigurationBotFrameworkAuthentication(options);
}

export function createAdapter(auth: ConfigurationBotFrameworkAuthentication, config: Config, logger: Logger): CloudAdapter {
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const { activity } = context;
    logger.error({ err: error, activityType: activity.type, conversationId: activity.conversation?.id }, 'unhandled error in turn');
    const failure = new AppError('internal');
    const locale = localeFromTag(activity.locale, config.defaultLocale);
    try {
      if (activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action') {
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: { status: 200, body: invokeError(500, 'internal', userMessage(failure, locale)) },
        });
      } else if (activity.type === ActivityTypes.Message) {
        await context.sendActivity(userMessage(failure, locale));
      }
    } catch (sendError) {
      logger.error({ err: sendError }, 'could not tell the user about the error');
    }
  };
  return adapter;
}
