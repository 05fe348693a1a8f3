import type { BoardReports } from '../report/board-reports.js';
import type { z } from 'zod';
import type { ConversationAddress } from '../domain/conversations/conversation.js';
import type { MentionInText } from '../domain/action-items/parse-new-item.js';
import type { PersonRef } from '../domain/people/person.js';
import type { Locale, MessageKey, Translate } from '../i18n/index.js';
import type { Stored } from '../store/document-store.js';
import type { ConversationDocument } from '../store/conversation-repository.js';
import { understand, type Understood } from '../domain/phrasing/understand.js';
import { AppError, toAppError, userMessage } from '../errors.js';
import type { IncomingAttachment, MentionedPerson } from './activity.js';
import type { AdaptiveCard, PostedCard } from './cards.js';
import type { Config } from '../config.js';
import type { ChartStore } from '../charts/chart-store.js';
import type { ActionItemService } from '../domain/action-items/action-item-service.js';
import type { LiveMeetingService } from '../domain/meetings/live-meeting-service.js';
import type { MeetingService } from '../domain/meetings/meeting-service.js';
import type { PrivacyService } from '../domain/privacy/privacy-service.js';
import type { EvaluationService } from '../domain/scoring/evaluation-service.js';
import type { ReminderService } from '../domain/reminders/reminder-service.js';
import type { Clock } from '../domain/ports.js';
import type { Logger } from '../logger.js';
import type { ConversationRepository } from '../store/conversation-repository.js';
import type { PeopleDirectory } from './people.js';
import type { ProactiveSender } from './proactive.js';
import type { Round } from '../domain/scoring/round.js';
import { answerUnrecognised } from './settings/understood.js';

/**
 * The turn pipeline. A message goes through one ordered list: attachment routes (a .docx of minutes), the
 * follow-up reply the bot is waiting for, then the command routes (matched on the text after the bot mention).
 * A card action goes to its route in a table (matched on the Action.Execute verb). Each route lives in its
 * feature's folder (action-items/, evaluations/, …), declares its trigger as data and is listed in the feature's
 * index.ts. This file defines the shapes (TurnScope, routes, BotServices) and runs the pipeline.
 */

export type { PostedCard };

/** The people questions a handler may ask (roster and member memory), bound to this turn's conversation. */
export interface TurnPeople {
  /** Mentioned people with their AAD ids where the roster knows them (else the Teams id and name as sent). */
  resolveMentions(mentions: MentionedPerson[]): Promise<MentionInText[]>;
  /** A member whose display name, or unique first name, is `name`. */
  findByName(name: string): Promise<PersonRef | undefined>;
  /** A person by Teams id or AAD object id. */
  resolve(key: string, fallbackName?: string): Promise<PersonRef | undefined>;
}

/** A member of the conversation as the roster gives it (e-mail when Teams tells it). */
export interface RosterPerson {
  id: string;
  name: string;
  aadObjectId?: string;
  email?: string;
}

/** Teams' meeting APIs, bound to this turn (see turn-scope.ts). Calls may fail: callers degrade. */
export interface MeetingPort {
  /** The Teams meeting this activity comes from (`channelData.meeting.id`), if any. */
  meetingId?: string;
  /** Title and scheduled times; undefined when there is no meeting. Throws when Teams refuses or fails. */
  details(meetingId?: string): Promise<{ teamsMeetingId: string; title?: string; start?: string; end?: string } | undefined>;
  /** The conversation's members (the meeting chat's roster). Throws when Teams refuses or fails. */
  roster(): Promise<RosterPerson[]>;
}

/**
 * What every handler gets: who, where, in which language, the services, and plain functions to answer.
 * Handlers use these and never botbuilder (the scope factory, turn-scope.ts, binds them to the turn).
 */
export interface TurnScope {
  /** The person who sent the activity. */
  sender: PersonRef;
  /** Answers in the conversation: a text (markdown as Teams renders it) or a card. */
  reply(message: string | AdaptiveCard): Promise<void>;
  /** Posts a card in the conversation and returns where it stands, to update it later. */
  post(card: AdaptiveCard): Promise<PostedCard | undefined>;
  /** Replaces a posted card for everyone. */
  update(posted: PostedCard, card: AdaptiveCard): Promise<void>;
  /** Posts a card as a reply in a channel thread (the thread of `rootMessageId`); in a chat, in the chat. */
  postInThread(rootMessageId: string, card: AdaptiveCard): Promise<PostedCard | undefined>;
  /** The message this activity answers (in a card action: the message whose button was pressed), if any. */
  replyTo?: PostedCard;
  people: TurnPeople;
  /** The meeting this turn belongs to (meeting chats and channel meetings). */
  meeting: MeetingPort;
  services: BotServices;
  tenantId: string;
  address: ConversationAddress;
  conversationKey: string;
  conversation: Stored<ConversationDocument>;
  locale: Locale;
  t: Translate;
  user: { id: string; aadObjectId?: string; name: string };
  /** This activity, for handling a retried POST once (see TurnClaim). */
  turn: TurnClaim;
}

/**
 * Teams retries a POST it got no answer to, with the same activity id. Events and invokes are claimed before they
 * run; a message when its step is known, so a route that recognises its own retries (`selfDeduplicating`) saves
 * the claim's write.
 */
export interface TurnClaim {
  /** Stable for every retry of this activity; undefined when retries cannot be recognised (no id or tenant). */
  key?: string;
  /** Claims the activity (once per turn; later calls return the first answer): false when it was handled before. */
  claim(): Promise<boolean>;
}

export interface MessageRequest extends TurnScope {
  /** The text after the bot mention, tidied. Other people's mentions stay as `<at>Name</at>`. */
  text: string;
  mentions: MentionedPerson[];
  /** Files and cards attached to the message. */
  attachments: readonly IncomingAttachment[];
}

/** A route for messages that carry a file (tried before commands). */
export interface AttachmentRoute {
  name: string;
  /** What to do with the message, or undefined when this route does not take it. */
  match(request: MessageRequest): (() => Promise<void>) | undefined;
}

export type HelpGroup = 'general' | 'actionItems' | 'evaluations' | 'meetings' | 'reminders' | 'settings';

export interface CommandRoute {
  name: string;
  /** Tried in order against the whole command text; the first match wins. Use named groups for arguments. */
  patterns: RegExp[];
  /** How the command is shown on the help and welcome cards. Omit for commands that are not advertised. */
  help?: { group: HelpGroup; usage: MessageKey; description: MessageKey; order: number; onWelcome?: boolean };
  handle(request: MessageRequest, match: RegExpMatchArray): Promise<void>;
  /**
   * The handler recognises a retry of the same activity itself (e.g. the item it creates has an id made from
   * `request.turn.key`) and calls `request.turn.claim()` before any other effect, so the router does not claim first.
   */
  selfDeduplicating?: boolean;
}

/** Handles the follow-up message the bot asked for (see Conversation.awaiting). */
export type AwaitingHandler = (request: MessageRequest) => Promise<void>;

/** What a card action answers the person who clicked. */
export type CardActionResult =
  /**
   * The card for the clicker. `updateMessage` also replaces the posted message for everyone: with the same card
   * (`true`) or with another one (e.g. the same state without the notice meant for the clicker).
   */
  | { kind: 'card'; card: AdaptiveCard; updateMessage?: boolean | AdaptiveCard }
  /** A short text shown to the clicker; the card stays as it is. */
  | { kind: 'message'; text: string };

export interface CardActionRoute<Schema extends z.ZodType = z.ZodType> {
  verb: string;
  /** The action's data (minus `verb`) must match this, or the action is refused with a clear message. */
  data: Schema;
  handle(scope: TurnScope, data: z.infer<Schema>): Promise<CardActionResult>;
}

/** A feature folder's routes (its index.ts); routes.ts joins them. */
export interface Feature {
  /** Tried in this order; a more specific pattern comes before a more general one. */
  commands: readonly CommandRoute[];
  // Each action has its own data schema.
  cardActions: readonly CardActionRoute<any>[];
  /** Handlers for follow-up messages this feature asks for, by kind. */
  awaiting?: Readonly<Record<string, AwaitingHandler>>;
  /** Routes for messages with a file. */
  attachments?: readonly AttachmentRoute[];
}

/** Declares a card action with its data type inferred from the schema. */
export const cardAction = <Schema extends z.ZodType>(route: CardActionRoute<Schema>): CardActionRoute<Schema> => route;

export function findCommand(routes: readonly CommandRoute[], text: string): { route: CommandRoute; match: RegExpMatchArray } | undefined {
  for (const route of routes) {
    for (const pattern of route.patterns) {
      const match = text.match(pattern);
      if (match) return { route, match };
    }
  }
  return undefined;
}

/**
 * The command a text means: as written, or after politeness and paraphrase are taken away ("kan du visa mina
 * uppgifter?" → "mina uppgifter"; see src/domain/phrasing/). `understood` says what else it was (a greeting …).
 */
export function recognise(routes: readonly CommandRoute[], text: string): {
  found?: { route: CommandRoute; match: RegExpMatchArray; text: string };
  understood?: Understood;
} {
  const direct = findCommand(routes, text);
  if (direct) return { found: { ...direct, text } };
  const understood = understand(text);
  if (understood.kind !== 'command') return { understood };
  const found = findCommand(routes, understood.text);
  return found ? { found: { ...found, text: understood.text }, understood } : { understood };
}

/** A text this long is content (e.g. pasted minutes), not a command, when the bot is waiting for content. */
const LONG_TEXT = 300;

/**
 * Longest text any command reads (an att-göra with its description is far shorter). Longer commands are refused
 * before any parser sees them, so no parser's cost depends on what a person pastes; only the minutes (their own
 * limit, MINUTES_MAX_CHARS) may be longer.
 */
export const COMMAND_MAX_CHARS = 2_000;
const LONG_TEXT_COMMANDS = new Set(['import-minutes']);

interface Step {
  name: string;
  run(): Promise<void>;
  /** The step handles a retried activity itself (CommandRoute.selfDeduplicating). */
  selfDeduplicating?: boolean;
}

/** The first step of the pipeline that takes this message. */
function stepFor(request: MessageRequest): Step {
  const { services, text, t } = request;
  for (const route of services.attachments) {
    const run = route.match(request);
    if (run) return { name: route.name, run };
  }
  if (text === '') return { name: 'empty', run: () => request.reply(t('hint.empty')) };
  const { found, understood } = recognise(services.commands, text);
  const smallTalk = understood?.kind === 'greeting' || understood?.kind === 'thanks' || understood?.kind === 'farewell';
  const awaited = awaitedHandler(request, Boolean(found) || smallTalk);
  if (awaited) {
    return {
      name: 'awaited-input',
      run: async () => {
        await services.conversations.setAwaiting(request.tenantId, request.conversationKey, undefined);
        await awaited(request);
      },
    };
  }
  if (found && text.length > COMMAND_MAX_CHARS && !LONG_TEXT_COMMANDS.has(found.route.name)) {
    return { name: 'too-long', run: () => request.reply(t('command.tooLong', { length: text.length, max: COMMAND_MAX_CHARS })) };
  }
  if (found) {
    return {
      name: found.route.name,
      run: () => found.route.handle({ ...request, text: found.text }, found.match),
      selfDeduplicating: found.route.selfDeduplicating,
    };
  }
  return { name: 'unknown', run: () => answerUnrecognised(request, understood) };
}

/**
 * The follow-up message the bot asked this person for (e.g. the minutes after "protokoll"), if it is one: any
 * text that is not a command, or a long or multi-line text even when it happens to start like one.
 */
function awaitedHandler(request: MessageRequest, looksLikeCommand: boolean): AwaitingHandler | undefined {
  const awaiting = request.conversation.awaiting;
  if (!awaiting || awaiting.by !== request.user.id || awaiting.until <= request.services.clock.now().toISOString()) return undefined;
  if (looksLikeCommand && !request.text.includes('\n') && request.text.length <= LONG_TEXT) return undefined;
  return request.services.awaiting.get(awaiting.kind);
}

/** Runs a message through the pipeline. A refusal (AppError) is answered in the conversation; anything else is thrown. */
export async function routeMessage(request: MessageRequest): Promise<void> {
  const step = stepFor(request);
  if (!step.selfDeduplicating && !(await request.turn.claim())) {
    request.services.logger.info({ command: step.name, conversationId: request.address.conversationId }, 'retried message ignored (already handled)');
    return;
  }
  try {
    await step.run();
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code === 'internal') throw error;
    request.services.logger.info({ command: step.name, code: appError.code }, 'command refused');
    await request.reply(userMessage(appError, request.locale));
  }
}

/**
 * Runs a card action: finds its route by verb, checks its data, and answers the clicker. When the result says so,
 * the message whose button was pressed is updated for everyone. Returns the refusal when there is one.
 */
export async function routeCardAction(scope: TurnScope, action: { verb: string; data?: Record<string, unknown> }): Promise<CardActionResult | AppError> {
  const { verb, data = {} } = action;
  const route = scope.services.cardActions.get(verb);
  if (!route) return new AppError('unknownAction');
  const { verb: _ignored, ...fields } = data;
  void _ignored;
  const input = route.data.safeParse(fields);
  if (!input.success) {
    scope.services.logger.info({ verb, issues: input.error.issues.length }, 'card action with invalid data');
    return new AppError('invalidInput', { reason: input.error.issues.map((i) => i.path.join('.') || i.message).join(', ') });
  }
  try {
    const result = await route.handle(scope, input.data);
    if (result.kind === 'card' && result.updateMessage && scope.replyTo) {
      await scope.update(scope.replyTo, result.updateMessage === true ? result.card : result.updateMessage);
    }
    return result;
  } catch (error) {
    const appError = toAppError(error);
    scope.services.logger[appError.code === 'internal' ? 'error' : 'info']({ verb, err: error }, 'card action failed');
    return appError;
  }
}

/** Everything a handler may use, built once by the composition root (src/app.ts). */
export interface BotServices {
  config: Config;
  clock: Clock;
  logger: Logger;
  conversations: ConversationRepository;
  proactive: ProactiveSender;
  people: PeopleDirectory;
  actionItems: ActionItemService;
  evaluations: EvaluationService;
  meetings: MeetingService;
  /** Meetings while they happen: events, live notes, the end (#17). */
  liveMeetings: LiveMeetingService;
  reminders: ReminderService;
  /** "mina data" / "radera mina data": a person's export and erasure. */
  privacy: PrivacyService;
  charts: ChartStore;
  /** The board report ("rapport"): the report for a set of conversations, and its short-lived links. */
  reports: BoardReports;
  /** Coalesced updates of round cards' progress (evaluations/round-messages.ts). */
  roundProgress: { answered(round: Round): void };
  /** The routing tables, so help and welcome cards list exactly the commands that exist. */
  commands: readonly CommandRoute[];
  cardActions: ReadonlyMap<string, CardActionRoute>;
  /** Handlers for follow-up messages the bot asked for, by kind. */
  awaiting: ReadonlyMap<string, AwaitingHandler>;
  /** Routes for messages with a file, tried before commands. */
  attachments: readonly AttachmentRoute[];
}
