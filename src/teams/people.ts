import type { MentionInText } from '../domain/action-items/parse-new-item.js';
import type { PersonRef } from '../domain/people/person.js';
import type { MemberRepository } from '../store/member-repository.js';
import type { MentionedPerson } from './activity.js';

/**
 * Who people are. A mention carries only the Teams id (29:…) and display name; the AAD object id comes from the
 * roster (TeamsInfo.getMember), which is asked once and then remembered in the members container.
 */

/** A member as the Teams roster describes one. */
export interface RosterMember {
  id: string;
  aadObjectId?: string;
  name?: string;
  email?: string;
}

/**
 * The roster of one turn's conversation, as plain functions (the scope factory binds them to the turn, so this
 * file needs no bot SDK).
 */
export interface Roster {
  /** The conversation the roster belongs to (a channel thread's root), for caching. */
  conversationId: string;
  /** One page of members. */
  page(size: number, continuationToken?: string): Promise<{ members: RosterMember[]; continuationToken?: string }>;
  /** One member by Teams id or AAD object id (throws when Teams does not know them). */
  member(key: string): Promise<RosterMember>;
}

/** How long a fetched roster is reused for name matching. */
const ROSTER_TTL_MS = 5 * 60_000;
/** Largest roster read (pages of 100). */
const ROSTER_MAX = 1_000;
/** How many people of a roster are remembered in the members container. */
const ROSTER_REMEMBERED = 300;

/** The one person called `wanted` (lower case): full display name, else a unique first name. */
function byName<P extends PersonRef>(people: P[], wanted: string): P | undefined {
  const exact = people.filter((p) => p.name.toLocaleLowerCase('sv-SE') === wanted);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return undefined;
  const first = people.filter((p) => p.name.toLocaleLowerCase('sv-SE').split(/\s+/)[0] === wanted);
  return first.length === 1 ? first[0] : undefined;
}

export class PeopleDirectory {
  private readonly rosters = new Map<string, { at: number; people: PersonRef[] }>();

  constructor(private readonly members: MemberRepository) {}

  /**
   * A Teams member whose display name is `name` ("Petra Edoff"), or whose first name is `name` when exactly
   * one member has it ("Petra"). Asks the conversation's roster (the team's members in a channel); when that does
   * not know the name — in personal chat the roster is just the two of you — the people the bot already knows in
   * the tenant (senders, mentioned people, rosters read before), with the same rules.
   */
  async findByName(roster: Roster, tenantId: string, name: string): Promise<PersonRef | undefined> {
    const wanted = name.trim().toLocaleLowerCase('sv-SE');
    if (!wanted) return undefined;
    const fromRoster = byName(await this.roster(roster, tenantId), wanted);
    if (fromRoster) return fromRoster;
    const known = (await this.members.known(tenantId)).filter((p): p is PersonRef & { id: string } => Boolean(p.id));
    return byName(known, wanted);
  }

  private async roster(roster: Roster, tenantId: string): Promise<PersonRef[]> {
    const key = `${tenantId}|${roster.conversationId}`;
    const cached = this.rosters.get(key);
    if (cached && Date.now() - cached.at < ROSTER_TTL_MS) return cached.people;
    const people: PersonRef[] = [];
    try {
      let token: string | undefined;
      do {
        const page = await roster.page(100, token);
        for (const m of page.members) people.push({ id: m.id, ...(m.aadObjectId ? { aadObjectId: m.aadObjectId } : {}), name: m.name ?? '' });
        token = page.continuationToken;
      } while (token && people.length < ROSTER_MAX);
      // Remembered, so a name is found later where no roster is at hand (personal chat). Writes only what changed.
      await Promise.all(people.slice(0, ROSTER_REMEMBERED).filter((p) => p.name && p.aadObjectId).map((p) => this.members.remember(tenantId, p)));
    } catch {
      // Personal chats and some tenants refuse roster reads: match nobody rather than fail the turn.
    }
    this.rosters.set(key, { at: Date.now(), people });
    return people;
  }

  /** Remembers the sender of an activity (cheap: writes only when something changed). */
  async rememberSender(tenantId: string, sender: PersonRef): Promise<void> {
    if (sender.id && sender.name) await this.members.remember(tenantId, sender);
  }

  /** A person by Teams id or AAD object id: from memory, else from the conversation's roster. */
  async resolve(roster: Roster, tenantId: string, key: string, fallbackName = ''): Promise<PersonRef | undefined> {
    const known = await this.members.find(tenantId, key);
    if (known?.aadObjectId && known.id) return { id: known.id, aadObjectId: known.aadObjectId, name: known.name || fallbackName };
    try {
      const member = await roster.member(key);
      const person: PersonRef & { email?: string } = {
        id: member.id,
        ...(member.aadObjectId ? { aadObjectId: member.aadObjectId } : {}),
        name: member.name || fallbackName,
        ...(member.email ? { email: member.email } : {}),
      };
      await this.members.remember(tenantId, person);
      return person;
    } catch {
      return known ?? undefined;
    }
  }

  /** Mentioned people with their AAD ids where the roster knows them (else the Teams id and name as sent). */
  async resolveMentions(roster: Roster, tenantId: string, mentions: MentionedPerson[]): Promise<MentionInText[]> {
    return Promise.all(
      mentions.map(async (mention) => {
        const person = (await this.resolve(roster, tenantId, mention.id, mention.name)) ?? { id: mention.id, name: mention.name };
        return { markup: mention.text, person: { ...person, name: person.name || mention.name } };
      }),
    );
  }
}
