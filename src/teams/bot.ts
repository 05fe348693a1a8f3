import { ActivityTypes, TeamsActivityHandler, TurnContext, type AdaptiveCardInvokeResponse } from 'botbuilder';
import { z } from 'zod';
import { conversationKey, conversationLocale } from '../domain/conversations/conversation.js';
import { AppError, toAppError, userMessage } from '../errors.js';
import { localeFromTag, translator } from '../i18n/index.js';
import { invokeError, invokeResponse } from './adapter.js';
import { addressOf, mentionedPeople, normaliseText, tenantIdOf } from './activity.js';
import { cardAttachment } from './cards.js';
import { importDocx } from './meetings/import-minutes.js';
import { docxAttachmentOf } from './meetings/files.js';
import { answerUnrecognised, recognise } from './settings/understood.js';
import type { AwaitingHandler, CardActionResult, MessageRequest, TurnScope } from './router.js';
import type { BotServices } from './services.js';
import { turnIO } from './turn-scope.js';
import { sendWelcome } from './settings/welcome.js';

/** Tenant used for activities without one, in local mode only (Bot Framework Emulator, hand-written tests). */
export const LOCAL_TENANT = 'local-tenant';

/** A text this long is content (e.g. pasted minutes), not a command, when the bot is waiting for content. */
const LONG_TEXT = 300;

const adaptiveCardAction = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

/**
 * The Teams activity handler: turns activities into calls on the router and keeps the stored conversation
 * reference fresh. No feature logic lives here.
 */
export class ShkBot extends TeamsActivityHandler {
  constructor(private readonly services: BotServices) {
    super();

    this.onMessage(async (context, next) => {
      await this.handleCommand(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.onInstalled(context);
      await next();
    });
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.onRemoved(context, 'uninstalled');
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (context.activity.membersAdded?.some((member) => member.id === context.activity.recipient.id)) {
        await this.onInstalled(context);
      }
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      if (context.activity.membersRemoved?.some((member) => member.id === context.activity.recipient.id)) {
        await this.onRemoved(context, 'removed from conversation');
      }
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    if (isRemoval(context)) {
      // Do not refresh (and so re-activate) a reference we are about to mark inactive.
      return super.run(context);
    }
    const scope = await this.scopeFor(context);
    if (!scope) return;
    context.turnState.set(SCOPE, scope);
    if (context.activity.type === ActivityTypes.Invoke && context.activity.name === 'adaptiveCard/action') {
      await this.onCardAction(context, scope);
      return;
    }
    await super.run(context);
  }

  /** Builds the turn's scope: tenant, conversation (stored/refreshed), language, user. */
  private async scopeFor(context: TurnContext): Promise<TurnScope | undefined> {
    const { activity } = context;
    const tenantId = tenantIdOf(activity) ?? (this.services.config.localMode ? LOCAL_TENANT : undefined);
    const activityLocale = localeFromTag(activity.locale, this.services.config.defaultLocale);
    if (!tenantId) {
      this.services.logger.warn({ conversationId: activity.conversation?.id }, 'activity without tenant ignored');
      if (activity.type === ActivityTypes.Message) {
        await context.sendActivity(userMessage(new AppError('missingTenant'), activityLocale));
      }
      return undefined;
    }
    const address = addressOf(activity, tenantId);
    const conversation = await this.services.conversations.touch(address);
    const locale = conversationLocale(conversation, address.kind, activityLocale, this.services.config.defaultLocale);
    return {
      ...turnIO(context, tenantId, this.services.people),
      services: this.services,
      tenantId,
      address,
      conversationKey: conversationKey(address),
      conversation,
      locale,
      t: translator(locale),
      user: { id: activity.from?.id ?? '', aadObjectId: activity.from?.aadObjectId, name: activity.from?.name ?? '' },
    };
  }

  private async handleCommand(context: TurnContext): Promise<void> {
    const scope = scopeOf(context);
    const text = commandText(context);
    const request: MessageRequest = { ...scope, text, mentions: mentionedPeople(context.activity) };
    const file = docxAttachmentOf(context.activity.attachments ?? []);
    if (file && (text === '' || /^(protokoll|minutes)$/i.test(text))) {
      if (scope.address.kind === 'personal') await importDocx(request, file);
      else await context.sendActivity(scope.t('minutes.file.onlyPersonal'));
      return;
    }
    if (text === '') {
      await context.sendActivity(scope.t('hint.empty'));
      return;
    }
    const { found, understood } = recognise(this.services.commands, text);
    const smallTalk = understood?.kind === 'greeting' || understood?.kind === 'thanks' || understood?.kind === 'farewell';
    const awaited = this.awaitedHandler(scope, text, Boolean(found) || smallTalk);
    const handler = awaited
      ? {
          name: 'awaited-input',
          run: async () => {
            await this.services.conversations.setAwaiting(scope.tenantId, scope.conversationKey, undefined);
            await awaited(request);
          },
        }
      : found
        ? { name: found.route.name, run: () => found.route.handle({ ...request, text: found.text }, found.match) }
        : { name: 'unrecognised', run: () => answerUnrecognised(request, understood) };
    try {
      await handler.run();
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'internal') throw error;
      this.services.logger.info({ command: handler.name, code: appError.code }, 'command refused');
      await context.sendActivity(userMessage(appError, scope.locale));
    }
  }

  /**
   * The follow-up message the bot asked this person for (e.g. the minutes after "protokoll"), if it is one: any
   * text that is not a command, or a long or multi-line text even when it happens to start like one.
   */
  private awaitedHandler(scope: TurnScope, text: string, looksLikeCommand: boolean): AwaitingHandler | undefined {
    const awaiting = scope.conversation.awaiting;
    if (!awaiting || awaiting.by !== scope.user.id || awaiting.until <= this.services.clock.now().toISOString()) return undefined;
    if (looksLikeCommand && !text.includes('\n') && text.length <= LONG_TEXT) return undefined;
    return this.services.awaiting.get(awaiting.kind);
  }

  private async onCardAction(context: TurnContext, scope: TurnScope): Promise<void> {
    const response = await this.cardActionResponse(context, scope);
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: response } });
  }

  private async cardActionResponse(context: TurnContext, scope: TurnScope): Promise<AdaptiveCardInvokeResponse> {
    const fail = (error: AppError) => invokeError(error.status, error.code, userMessage(error, scope.locale));
    const parsed = adaptiveCardAction.safeParse(context.activity.value);
    if (!parsed.success) return fail(new AppError('unknownAction'));
    const { verb, data = {} } = parsed.data.action;
    const route = this.services.cardActions.get(verb);
    if (!route) return fail(new AppError('unknownAction'));
    const { verb: _ignored, ...fields } = data;
    void _ignored;
    const input = route.data.safeParse(fields);
    if (!input.success) {
      this.services.logger.info({ verb, issues: input.error.issues.length }, 'card action with invalid data');
      return fail(new AppError('invalidInput', { reason: input.error.issues.map((i) => i.path.join('.') || i.message).join(', ') }));
    }
    try {
      const result = await route.handle(scope, input.data);
      if (result.kind === 'card' && result.updateMessage && context.activity.replyToId) {
        const forEveryone = result.updateMessage === true ? result.card : result.updateMessage;
        await context.updateActivity({
          id: context.activity.replyToId,
          type: ActivityTypes.Message,
          attachments: [cardAttachment(forEveryone)],
        });
      }
      return invokeResponse(result);
    } catch (error) {
      const appError = toAppError(error);
      this.services.logger[appError.code === 'internal' ? 'error' : 'info']({ verb, err: error }, 'card action failed');
      return fail(appError);
    }
  }

  private async onInstalled(context: TurnContext): Promise<void> {
    const scope = scopeOf(context);
    const { firstWelcome } = await this.services.conversations.markInstalled(scope.address);
    this.services.logger.info({ tenantId: scope.tenantId, kind: scope.address.kind, firstWelcome }, 'installed');
    if (firstWelcome) await sendWelcome(scope);
  }

  private async onRemoved(context: TurnContext, reason: string): Promise<void> {
    const tenantId = tenantIdOf(context.activity) ?? (this.services.config.localMode ? LOCAL_TENANT : undefined);
    if (!tenantId) return;
    const address = addressOf(context.activity, tenantId);
    await this.services.conversations.markInactive(tenantId, conversationKey(address), reason);
    this.services.logger.info({ tenantId, kind: address.kind, reason }, 'conversation marked inactive');
  }
}

const SCOPE = Symbol('shk.scope');

/** The message text with the bot's own mention removed and white space tidied, ready for the router. */
function commandText(context: TurnContext): string {
  const stripped = TurnContext.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  return normaliseText(stripped);
}

function scopeOf(context: TurnContext): TurnScope {
  const scope = context.turnState.get(SCOPE) as TurnScope | undefined;
  if (!scope) throw new Error('Turn scope missing: ShkBot.run must build it before dispatch');
  return scope;
}

function isRemoval(context: TurnContext): boolean {
  const { activity } = context;
  if (activity.type === ActivityTypes.InstallationUpdate) {
    return activity.action === 'remove' || activity.action === 'remove-upgrade';
  }
  return (
    activity.type === ActivityTypes.ConversationUpdate &&
    (activity.membersRemoved ?? []).some((member) => member.id === activity.recipient.id)
  );
}
