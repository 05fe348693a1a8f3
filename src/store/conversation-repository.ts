import { createHash } from 'node:crypto';
import type { Locale } from '../i18n/index.js';
import { conversationKey, type Conversation, type ConversationAddress } from '../domain/conversations/conversation.js';
import type { Clock } from '../domain/ports.js';
import { partitionKey, type BaseDocument, type Container, type DocumentStore, type Stored } from './document-store.js';
import { mutateDocument as mutate } from './repository.js';

export const CONVERSATIONS_CONTAINER = 'conversations';

export type ConversationDocument = BaseDocument & Conversation & { type: 'conversation' };

/** How long an unchanged reference is not rewritten on every message (its lastActivityAt is that coarse). */
const TOUCH_INTERVAL_MS = 10 * 60_000;

/**
 * Stored conversation references, partitioned by tenant: a point read per turn, one small partition per tenant
 * for listing. Ids are a hash of the conversation key, since Teams ids contain characters Cosmos ids may not.
 */
export class ConversationRepository {
  private readonly container: Container<ConversationDocument>;

  constructor(store: DocumentStore, private readonly clock: Clock) {
    this.container = store.container<ConversationDocument>(CONVERSATIONS_CONTAINER);
  }

  static documentId(key: string): string {
    return createHash('sha256').update(key).digest('hex').slice(0, 40);
  }

  async get(tenantId: string, key: string): Promise<Stored<ConversationDocument> | undefined> {
    return this.container.get(partitionKey(tenantId), ConversationRepository.documentId(key));
  }

  async listActive(tenantId: string): Promise<Array<Stored<ConversationDocument>>> {
    return this.container.query(partitionKey(tenantId), {
      where: [{ field: 'active', op: '=', value: true }],
      orderBy: [{ field: 'key' }],
    });
  }

  /** The person's active personal chat with the bot, if they have one (reminders go there first). */
  async personalFor(tenantId: string, person: { id?: string; aadObjectId?: string }): Promise<Stored<ConversationDocument> | undefined> {
    const tries = [
      person.aadObjectId ? { field: 'userAadObjectId', value: person.aadObjectId } : undefined,
      person.id ? { field: 'userId', value: person.id } : undefined,
    ].filter((t): t is { field: string; value: string } => Boolean(t));
    for (const { field, value } of tries) {
      const [found] = await this.container.query(partitionKey(tenantId), {
        where: [
          { field: 'kind', op: '=', value: 'personal' },
          { field: 'active', op: '=', value: true },
          { field, op: '=', value },
        ],
        limit: 1,
      });
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Called on every incoming activity: stores the reference, or refreshes it when anything changed (service URL,
   * names, reactivation after a reinstall). An unchanged reference is rewritten at most every few minutes, so a
   * busy channel costs a point read per message, not a write.
   */
  async touch(address: ConversationAddress): Promise<Stored<ConversationDocument>> {
    const key = conversationKey(address);
    const nowDate = this.clock.now();
    const now = nowDate.toISOString();
    const { document } = await mutate(this.container, partitionKey(address.tenantId), ConversationRepository.documentId(key), (current) => {
      const fresh =
        current?.active &&
        sameAddress(current, address) &&
        nowDate.getTime() - Date.parse(current.lastActivityAt) < TOUCH_INTERVAL_MS;
      if (fresh) return undefined;
      const base = this.baseDocument(address, key, current, now);
      return { ...base, active: true, inactiveReason: undefined, lastActivityAt: now };
    });
    return document!;
  }

  /**
   * Records an installation. Resolves `firstWelcome: true` for exactly one caller per installation, even when
   * Teams sends installationUpdate and conversationUpdate for the same install at the same moment.
   */
  async markInstalled(address: ConversationAddress): Promise<{ conversation: Stored<ConversationDocument>; firstWelcome: boolean }> {
    const key = conversationKey(address);
    const now = this.clock.now().toISOString();
    let firstWelcome = false;
    const { document } = await mutate(this.container, partitionKey(address.tenantId), ConversationRepository.documentId(key), (current) => {
      firstWelcome = false;
      if (current?.active && current.welcomedAt) return undefined;
      firstWelcome = true;
      const base = this.baseDocument(address, key, current, now);
      return { ...base, active: true, inactiveReason: undefined, installedAt: now, welcomedAt: now, lastActivityAt: now };
    });
    return { conversation: document!, firstWelcome };
  }

  /** The bot was removed, or Teams refused a message (403): stop sending there, and remember why. */
  async markInactive(tenantId: string, key: string, reason: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await mutate(this.container, partitionKey(tenantId), ConversationRepository.documentId(key), (current) =>
      current && current.active ? { ...current, active: false, inactiveReason: reason, welcomedAt: undefined, updatedAt: now } : undefined,
    );
  }

  /**
   * Marks the conversation as one where live meetings happen (once; later calls write nothing). Written before the
   * live meeting itself, so a message that finds a live meeting was let through by this mark.
   */
  async markLiveMeetings(tenantId: string, key: string): Promise<void> {
    const now = this.clock.now().toISOString();
    await mutate(this.container, partitionKey(tenantId), ConversationRepository.documentId(key), (current) => {
      if (!current || current.liveMeetingsSince) return undefined;
      return { ...current, liveMeetingsSince: now, updatedAt: now };
    });
  }

  /** Remembers (or, with undefined, forgets) that the bot waits for a follow-up message here. */
  async setAwaiting(tenantId: string, key: string, awaiting: Conversation['awaiting'] | undefined): Promise<void> {
    const now = this.clock.now().toISOString();
    await mutate(this.container, partitionKey(tenantId), ConversationRepository.documentId(key), (current) => {
      if (!current) return undefined;
      const next = { ...current, updatedAt: now };
      if (awaiting) next.awaiting = awaiting;
      else if (current.awaiting) delete next.awaiting;
      else return undefined;
      return next;
    });
  }

  async setLocale(tenantId: string, key: string, locale: Locale): Promise<void> {
    const now = this.clock.now().toISOString();
    await mutate(this.container, partitionKey(tenantId), ConversationRepository.documentId(key), (current) =>
      current ? { ...current, locale, updatedAt: now } : undefined,
    );
  }

  private baseDocument(
    address: ConversationAddress,
    key: string,
    current: Stored<ConversationDocument> | undefined,
    now: string,
  ): ConversationDocument {
    return {
      ...(current ?? {}),
      ...address,
      id: ConversationRepository.documentId(key),
      pk: partitionKey(address.tenantId),
      type: 'conversation',
      key,
      active: current?.active ?? true,
      lastActivityAt: current?.lastActivityAt ?? now,
      updatedAt: now,
    } as ConversationDocument;
  }
}

const ADDRESS_FIELDS = [
  'tenantId', 'kind', 'conversationId', 'teamId', 'channelId', 'serviceUrl', 'channelIdName', 'botId', 'botName',
  'userId', 'userAadObjectId', 'userName',
] as const satisfies ReadonlyArray<keyof ConversationAddress>;
const NAME_FIELDS = ['teamName', 'channelName', 'chatName'] as const satisfies ReadonlyArray<keyof ConversationAddress>;

function sameAddress(stored: ConversationAddress, incoming: ConversationAddress): boolean {
  return (
    ADDRESS_FIELDS.every((field) => (stored[field] ?? undefined) === (incoming[field] ?? undefined)) &&
    // Names come with some activities only: a message without them changes nothing, a new name does.
    NAME_FIELDS.every((field) => incoming[field] === undefined || incoming[field] === stored[field])
  );
}
