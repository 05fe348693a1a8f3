import type { Conversation } from '../../domain/conversations/conversation.js';
import type { Translate } from '../../i18n/index.js';

/** "Core Team Äldre › Allmänt", a group chat's name, or the personal chat: how the report's cover names its source. */
export function conversationTitleOf(conversation: Pick<Conversation, 'kind' | 'teamName' | 'channelName' | 'chatName'>, t: Translate): string {
  switch (conversation.kind) {
    case 'channel':
      if (conversation.teamName && conversation.channelName) return t('tabApi.conversation.channel', { team: conversation.teamName, channel: conversation.channelName });
      return conversation.teamName ?? conversation.channelName ?? t('tabApi.conversation.unnamedChannel');
    case 'groupChat':
      return conversation.chatName || t('tabApi.conversation.unnamedGroupChat');
    case 'personal':
      return t('tabApi.conversation.personal');
  }
}
