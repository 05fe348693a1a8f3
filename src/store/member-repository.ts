import { createHash } from 'node:crypto';
import type { Clock } from '../domain/ports.js';
import type { PersonRef } from '../domain/people/person.js';
import { partitionKey, type BaseDocument, type Container, type DocumentStore } from './document-store.js';
import { mutateDocument as mutate } from './repository.js';

export const MEMBERS_CONTAINER = 'members';

export interface MemberDocument extends BaseDocument {
  type: 'member';
  /** Teams user id, 29:… */
  teamsId?: string;
  aadObjectId?: string;
  name: string;
  email?: string;
  updatedAt: string;
}

/** How long a remembered person is trusted before Teams is asked again. */
export const MEMBER_FRESH_MS = 7 * 24 * 3_600_000;
/** How long someone met is still matched by name where no roster is at hand (a name outlives a cached id). */
export const MEMBER_KNOWN_MS = 90 * 24 * 3_600_000;

/**
 * People the bot has met in a tenant (senders, mentioned people, roster look-ups): their Teams id, AAD object id
 * and name, stored under each id, so a mention is resolved without asking Teams every time.
 */
/** How long this process answers `find` from memory before reading the store again. */
export const MEMBER_MEMORY_MS = 5 * 60_000;
const MEMORY_MAX = 5_000;

export class MemberRepository {
  private readonly container: Container<MemberDocument>;
  /**
   * What this process read or wrote recently, by tenant + key: a mention of the same person in the next message
   * costs no store call. Names may lag another instance's update by MEMBER_MEMORY_MS; ids never change.
   */
  private readonly memory = new Map<string, { document: MemberDocument; until: number }>();

  constructor(store: DocumentStore, private readonly clock: Clock) {
    this.container = store.container<MemberDocument>(MEMBERS_CONTAINER);
  }

  private static documentId(key: string): string {
    return createHash('sha256').update(key).digest('hex').slice(0, 40);
  }

  /** The person stored under a Teams id or an AAD object id, if seen within MEMBER_FRESH_MS. */
  async find(tenantId: string, key: string): Promise<(PersonRef & { email?: string }) | undefined> {
    const now = this.clock.now().getTime();
    const memoryKey = `${tenantId}\u0000${key}`;
    const remembered = this.memory.get(memoryKey);
    const found = remembered && remembered.until > now ? remembered.document : await this.container.get(partitionKey(tenantId), MemberRepository.documentId(key));
    if (found && found !== remembered?.document) this.keep(memoryKey, found, now);
    if (!found || now - Date.parse(found.updatedAt) > MEMBER_FRESH_MS) return undefined;
    return toPerson(found);
  }

  private keep(memoryKey: string, document: MemberDocument, now: number): void {
    this.memory.delete(memoryKey);
    this.memory.set(memoryKey, { document, until: now + MEMBER_MEMORY_MS });
    if (this.memory.size > MEMORY_MAX) this.memory.delete(this.memory.keys().next().value!);
  }

  /**
   * Everyone the bot has met in the tenant (seen within MEMBER_KNOWN_MS), once each: for matching a name written in
   * minutes ("Petra") where no roster is at hand (personal chat). Bounded by `max`.
   */
  async known(tenantId: string, max = 2_000): Promise<Array<PersonRef & { email?: string }>> {
    const now = this.clock.now().getTime();
    const seen = new Set<string>();
    const people: Array<PersonRef & { email?: string }> = [];
    for (const doc of await this.container.query(partitionKey(tenantId), { limit: max * 2 })) {
      if (now - Date.parse(doc.updatedAt) > MEMBER_KNOWN_MS || !doc.name) continue;
      const key = doc.aadObjectId ?? doc.teamsId ?? doc.id;
      if (seen.has(key)) continue;
      seen.add(key);
      people.push(toPerson(doc));
    }
    return people;
  }

  /** Stores what we know under every id the person has; writes only when something changed or aged. */
  async remember(tenantId: string, person: PersonRef & { email?: string }): Promise<void> {
    const keys = [person.id, person.aadObjectId].filter((key): key is string => Boolean(key));
    const now = this.clock.now();
    await Promise.all(
      keys.map(async (key) => {
        const memoryKey = `${tenantId}\u0000${key}`;
        const remembered = this.memory.get(memoryKey);
        const { document } = await mutate(this.container, partitionKey(tenantId), MemberRepository.documentId(key), (current) => {
          const next: MemberDocument = {
            id: MemberRepository.documentId(key),
            pk: partitionKey(tenantId),
            tenantId,
            type: 'member',
            name: person.name || current?.name || '',
            updatedAt: now.toISOString(),
          };
          const teamsId = person.id ?? current?.teamsId;
          const aadObjectId = person.aadObjectId ?? current?.aadObjectId;
          const email = person.email ?? current?.email;
          if (teamsId) next.teamsId = teamsId;
          if (aadObjectId) next.aadObjectId = aadObjectId;
          if (email) next.email = email;
          const unchanged =
            current &&
            current.name === next.name &&
            current.teamsId === next.teamsId &&
            current.aadObjectId === next.aadObjectId &&
            current.email === next.email &&
            now.getTime() - Date.parse(current.updatedAt) < MEMBER_FRESH_MS / 2;
          return unchanged ? undefined : next;
        }, remembered && remembered.until > now.getTime() ? remembered.document : undefined);
        if (document) this.keep(memoryKey, document, now.getTime());
      }),
    );
  }
}

function toPerson(document: MemberDocument): PersonRef & { email?: string } {
  return {
    ...(document.teamsId ? { id: document.teamsId } : {}),
    ...(document.aadObjectId ? { aadObjectId: document.aadObjectId } : {}),
    name: document.name,
    ...(document.email ? { email: document.email } : {}),
  };
}
