import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type AdaptiveCardInvokeResponse,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { Config } from '../config.js';
import { AppError, userMessage } from '../errors.js';
import { localeFromTag } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { CardActionResult } from './router.js';

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

/** A card action's answer as Teams expects it in the invoke response. */
export function invokeResponse(result: CardActionResult): AdaptiveCardInvokeResponse {
  if (result.kind === 'card') {
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card } satisfies AdaptiveCardInvokeResponse;
  }
  return { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.text as unknown as Record<string, unknown> };
}

export function invokeError(status: number, code: string, message: string): AdaptiveCardInvokeResponse {
  return { statusCode: status, type: 'application/vnd.microsoft.error', value: { code, message } as unknown as Record<string, unknown> };
}
