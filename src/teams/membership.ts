import type { Conversation } from '../domain/conversations/conversation.js';
import type { Logger } from '../logger.js';
import type { ConversationMembership } from '../tab/api/access.js';
import type { BotConnectorTransport } from './proactive.js';

/** How long an answer from the roster is trusted: members rarely change, and a removed member loses access soon. */
const MEMBER_TTL_MS = 10 * 60_000;
const NOT_MEMBER_TTL_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Conversation membership as Teams knows it: `GET /v3/conversations/{id}/members/{aadObjectId}` with the bot's
 * credentials (a channel's conversation is its team's roster). Answers are cached briefly per process; when
 * Teams cannot be asked the answer is "no" (the tab shows less rather than too much).
 */
export class RosterMembership implements ConversationMembership {
  private readonly cache = new Map<string, { member: boolean; until: number }>();

  constructor(
    private readonly connector: Pick<BotConnectorTransport, 'member'>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async isMember(conversation: Conversation, aadObjectId: string): Promise<boolean> {
    const key = `${conversation.tenantId}|${conversation.key}|${aadObjectId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return cached.member;
    let member = false;
    try {
      const found = await this.connector.member(conversation, aadObjectId);
      member = found !== undefined && (found.aadObjectId === undefined || found.aadObjectId === aadObjectId);
    } catch (error) {
      this.logger.warn({ err: error, conversation: conversation.key }, 'could not ask Teams whether a user is a member');
      return false;
    }
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(key, { member, until: this.now() + (member ? MEMBER_TTL_MS : NOT_MEMBER_TTL_MS) });
    return member;
  }
}
