import type { ConversationAddress, ConversationKind } from '../domain/conversations/conversation.js';

/** Translation of incoming Teams activities into the plain shapes the rest of the product uses. */

/** The parts of an incoming Teams activity read here (botbuilder's Activity has them all). */
export interface IncomingActivity {
  conversation?: { id: string; tenantId?: string; conversationType?: string; isGroup?: boolean; name?: string };
  channelData?: unknown;
  serviceUrl?: string;
  channelId?: string;
  recipient?: { id: string; name?: string };
  from?: { id: string; name?: string; aadObjectId?: string };
  entities?: ReadonlyArray<{ type: string }>;
  attachments?: ReadonlyArray<IncomingAttachment>;
}

/** A file or card attached to an incoming message. */
export interface IncomingAttachment {
  contentType: string;
  name?: string;
  content?: unknown;
}

interface MentionEntity {
  type: 'mention';
  mentioned?: { id?: string; name?: string };
  text?: string;
}

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
  teamsChannelId?: string;
  teamsTeamId?: string;
}

export function channelDataOf(activity: IncomingActivity): TeamsChannelData {
  return (activity.channelData ?? {}) as TeamsChannelData;
}

export function tenantIdOf(activity: IncomingActivity): string | undefined {
  return activity.conversation?.tenantId || channelDataOf(activity).tenant?.id || undefined;
}

export function conversationKindOf(activity: IncomingActivity): ConversationKind {
  const type = activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat' || activity.conversation?.isGroup) return 'groupChat';
  return 'personal';
}

/**
 * Where this activity came from, as a reusable address. For a channel it is the channel itself, whatever thread
 * the message was in (`19:…@thread.tacv2;messageid=…` → `19:…@thread.tacv2`).
 */
export function addressOf(activity: IncomingActivity, tenantId: string): ConversationAddress {
  const kind = conversationKindOf(activity);
  const channelData = channelDataOf(activity);
  const rawConversationId = activity.conversation?.id ?? '';
  const threadRoot = rawConversationId.split(';')[0] ?? rawConversationId;
  const channelId = kind === 'channel' ? channelData.channel?.id || channelData.teamsChannelId || threadRoot : undefined;
  const address: ConversationAddress = {
    tenantId,
    kind,
    conversationId: kind === 'channel' ? channelId! : rawConversationId,
    serviceUrl: activity.serviceUrl ?? '',
    channelIdName: activity.channelId ?? 'msteams',
    botId: activity.recipient?.id ?? '',
    botName: activity.recipient?.name || undefined,
  };
  const teamId = channelData.team?.id || channelData.teamsTeamId;
  if (teamId) address.teamId = teamId;
  if (channelId) address.channelId = channelId;
  // Teams sends names on some activities only (install, conversationUpdate, many channel messages).
  if (channelData.team?.name) address.teamName = channelData.team.name;
  if (kind === 'channel' && channelData.channel?.name) address.channelName = channelData.channel.name;
  if (kind === 'groupChat' && activity.conversation?.name) address.chatName = activity.conversation.name;
  if (kind === 'personal' && activity.from) {
    address.userId = activity.from.id;
    if (activity.from.aadObjectId) address.userAadObjectId = activity.from.aadObjectId;
    if (activity.from.name) address.userName = activity.from.name;
  }
  return address;
}

export interface MentionedPerson {
  /** Teams user id (29:…). */
  id: string;
  name: string;
  /** The mention markup as it stands in the text, e.g. `<at>Petra Edoff</at>`. */
  text: string;
}

/** People @mentioned in a message, without the bot itself. */
export function mentionedPeople(activity: IncomingActivity): MentionedPerson[] {
  const botId = activity.recipient?.id;
  const people: MentionedPerson[] = [];
  for (const entity of activity.entities ?? []) {
    if (entity.type !== 'mention') continue;
    const mention = entity as MentionEntity;
    const id = mention.mentioned?.id;
    if (!id || id === botId || people.some((p) => p.id === id)) continue;
    people.push({ id, name: mention.mentioned?.name ?? '', text: mention.text ?? `<at>${mention.mentioned?.name ?? ''}</at>` });
  }
  return people;
}

const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };

/**
 * White space tidied, ready for the router. Teams may send non-breaking spaces and a few HTML entities around
 * mentions; other people's mentions stay.
 */
export function normaliseText(text: string): string {
  return text
    .replace(/&(nbsp|amp|lt|gt|quot|#39|apos);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(/[\u00a0\u2007\u202f]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .trim();
}
