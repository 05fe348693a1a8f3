import { randomUUID } from 'node:crypto';

/**
 * Builders for the activities Teams sends, shaped like the real ones (ids, channelData, mention entities).
 * The people are the SHK Core Team from the seed minutes.
 */

export const TENANT = '72f988bf-0000-4000-8000-000000000001';
export const OTHER_TENANT = '72f988bf-0000-4000-8000-000000000002';
export const BOT = { id: '28:shk-bot-app-id', name: 'SHK-boten' };

export const PEOPLE = {
  petra: { id: '29:petra-edoff', name: 'Petra Edoff', aadObjectId: '00000000-0000-4000-8000-00000000a001' },
  christine: { id: '29:christine-waneskog', name: 'Christine Wäneskog', aadObjectId: '00000000-0000-4000-8000-00000000a002' },
  johan: { id: '29:johan-lindstrom', name: 'Johan Lindström', aadObjectId: '00000000-0000-4000-8000-00000000a003' },
  anne: { id: '29:anne-almqvist', name: 'Anne Almqvist', aadObjectId: '00000000-0000-4000-8000-00000000a004' },
  marianne: { id: '29:marianne-kiiskila', name: 'Marianne Kiiskilä', aadObjectId: '00000000-0000-4000-8000-00000000a005' },
} as const;

export type Person = (typeof PEOPLE)[keyof typeof PEOPLE] | { id: string; name: string; aadObjectId?: string };

export const TEAM_ID = '19:core-team-aldre@thread.tacv2';
export const CHANNEL_ID = '19:core-team-aldre@thread.tacv2';

export interface Where {
  conversation: Record<string, unknown>;
  channelData: Record<string, unknown>;
}

export const where = {
  personal(person: Person = PEOPLE.petra, tenantId = TENANT): Where {
    return {
      conversation: { id: `a:personal-${person.id}`, conversationType: 'personal', tenantId },
      channelData: { tenant: { id: tenantId } },
    };
  },
  channel(threadId?: string, tenantId = TENANT, channelId = CHANNEL_ID): Where {
    return {
      conversation: {
        id: threadId ? `${channelId};messageid=${threadId}` : channelId,
        conversationType: 'channel',
        isGroup: true,
        tenantId,
      },
      channelData: {
        tenant: { id: tenantId },
        team: { id: TEAM_ID, name: 'Core Team Äldre' },
        channel: { id: channelId, name: 'Allmänt' },
        teamsTeamId: TEAM_ID,
        teamsChannelId: channelId,
      },
    };
  },
  /**
   * A Teams meeting's chat: a group chat `19:meeting_…@thread.v2` whose activities carry `channelData.meeting.id`
   * (the BASE64 meeting id the meeting APIs take).
   */
  meetingChat(chatId = '19:meeting_Y29yZS10ZWFtLW1hcnM@thread.v2', meetingId = 'MCMxOTptZWV0aW5nX1kyOXlaUzEwWldGdExXMWhjbk1AdGhyZWFkLnYyIzA=', tenantId = TENANT): Where {
    return {
      conversation: { id: chatId, conversationType: 'groupChat', isGroup: true, tenantId },
      channelData: { tenant: { id: tenantId }, meeting: { id: meetingId } },
    };
  },
  groupChat(tenantId = TENANT): Where {
    return {
      conversation: { id: '19:group-chat-ct@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId },
      channelData: { tenant: { id: tenantId } },
    };
  },
};

interface Common {
  serviceUrl: string;
  from?: Person;
  at?: Where;
  locale?: string;
}

function base(type: string, options: Common): Record<string, any> {
  const at = options.at ?? where.personal(options.from);
  return {
    type,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    from: options.from ?? PEOPLE.petra,
    recipient: BOT,
    conversation: at.conversation,
    channelData: at.channelData,
    locale: options.locale ?? 'sv-SE',
  };
}

/** A message as Teams delivers it. `mention` adds the bot mention in front, like a channel post. */
export function message(text: string, options: Common & { mentionBot?: boolean; mentions?: Person[] }): Record<string, any> {
  const activity = base('message', options);
  const entities: any[] = [];
  let fullText = text;
  if (options.mentionBot) {
    fullText = `<at>${BOT.name}</at> ${text}`;
    entities.push({ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT });
  }
  for (const person of options.mentions ?? []) {
    entities.push({ type: 'mention', text: `<at>${person.name}</at>`, mentioned: { id: person.id, name: person.name } });
  }
  return { ...activity, text: fullText, textFormat: 'plain', entities };
}

/** The bot installed in a team, chat or personal scope (Teams sends this and a conversationUpdate). */
export function installed(options: Common): Record<string, any> {
  return { ...base('installationUpdate', options), action: 'add' };
}

export function uninstalled(options: Common): Record<string, any> {
  return { ...base('installationUpdate', options), action: 'remove' };
}

export function botAddedToConversation(options: Common): Record<string, any> {
  return { ...base('conversationUpdate', options), membersAdded: [BOT], channelData: { ...(options.at ?? where.personal(options.from)).channelData, eventType: 'teamMemberAdded' } };
}

/** A click on an Action.Execute button of a card the bot posted as `replyToId`. */
export function cardAction(verb: string, data: Record<string, unknown>, options: Common & { replyToId?: string }): Record<string, any> {
  return {
    ...base('invoke', options),
    name: 'adaptiveCard/action',
    replyToId: options.replyToId ?? 'activity-1',
    value: { action: { type: 'Action.Execute', verb, data: { ...data } }, trigger: 'manual' },
  };
}

/**
 * Teams' meeting start/end event, as in "Receive real-time Teams meeting events"
 * (learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis): type `event`, name
 * `application/vnd.microsoft.meetingStart|End`, value `{ MeetingType, Title, Id, JoinUrl, StartTime|EndTime }`.
 */
export function meetingEvent(kind: 'start' | 'end', value: { title?: string; time: string }, options: Common): Record<string, any> {
  const at = options.at ?? where.meetingChat();
  const meetingId = (at.channelData as { meeting?: { id?: string } }).meeting?.id ?? '';
  return {
    ...base('event', { ...options, at }),
    name: kind === 'start' ? 'application/vnd.microsoft.meetingStart' : 'application/vnd.microsoft.meetingEnd',
    from: { id: options.from?.id ?? PEOPLE.johan.id, aadObjectId: options.from?.aadObjectId ?? PEOPLE.johan.aadObjectId, name: '' },
    value: {
      MeetingType: 'Scheduled',
      Title: value.title ?? 'Core Team möte',
      Id: meetingId,
      JoinUrl: `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(String(at.conversation.id))}/0`,
      [kind === 'start' ? 'StartTime' : 'EndTime']: value.time,
    },
  };
}

/** A message in the shape of a message action's `messagePayload` (Graph chatMessage, HTML body). */
export function messagePayload(text: string, options: { id?: string; replyToId?: string | null; author?: Person; conversationId?: string } = {}): Record<string, any> {
  const author = options.author ?? PEOPLE.christine;
  const id = options.id ?? '1709200000000';
  return {
    id,
    replyToId: options.replyToId ?? null,
    createdDateTime: '2024-02-29T10:00:00.000Z',
    deleted: false,
    importance: 'normal',
    locale: 'sv-se',
    linkToMessage: `https://teams.microsoft.com/l/message/${encodeURIComponent(options.conversationId ?? CHANNEL_ID)}/${id}`,
    from: { user: { id: author.aadObjectId, displayName: author.name, userIdentityType: 'aadUser' }, application: null, device: null },
    body: { contentType: 'html', content: text },
    attachments: [],
    mentions: [],
    reactions: [],
  };
}

/** "Skapa uppgift" in a message's "…" menu: composeExtension/fetchTask, then submitAction with the dialog's data. */
export function messageAction(
  name: 'fetchTask' | 'submitAction',
  payload: Record<string, any>,
  options: Common & { data?: Record<string, unknown>; commandId?: string },
): Record<string, any> {
  return {
    ...base('invoke', options),
    name: `composeExtension/${name}`,
    value: {
      commandId: options.commandId ?? 'createTodo',
      commandContext: 'message',
      messagePayload: payload,
      context: { theme: 'default' },
      ...(options.data ? { data: options.data } : {}),
    },
  };
}

/**
 * What a viewer's Teams client sends by itself when it renders a card with a Universal Actions `refresh`
 * (the viewer is in `refresh.userIds`, or the chat is small): the refresh action as an adaptiveCard/action
 * invoke with trigger "automatic", replying to the posted card.
 */
export function cardRefresh(card: any, options: Common & { replyToId: string }): Record<string, any> {
  const action = card?.refresh?.action;
  if (!action || action.type !== 'Action.Execute') throw new Error('card has no refresh action');
  return {
    ...base('invoke', options),
    name: 'adaptiveCard/action',
    replyToId: options.replyToId,
    value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...(action.data ?? {}) } }, trigger: 'automatic' },
  };
}

/** Every Action.Execute of a card (including ShowCard sub-cards and ActionSets), with its title. */
export function executeActions(card: any): Array<{ title: string; verb: string; data: Record<string, unknown> }> {
  const found: Array<{ title: string; verb: string; data: Record<string, unknown> }> = [];
  const visit = (node: any) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      if (node.type === 'Action.Execute' && node !== card.refresh?.action) found.push({ title: node.title, verb: node.verb, data: node.data ?? {} });
      for (const [key, value] of Object.entries(node)) if (key !== 'refresh') visit(value);
    }
  };
  visit(card);
  return found;
}
