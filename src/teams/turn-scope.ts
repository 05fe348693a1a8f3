import { ActivityTypes, TeamsInfo, type TurnContext } from 'botbuilder';
import type { PersonRef } from '../domain/people/person.js';
import { cardAttachment, type AdaptiveCard } from './cards.js';
import type { PeopleDirectory, Roster } from './people.js';
import type { PostedCard, TurnScope } from './router.js';

/**
 * The scope factory's botbuilder half: the plain functions handlers answer with, bound to one TurnContext.
 * This and bot.ts are where a move to the Microsoft 365 Agents SDK changes how a turn talks back.
 */
export type TurnIO = Pick<TurnScope, 'sender' | 'reply' | 'post' | 'update' | 'replyTo' | 'people'>;

export function turnIO(context: TurnContext, tenantId: string, people: PeopleDirectory): TurnIO {
  const from = context.activity.from;
  const roster = rosterOf(context);
  const sender: PersonRef = { id: from?.id ?? '', ...(from?.aadObjectId ? { aadObjectId: from.aadObjectId } : {}), name: from?.name ?? '' };
  const post = async (card: AdaptiveCard): Promise<PostedCard | undefined> => {
    const sent = await context.sendActivity({ attachments: [cardAttachment(card)] });
    return sent?.id ? { conversationId: context.activity.conversation.id, activityId: sent.id } : undefined;
  };
  return {
    sender,
    async reply(message) {
      if (typeof message === 'string') await context.sendActivity(message);
      else await post(message);
    },
    post,
    async update(posted, card) {
      await context.updateActivity({ id: posted.activityId, type: ActivityTypes.Message, conversation: { id: posted.conversationId } as never, attachments: [cardAttachment(card)] });
    },
    ...(context.activity.replyToId ? { replyTo: { conversationId: context.activity.conversation.id, activityId: context.activity.replyToId } } : {}),
    people: {
      resolveMentions: (mentions) => people.resolveMentions(roster, tenantId, mentions),
      findByName: (name) => people.findByName(roster, tenantId, name),
      resolve: (key, fallbackName) => people.resolve(roster, tenantId, key, fallbackName),
    },
  };
}

/** The turn's conversation roster, asked through TeamsInfo (a channel's roster is its team's members). */
export function rosterOf(context: TurnContext): Roster {
  return {
    conversationId: context.activity.conversation.id.split(';')[0]!,
    page: (size, continuationToken) => TeamsInfo.getPagedMembers(context, size, continuationToken),
    member: (key) => TeamsInfo.getMember(context, key),
  };
}
