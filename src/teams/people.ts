import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { MentionInText } from '../domain/action-items/parse-new-item.js';
import type { PersonRef } from '../domain/people/person.js';
import type { MemberRepository } from '../store/member-repository.js';
import type { MentionedPerson } from './activity.js';

/**
 * Who people are. A mention carries only the Teams id (29:…) and display name; the AAD object id comes from the
 * roster (TeamsInfo.getMember), which is asked once and then remembered in the members container.
 */

export function senderOf(context: TurnContext): PersonRef {
  const from = context.activity.from;
  return { id: from.id, ...(from.aadObjectId ? { aadObjectId: from.aadObjectId } : {}), name: from.name ?? '' };
}

export class PeopleDirectory {
  constructor(private readonly members: MemberRepository) {}

  /** Remembers the sender of an activity (cheap: writes only when something changed). */
  async rememberSender(tenantId: string, context: TurnContext): Promise<void> {
    const sender = senderOf(context);
    if (sender.id && sender.name) await this.members.remember(tenantId, sender);
  }

  /** A person by Teams id or AAD object id: from memory, else from the conversation's roster. */
  async resolve(context: TurnContext, tenantId: string, key: string, fallbackName = ''): Promise<PersonRef | undefined> {
    const known = await this.members.find(tenantId, key);
    if (known?.aadObjectId && known.id) return { id: known.id, aadObjectId: known.aadObjectId, name: known.name || fallbackName };
    try {
      const member = await TeamsInfo.getMember(context, key);
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
  async resolveMentions(context: TurnContext, tenantId: string, mentions: MentionedPerson[]): Promise<MentionInText[]> {
    return Promise.all(
      mentions.map(async (mention) => {
        const person = (await this.resolve(context, tenantId, mention.id, mention.name)) ?? { id: mention.id, name: mention.name };
        return { markup: mention.text, person: { ...person, name: person.name || mention.name } };
      }),
    );
  }
}
