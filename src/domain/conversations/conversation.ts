import type { Locale } from '../../i18n/index.js';

/**
 * Where the bot is installed and how to reach it again: one record per channel, group chat or personal chat.
 * Channel threads belong to their channel, so a channel's record is keyed by the channel, not the thread.
 */
export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export interface ConversationAddress {
  tenantId: string;
  kind: ConversationKind;
  /** The id used to post a new message: the channel id for channels (not a thread), else the conversation id. */
  conversationId: string;
  teamId?: string;
  channelId?: string;
  serviceUrl: string;
  channelIdName: string; // the Bot Framework channel, "msteams"
  botId: string;
  botName?: string;
  /** For personal chats: the user the chat is with (Teams 29: id and, when known, the AAD object id). */
  userId?: string;
  userAadObjectId?: string;
  userName?: string;
  /** Names for people (the tab's conversation picker), when Teams sent them: team, channel, group chat. */
  teamName?: string;
  channelName?: string;
  chatName?: string;
}

export interface Conversation extends ConversationAddress {
  /** Stable key of this conversation within the tenant (see conversationKey). */
  key: string;
  /** Language chosen for this conversation with "språk …"; absent = default rules. */
  locale?: Locale;
  active: boolean;
  inactiveReason?: string;
  /** The bot waits for a follow-up message from this person (e.g. pasted minutes after "protokoll"). */
  awaiting?: { kind: string; by: string; until: string };
  installedAt?: string;
  welcomedAt?: string;
  /**
   * When a live meeting was first started here (a meetingStart event). Until then no message needs to look for a
   * live meeting, so "att-göra" in an ordinary channel or chat skips that read.
   */
  liveMeetingsSince?: string;
  lastActivityAt: string;
  updatedAt: string;
}

/** The key a conversation is stored under: channels by channel id, chats by conversation id. */
export function conversationKey(address: Pick<ConversationAddress, 'kind' | 'conversationId' | 'channelId'>): string {
  return address.kind === 'channel' ? `channel:${address.channelId ?? address.conversationId}` : `chat:${address.conversationId}`;
}

/**
 * The language the bot speaks in a conversation. Shared conversations (channels, group chats) are read by
 * everyone, so they use the conversation's setting or the product default; a personal chat follows the user's
 * Teams locale unless the user chose a language there.
 */
export function conversationLocale(
  conversation: Pick<Conversation, 'kind' | 'locale'> | undefined,
  kind: ConversationKind,
  activityLocale: Locale | undefined,
  defaultLocale: Locale,
): Locale {
  if (conversation?.locale) return conversation.locale;
  if (kind === 'personal') return activityLocale ?? defaultLocale;
  return defaultLocale;
}
