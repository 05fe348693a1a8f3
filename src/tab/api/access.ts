import type { Conversation } from '../../domain/conversations/conversation.js';
import type { ConversationRepository } from '../../store/conversation-repository.js';
import type { TabIdentity } from './auth.js';
import { TabHttpError } from './http-error.js';

/**
 * Who may see what in the tab: only the caller's tenant (from the validated token), and in it only the
 * conversations they belong to. A personal chat belongs to its user; for channels and group chats Teams'
 * roster is asked (ConversationMembership, implemented in src/teams/ with the bot's credentials).
 */

export interface ConversationMembership {
  /** Whether the person (Entra object id) is a member of the channel's team or of the group chat. */
  isMember(conversation: Conversation, aadObjectId: string): Promise<boolean>;
}

export class TabAccess {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly membership: ConversationMembership,
  ) {}

  /** The caller's conversations with the bot, most recently active first. */
  async visibleConversations(user: TabIdentity): Promise<Conversation[]> {
    const active = await this.conversations.listActive(user.tenantId);
    const checked = await Promise.all(active.map(async (conversation) => ((await this.mayRead(user, conversation)) ? conversation : undefined)));
    return checked
      .filter((c): c is NonNullable<typeof c> => c !== undefined)
      .sort((a, b) => b.lastActivityAt.localeCompare(a.lastActivityAt));
  }

  /**
   * The conversations a request is about: the one named (403 unless the caller belongs to it — also when it does
   * not exist or is another tenant's, so nothing is revealed), or all the caller's.
   */
  async scope(user: TabIdentity, key: string | undefined): Promise<Conversation[]> {
    if (key === undefined || key === '') return this.visibleConversations(user);
    return [await this.require(user, key)];
  }

  async require(user: TabIdentity, key: string): Promise<Conversation> {
    const conversation = await this.conversations.get(user.tenantId, key);
    if (!conversation || !conversation.active || !(await this.mayRead(user, conversation))) {
      throw new TabHttpError(403, 'forbidden', 'tabApi.error.notYourConversation');
    }
    return conversation;
  }

  private async mayRead(user: TabIdentity, conversation: Conversation): Promise<boolean> {
    if (conversation.tenantId !== user.tenantId) return false;
    // Local mode: the dev identity stands for whoever runs the bot on their machine.
    if (user.dev) return true;
    if (conversation.kind === 'personal') return conversation.userAadObjectId === user.aadObjectId;
    return this.membership.isMember(conversation, user.aadObjectId);
  }
}
