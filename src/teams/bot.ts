import { ActivityTypes, TeamsActivityHandler, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { conversationKey, conversationLocale } from '../domain/conversations/conversation.js';
import { AppError, userMessage } from '../errors.js';
import { localeFromTag, translator } from '../i18n/index.js';
import { invokeError, invokeResponse } from './adapter.js';
import { addressOf, mentionedPeople, normaliseText, tenantIdOf } from './activity.js';
import { routeCardAction, routeMessage, type TurnClaim, type TurnScope } from './router.js';
import type { BotServices } from './services.js';
import type { TurnLedger } from '../store/turn-ledger.js';
import { turnIO } from './turn-scope.js';
import { sendWelcome } from './settings/welcome.js';
import { meetingEventValue, onMeetingEnd, onMeetingStart } from './meetings/live-flow.js';
import { fetchCreateTodo, messageActionValue, submitCreateTodo } from './message-actions/create-action-item.js';

/** Teams' meeting event names (activity type `event`). */
const MEETING_START = 'application/vnd.microsoft.meetingStart';
const MEETING_END = 'application/vnd.microsoft.meetingEnd';

/** Tenant used for activities without one, in local mode only (Bot Framework Emulator, hand-written tests). */
export const LOCAL_TENANT = 'local-tenant';

const adaptiveCardAction = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(100),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
});

/**
 * The Teams activity handler: translates activities into a turn scope and calls the router (routeMessage,
 * routeCardAction), and keeps the stored conversation reference fresh. No feature logic lives here.
 */
export class ShkBot extends TeamsActivityHandler {
  constructor(
    private readonly services: BotServices,
    /** Remembers handled activity ids, so a retried POST is not handled twice (absent: no de-duplication). */
    private readonly options: { turns?: TurnLedger } = {},
  ) {
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
    const turn = this.turnClaim(context);
    context.turnState.set(TURN, turn);
    // A message is claimed by the router once its step is known (an att-göra recognises its retries by its item's id).
    if (context.activity.type !== ActivityTypes.Message && !(await turn.claim())) {
      this.services.logger.info({ activityType: context.activity.type, conversationId: context.activity.conversation?.id }, 'retried activity ignored (already handled)');
      if (context.activity.type === ActivityTypes.Invoke) {
        const locale = localeFromTag(context.activity.locale, this.services.config.defaultLocale);
        await context.sendActivity({
          type: ActivityTypes.InvokeResponse,
          value: { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: translator(locale)('turn.duplicate') } },
        });
      }
      return;
    }
    await this.runOnce(context);
  }

  /**
   * Teams retries a POST it got no answer to, with the same activity id: the first claim wins, a retry is a duplicate.
   * Activities without an id (or tenant) are not de-duplicated. The claim is made at most once per turn.
   */
  private turnClaim(context: TurnContext): TurnClaim {
    const { activity } = context;
    const turns = this.options.turns;
    const tenantId = tenantIdOf(activity) ?? (this.services.config.localMode ? LOCAL_TENANT : undefined);
    if (!turns || !activity.id || !tenantId || activity.type === ActivityTypes.Typing) return { claim: async () => true };
    const conversationId = activity.conversation?.id ?? '';
    const activityKey = `${activity.type}:${activity.id}`;
    let claimed: Promise<boolean> | undefined;
    return {
      key: `${tenantId}\u0000${conversationId}\u0000${activityKey}`,
      claim: () => (claimed ??= turns.claim(tenantId, conversationId, activityKey).then((claim) => !claim.duplicate)),
    };
  }

  private async runOnce(context: TurnContext): Promise<void> {
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
    if (context.activity.type === ActivityTypes.Event && (context.activity.name === MEETING_START || context.activity.name === MEETING_END)) {
      await this.onMeetingEvent(context, scope);
      return;
    }
    if (context.activity.type === ActivityTypes.Invoke && (context.activity.name === 'composeExtension/fetchTask' || context.activity.name === 'composeExtension/submitAction')) {
      await this.onMessageAction(context, scope);
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
      turn: context.turnState.get(TURN) as TurnClaim,
    };
  }

  private async handleCommand(context: TurnContext): Promise<void> {
    const scope = scopeOf(context);
    await routeMessage({
      ...scope,
      text: commandText(context),
      mentions: mentionedPeople(context.activity),
      attachments: context.activity.attachments ?? [],
    });
  }

  private async onCardAction(context: TurnContext, scope: TurnScope): Promise<void> {
    const parsed = adaptiveCardAction.safeParse(context.activity.value);
    const answer = parsed.success ? await routeCardAction(scope, parsed.data.action) : new AppError('unknownAction');
    const response = answer instanceof AppError ? invokeError(answer.status, answer.code, userMessage(answer, scope.locale)) : invokeResponse(answer);
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body: response } });
  }

  /** meetingStart / meetingEnd (#17). A failure is logged; Teams does not retry events in a useful way. */
  private async onMeetingEvent(context: TurnContext, scope: TurnScope): Promise<void> {
    const value = meetingEventValue.safeParse(context.activity.value ?? {});
    if (!value.success) {
      this.services.logger.warn({ name: context.activity.name }, 'meeting event with an unexpected value ignored');
      return;
    }
    try {
      if (context.activity.name === MEETING_START) await onMeetingStart(scope, value.data);
      else await onMeetingEnd(scope, value.data);
    } catch (error) {
      this.services.logger.error({ err: error, name: context.activity.name, tenantId: scope.tenantId }, 'meeting event failed');
    }
  }

  /** "Skapa uppgift" on a message: the dialog (fetchTask) and its submit (submitAction) (#17). */
  private async onMessageAction(context: TurnContext, scope: TurnScope): Promise<void> {
    const value = messageActionValue.safeParse(context.activity.value ?? {});
    let body: unknown;
    if (!value.success) body = { task: { type: 'message', value: scope.t('msgAction.onlyMessages') } };
    else if (context.activity.name === 'composeExtension/fetchTask') body = await fetchCreateTodo(scope, value.data);
    else body = await submitCreateTodo(scope, value.data);
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
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
const TURN = Symbol('shk.turn');

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
