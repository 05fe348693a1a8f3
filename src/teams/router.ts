import type { z } from 'zod';
import type { ConversationAddress } from '../domain/conversations/conversation.js';
import type { MentionInText } from '../domain/action-items/parse-new-item.js';
import type { PersonRef } from '../domain/people/person.js';
import type { Locale, MessageKey, Translate } from '../i18n/index.js';
import type { Stored } from '../store/document-store.js';
import type { ConversationDocument } from '../store/conversation-repository.js';
import type { MentionedPerson } from './activity.js';
import type { AdaptiveCard } from './cards.js';
import type { BotServices } from './services.js';

/**
 * Routing: an ordered list of command routes (matched on the text after the bot mention) and a table of card
 * action routes (matched on the Action.Execute verb). Each route lives in its feature's folder (action-items/,
 * evaluations/, …), declares its trigger as data and is listed in the feature's index.ts; this file only defines
 * their shapes.
 */

/** A message the bot posted in this turn's conversation, to update later. */
export interface PostedCard {
  conversationId: string;
  activityId: string;
}

/** The people questions a handler may ask (roster and member memory), bound to this turn's conversation. */
export interface TurnPeople {
  /** Mentioned people with their AAD ids where the roster knows them (else the Teams id and name as sent). */
  resolveMentions(mentions: MentionedPerson[]): Promise<MentionInText[]>;
  /** A member whose display name, or unique first name, is `name`. */
  findByName(name: string): Promise<PersonRef | undefined>;
  /** A person by Teams id or AAD object id. */
  resolve(key: string, fallbackName?: string): Promise<PersonRef | undefined>;
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
  /** The message this activity answers (in a card action: the message whose button was pressed), if any. */
  replyTo?: PostedCard;
  people: TurnPeople;
  services: BotServices;
  tenantId: string;
  address: ConversationAddress;
  conversationKey: string;
  conversation: Stored<ConversationDocument>;
  locale: Locale;
  t: Translate;
  user: { id: string; aadObjectId?: string; name: string };
}

export interface MessageRequest extends TurnScope {
  /** The text after the bot mention, tidied. Other people's mentions stay as `<at>Name</at>`. */
  text: string;
  mentions: MentionedPerson[];
}

export type HelpGroup = 'general' | 'actionItems' | 'evaluations' | 'meetings' | 'reminders' | 'settings';

export interface CommandRoute {
  name: string;
  /** Tried in order against the whole command text; the first match wins. Use named groups for arguments. */
  patterns: RegExp[];
  /** How the command is shown on the help and welcome cards. Omit for commands that are not advertised. */
  help?: { group: HelpGroup; usage: MessageKey; description: MessageKey; order: number; onWelcome?: boolean };
  handle(request: MessageRequest, match: RegExpMatchArray): Promise<void>;
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
