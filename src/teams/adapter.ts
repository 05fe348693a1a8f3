import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Request, Response } from 'restify';
import type { Config } from '../config.js';
import { AppError, userMessage } from '../errors.js';
import { localeFromTag } from '../i18n/index.js';
import type { Logger } from '../logger.js';
import type { CardActionResult } from './router.js';

/**
 * The Bot Framework authentication from our validated config (not read from the environment here). With no app id the
 * adapter accepts unauthenticated activities (local mode); with one, a request without a valid token gets 401.
 */
/** Where Bot Framework tokens are checked (tests: a local OpenID metadata / JWKS server). */
export type BotAuthEndpoints = Partial<ConfigurationBotFrameworkAuthenticationOptions>;

export function createBotAuthentication(
  config: Config,
  /** Tests point the token check at their own OpenID metadata (a local JWKS server); production never sets it. */
  endpoints: Partial<ConfigurationBotFrameworkAuthenticationOptions> = {},
): ConfigurationBotFrameworkAuthentication {
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.bot.appId ?? '',
    MicrosoftAppPassword: config.bot.appPassword ?? '',
    // Local mode: no credentials at all, which botbuilder only accepts for its (credential-less) multi-tenant type.
    MicrosoftAppType: config.bot.appId ? config.bot.appType : 'MultiTenant',
    MicrosoftAppTenantId: config.bot.appTenantId ?? '',
    ...endpoints,
  };
  return new FailClosedAuthentication(options);
}

/** Microsoft's signing keys could not be fetched: the request may be genuine, so "try again later", not 401. */
export class KeysUnavailableError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('Bot Framework signing keys are unavailable', options);
    this.name = 'KeysUnavailableError';
  }
}

/** jsonwebtoken's failures (bad signature, malformed, not yet valid): the token is not Microsoft's. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder's authentication, with every failure classified: a token that does not verify (e.g. an attacker's
 * signature under a real key id, which botbuilder lets through as a plain error and so a 500) is an
 * AuthenticationError (401); keys that cannot be fetched are KeysUnavailableError (503).
 */
class FailClosedAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw classifyAuthFailure(error);
    }
  }
}

function classifyAuthFailure(error: unknown): Error {
  if (error instanceof AuthenticationError) {
    // botbuilder reports keys it could not load as an AuthenticationError with status 500.
    return error.statusCode === StatusCodes.UNAUTHORIZED ? error : new KeysUnavailableError({ cause: error });
  }
  const name = error instanceof Error ? error.name : '';
  if (TOKEN_ERRORS.has(name)) return new AuthenticationError('Unauthorized', StatusCodes.UNAUTHORIZED);
  // Anything else while checking a token is the key endpoint failing (DNS, refused, timeout, bad JSON).
  return new KeysUnavailableError({ cause: error });
}

/**
 * Handles one POST to /api/messages (instead of CloudAdapter.process, which answers 500 with the raw error message,
 * including internal URLs): 400 for a body that is no activity, 401 for any authentication failure, 503 when
 * Microsoft's keys cannot be fetched, 500 with no details otherwise. Entities that are not objects with a type are
 * dropped before any turn code sees them (botbuilder's mention removal crashes on them).
 */
export async function processRequest(
  adapter: ShkAdapter,
  req: Request,
  res: Response,
  logic: (context: TurnContext) => Promise<void>,
  logger: Logger,
): Promise<void> {
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
    res.send(StatusCodes.BAD_REQUEST, { error: 'not an activity' });
    return;
  }
  const activity = sanitiseActivity(body as Partial<Activity>);
  const header = req.headers.authorization;
  const authHeader = typeof header === 'string' ? header : '';
  let invokeResponse: InvokeResponse | undefined;
  try {
    invokeResponse = await adapter.processIncoming(authHeader, activity as Activity, logic);
  } catch (error) {
    if (error instanceof AuthenticationError) {
      logger.info({ reason: error.message }, 'request refused: not authenticated');
      res.send(StatusCodes.UNAUTHORIZED, { error: 'unauthorized' });
      return;
    }
    if (error instanceof KeysUnavailableError) {
      logger.error({ err: error.cause ?? error }, 'could not fetch the Bot Framework signing keys');
      res.header('Retry-After', '10');
      res.send(503, { error: 'authentication unavailable, try again later' });
      return;
    }
    logger.error({ err: error }, 'message endpoint failed');
    res.send(StatusCodes.INTERNAL_SERVER_ERROR, { error: 'internal error' });
    return;
  }
  if (invokeResponse?.body !== undefined) res.send(invokeResponse.status ?? StatusCodes.OK, invokeResponse.body);
  else res.send(invokeResponse?.status ?? StatusCodes.OK);
}

/** Only object entities with a string type (Teams' mentions, clientInfo …) reach the turn. */
export function sanitiseActivity(activity: Partial<Activity>): Partial<Activity> {
  if (activity.entities === undefined) return activity;
  const entities = Array.isArray(activity.entities)
    ? activity.entities.filter(
        (entity) =>
          entity !== null &&
          typeof entity === 'object' &&
          typeof entity.type === 'string' &&
          (entity.type !== 'mention' || isWellFormedMention(entity as Record<string, unknown>)),
      )
    : [];
  return { ...activity, entities };
}

function isWellFormedMention(entity: Record<string, unknown>): boolean {
  const mentioned = entity.mentioned as Record<string, unknown> | undefined;
  return (
    mentioned !== null &&
    typeof mentioned === 'object' &&
    typeof mentioned.id === 'string' &&
    (entity.text === undefined || typeof entity.text === 'string')
  );
}

/** The CloudAdapter with its activity processing opened to processRequest. */
export class ShkAdapter extends CloudAdapter {
  processIncoming(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createAdapter(auth: ConfigurationBotFrameworkAuthentication, config: Config, logger: Logger): ShkAdapter {
  const adapter = new ShkAdapter(auth);
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
