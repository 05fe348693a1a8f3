import { createHash } from 'node:crypto';
import type { Clock } from '../domain/ports.js';
import type { PersonRef } from '../domain/people/person.js';
import { partitionKey, type BaseDocument, type Container, type DocumentStore } from './document-store.js';
import { mutate } from './mutate.js';

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
export class MemberRepository {
  private readonly container: Container<MemberDocument>;

  constructor(store: DocumentStore, private readonly clock: Clock) {
    this.container = store.container<MemberDocument>(MEMBERS_CONTAINER);
  }

  private static documentId(key: string): string {
    return createHash('sha256').update(key).digest('hex').slice(0, 40);
  }

  /** The person stored under a Teams id or an AAD object id, if seen within MEMBER_FRESH_MS. */
  async find(tenantId: string, key: string): Promise<(PersonRef & { email?: string }) | undefined> {
    const found = await this.container.get(partitionKey(tenantId), MemberRepository.documentId(key));
    if (!found || this.clock.now().getTime() - Date.parse(found.updatedAt) > MEMBER_FRESH_MS) return undefined;
    return toPerson(found);
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
      keys.map((key) =>
        mutate(this.container, partitionKey(tenantId), MemberRepository.documentId(key), (current) => {
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
        }),
      ),
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
