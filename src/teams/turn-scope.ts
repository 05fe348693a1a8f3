import { ActivityTypes, TeamsInfo, type TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { PersonRef } from '../domain/people/person.js';
import { cardAttachment, type AdaptiveCard } from './cards.js';
import type { PeopleDirectory, Roster } from './people.js';
import type { MeetingPort, PostedCard, RosterPerson, TurnScope } from './router.js';

/**
 * The scope factory's botbuilder half: the plain functions handlers answer with, bound to one TurnContext.
 * This and bot.ts are where a move to the Microsoft 365 Agents SDK changes how a turn talks back.
 */
export type TurnIO = Pick<TurnScope, 'sender' | 'reply' | 'post' | 'update' | 'postInThread' | 'replyTo' | 'people' | 'meeting'>;

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
    async postInThread(rootMessageId, card) {
      // A channel thread is `<channel>;messageid=<root>`; a chat has no threads, the chat itself is the place.
      const conversation = context.activity.conversation;
      const channelRoot = (conversation.id ?? '').split(';')[0]!;
      const target = conversation.conversationType === 'channel' ? `${channelRoot};messageid=${rootMessageId}` : conversation.id;
      if (target === conversation.id) return post(card);
      const connector = context.turnState.get(context.adapter.ConnectorClientKey) as ConnectorClient;
      const sent = await connector.conversations.sendToConversation(target, {
        type: ActivityTypes.Message,
        from: context.activity.recipient,
        conversation: { ...conversation, id: target },
        attachments: [cardAttachment(card)],
      } as never);
      return sent?.id ? { conversationId: target, activityId: sent.id } : undefined;
    },
    meeting: meetingPort(context),
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

/**
 * Teams' meeting APIs for this turn: the meeting id Teams puts on activities from a meeting
 * (`channelData.meeting.id`), its details (GET /v1/meetings/{meetingId}, `TeamsInfo.getMeetingInfo`; shape per
 * https://learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis#get-meeting-details-api:
 * `details.{id, msGraphResourceId, scheduledStartTime, scheduledEndTime, joinUrl, title, type}`, needs the RSC
 * permission OnlineMeeting.ReadBasic.Chat / ChannelMeeting.ReadBasic.Group), and the conversation's roster with
 * e-mail addresses (GET /v3/conversations/{id}/pagedmembers, `TeamsInfo.getPagedMembers`).
 */
function meetingPort(context: TurnContext): MeetingPort {
  const channelData = (context.activity.channelData ?? {}) as { meeting?: { id?: string } };
  const meetingId = channelData.meeting?.id || undefined;
  return {
    ...(meetingId ? { meetingId } : {}),
    async details(id = meetingId) {
      if (!id) return undefined;
      const info = await TeamsInfo.getMeetingInfo(context, id);
      const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : typeof value === 'string' && value ? value : undefined);
      const details = info?.details;
      if (!details) return undefined;
      const start = iso(details.scheduledStartTime);
      const end = iso(details.scheduledEndTime);
      return { teamsMeetingId: id, ...(details.title ? { title: details.title } : {}), ...(start ? { start } : {}), ...(end ? { end } : {}) };
    },
    async roster() {
      const people: RosterPerson[] = [];
      let continuationToken: string | undefined;
      for (let page = 0; page < 20; page++) {
        const result = await TeamsInfo.getPagedMembers(context, 100, continuationToken);
        for (const member of result.members ?? []) {
          people.push({
            id: member.id,
            name: member.name ?? '',
            ...(member.aadObjectId ? { aadObjectId: member.aadObjectId } : {}),
            ...(member.email || member.userPrincipalName ? { email: member.email || member.userPrincipalName } : {}),
          });
        }
        continuationToken = result.continuationToken || undefined;
        if (!continuationToken) break;
      }
      return people;
    },
  };
}
