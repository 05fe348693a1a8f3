import type { ActionItem } from '../../domain/action-items/action-item.js';
import { addDays, todayIn } from '../../domain/dates/due-date.js';
import type { ConversationAddress } from '../../domain/conversations/conversation.js';
import type { PersonRef } from '../../domain/people/person.js';
import { occurrenceDueAt, type DeliveryResult, type Reminder } from '../../domain/reminders/reminder.js';
import type { ConversationDocument } from '../../store/conversation-repository.js';
import { cardAttachment, type AdaptiveCard } from '../cards.js';
import { conversationCardContext, type CardContext } from '../card-context.js';
import { ProactiveError } from '../proactive.js';
import type { BotServices } from '../services.js';
import { customReminderCard, DIGEST_ROWS, digestCard, itemReminderCard, meetingReminderCard } from './reminder-cards.js';

/** A reminder delivered more than this after it was due says so ("skickas sent"). */
export const LATE_AFTER_MS = 2 * 60_000;

type Services = Pick<BotServices, 'conversations' | 'actionItems' | 'meetings' | 'proactive' | 'config' | 'clock' | 'logger'>;

/**
 * How a due reminder reaches people (the scheduler's `deliver`). Item and "påminn mig" reminders go to the
 * person's personal chat with the bot when they have one, otherwise to the item's conversation with an
 * @mention; digests, meeting reminders and "påminn oss" go to the conversation. A conversation that refuses
 * the bot (403, removed) reports `gone`, which stops the reminder; anything else throws and is retried.
 */
export function reminderDeliverer(services: Services): (reminder: Reminder) => Promise<DeliveryResult> {
  return async (reminder) => {
    const conversation = await services.conversations.get(reminder.tenantId, reminder.conversationKey);
    if (!conversation || !conversation.active) return { gone: conversation?.inactiveReason ?? 'conversation unknown' };
    const now = services.clock.now();
    const late = now.getTime() - Date.parse(occurrenceDueAt(reminder)) > LATE_AFTER_MS;
    const contextFor = (target: ConversationDocument): CardContext => conversationCardContext(target, services.config, now);
    const send = async (address: ConversationAddress, card: AdaptiveCard): Promise<DeliveryResult | undefined> => {
      try {
        await services.proactive.send(address, { type: 'message', attachments: [cardAttachment(card)] });
        return undefined;
      } catch (error) {
        if (error instanceof ProactiveError && error.reason === 'gone') return { gone: error.message };
        throw error;
      }
    };
    const actor = { person: { name: '' }, conversationKey: reminder.conversationKey };

    switch (reminder.kind) {
      case 'actionItem': {
        const item = await services.actionItems.find(reminder.tenantId, String(reminder.payload.itemId), actor);
        if (!item || item.status !== 'open') return 'sent'; // done or removed meanwhile: nothing to remind about
        return toPeople(item.assignees, item, (c, mention) => itemReminderCard({ reminder, late, mention }, item, c));
      }
      case 'custom': {
        const text = String(reminder.payload.text ?? '');
        const person = reminder.payload.person as PersonRef | undefined;
        if (reminder.payload.audience === 'me' && person) return toPeople([person], undefined, (c, mention) => customReminderCard({ reminder, late, mention }, text, c));
        return (await send(conversation, customReminderCard({ reminder, late }, text, contextFor(conversation)))) ?? 'sent';
      }
      case 'digest': {
        // Overdue and due by Sunday, as many as the card shows (the store cuts the list).
        const sunday = addDays(todayIn(services.clock.now(), services.config.timeZone), 6);
        const items = await services.actionItems.dueBy(reminder.tenantId, reminder.conversationKey, sunday, DIGEST_ROWS);
        const card = digestCard({ reminder, late }, items, contextFor(conversation));
        return card ? ((await send(conversation, card)) ?? 'sent') : 'sent';
      }
      case 'meeting': {
        const meeting = await services.meetings.meeting(reminder.tenantId, String(reminder.payload.meetingId), reminder.conversationKey);
        if (!meeting) return 'sent';
        const open: ActionItem[] = [];
        for (const todo of meeting.todos) {
          const item = todo.actionItemId ? await services.actionItems.find(reminder.tenantId, todo.actionItemId, actor) : undefined;
          if (item?.status === 'open') open.push(item);
        }
        const card = meetingReminderCard({ reminder, late }, meeting, String(reminder.payload.nextMeeting), open, contextFor(conversation));
        return (await send(conversation, card)) ?? 'sent';
      }
    }

    /** Personal chat for whoever has one; one message in the conversation mentioning the rest. */
    async function toPeople(people: PersonRef[], item: ActionItem | undefined, build: (c: CardContext, mention?: PersonRef[]) => AdaptiveCard): Promise<DeliveryResult> {
      const unreachable: PersonRef[] = [];
      for (const person of people) {
        const personal = await services.conversations.personalFor(reminder.tenantId, person);
        const refused = personal ? await send(personal, build(contextFor(personal))) : { gone: 'no personal chat' };
        if (refused) unreachable.push(person);
      }
      if (unreachable.length === 0) return 'sent';
      // Reply in the item's thread when it was posted in one; else a new message in the conversation.
      const address = { ...conversation!, conversationId: item?.card?.conversationId ?? conversation!.conversationId };
      return (await send(address, build(contextFor(conversation!), unreachable))) ?? 'sent';
    }
  };
}
