import { cardContextOf, plainText } from '../card-context.js';
import { decisionListCard, followUpCard, meetingListCard, summaryCard } from './meeting-cards.js';
import type { ActionItem } from '../../domain/action-items/action-item.js';
import type { CommandRoute } from '../router.js';

/** "möten": the latest meetings of this conversation. */
export const listMeetingsCommand: CommandRoute = {
  name: 'list-meetings',
  patterns: [/^(?:möten|moten|meetings)$/i],
  help: { group: 'meetings', usage: 'command.meetings.usage', description: 'command.meetings.description', order: 2 },
  async handle(request) {
    const meetings = await request.services.meetings.latest(request.tenantId, request.conversationKey);
    await request.reply(meetingListCard(meetings, cardContextOf(request)));
  },
};

/** "möte 27 februari" / "möte 2024-02-27": one meeting's summary. */
export const showMeetingCommand: CommandRoute = {
  name: 'show-meeting',
  patterns: [/^(?:möte|mote|meeting)\s+(?<date>.+)$/i],
  help: { group: 'meetings', usage: 'command.meeting.usage', description: 'command.meeting.description', order: 3 },
  async handle(request, match) {
    const text = (match.groups?.date ?? '').trim();
    const meeting = await request.services.meetings.onDate(request.tenantId, request.conversationKey, text);
    if (!meeting) {
      await request.reply(request.t('meeting.notFound', { text: plainText(text) }));
      return;
    }
    await request.reply(summaryCard(meeting, cardContextOf(request)));
  },
};

/** "beslut", "beslut budget": decisions of this conversation's meetings. */
export const decisionsCommand: CommandRoute = {
  name: 'decisions',
  patterns: [/^(?:beslut|decisions)(?:\s+(?<search>.+))?$/i],
  help: { group: 'meetings', usage: 'command.decisions.usage', description: 'command.decisions.description', order: 4 },
  async handle(request, match) {
    const search = (match.groups?.search ?? '').trim().slice(0, 100);
    const found = await request.services.meetings.decisions(request.tenantId, request.conversationKey, search);
    await request.reply(decisionListCard(found, search, cardContextOf(request)));
  },
};

/** "uppföljning": what the chair opens at the start of the next meeting. */
export const followUpCommand: CommandRoute = {
  name: 'follow-up',
  patterns: [/^(?:uppföljning|uppfoljning|follow-up|follow up|followup)$/i],
  help: { group: 'meetings', usage: 'command.followUp.usage', description: 'command.followUp.description', order: 5 },
  async handle(request) {
    const { meetings, actionItems } = request.services;
    const meeting = await meetings.followUp(request.tenantId, request.conversationKey);
    const items = new Map<string, ActionItem>();
    const actor = { person: request.sender, conversationKey: request.conversationKey };
    for (const todo of meeting?.todos ?? []) {
      const item = todo.actionItemId ? await actionItems.find(request.tenantId, todo.actionItemId, actor) : undefined;
      if (item) items.set(item.id, item);
    }
    await request.reply(followUpCard(meeting, items, cardContextOf(request)));
  },
};
