import { ITEM_ID_PATTERN } from '../../domain/action-items/list-order.js';
import { z } from 'zod';
import { formatDateTime } from '../../domain/dates/due-date.js';
import { AppError } from '../../errors.js';
import { cardContextOf, plainText } from '../card-context.js';
import { describeReminders } from './list-reminders.js';
import { noticeCard } from '../meetings/meeting-cards.js';
import { customReminderCard, itemReminderCard, reminderListCard } from './reminder-cards.js';
import { cardAction, type TurnScope } from '../router.js';

// item-<uuid>-due / item-<uuid>-early, meeting-<id>, custom-<id>, snooze-<id>, digest-<hash>
/** A reminder's id as its buttons carry it: an att-göra's own (`item-<item id>-due|early`) or any other kind's. */
const reminderId = z.string().regex(new RegExp(`^(?:item-${ITEM_ID_PATTERN}-(?:due|early)|[a-z]+-[0-9a-f-]{8,80})$`), 'reminderId');

/** The list of reminders as the person in this turn sees it (shared conversations count the per-item ones). */
async function listFor(scope: TurnScope, options: { notice?: string; confirmRemove?: string } = {}) {
  return reminderListCard(await describeReminders(scope), cardContextOf(scope), { ...options, summariseAutomatic: scope.address.kind !== 'personal' });
}

/** "Sluta påminna" on a recurring reminder, "Klar" on a one-off, or "Ja, ta bort" in the list of reminders. */
export const stopReminderAction = cardAction({
  verb: 'reminder.stop',
  data: z.object({ reminderId, view: z.enum(['list', 'done']).optional() }),
  async handle(scope, { reminderId: id, view }) {
    const stopped = await scope.services.reminders.stop(scope.tenantId, id, scope.conversationKey);
    if (!stopped) throw new AppError('notFound');
    if (view === 'list') {
      const card = await listFor(scope, { notice: scope.t('reminder.stopped') });
      return { kind: 'card', card, updateMessage: await listFor(scope) };
    }
    if (view === 'done') return { kind: 'card', card: noticeCard(scope.t('reminder.done', { text: plainText(String(stopped.payload.text ?? '')) })), updateMessage: true };
    return { kind: 'card', card: noticeCard(scope.t('reminder.stopped')), updateMessage: true };
  },
});

/** "Ta bort" in the list: asks first, on the clicker's card only. */
export const confirmStopReminderAction = cardAction({
  verb: 'reminder.confirmStop',
  data: z.object({ reminderId }),
  async handle(scope, { reminderId: id }) {
    return { kind: 'card', card: await listFor(scope, { confirmRemove: id }) };
  },
});

/** "Avbryt" in the list: the list as it stands. */
export const listRemindersAction = cardAction({
  verb: 'reminder.list',
  data: z.object({}),
  async handle(scope) {
    return { kind: 'card', card: await listFor(scope) };
  },
});

/**
 * "Igen om 1 timme / i morgon / om en vecka" on a reminder: the card stays, says when it comes again, and its
 * buttons now act on the new occurrence.
 */
export const snoozeReminderAction = cardAction({
  verb: 'reminder.snooze',
  data: z.object({ reminderId, minutes: z.union([z.literal(60), z.literal(1_440), z.literal(10_080)]) }),
  async handle(scope, { reminderId: id, minutes }) {
    const copy = await scope.services.reminders.snooze(scope.tenantId, id, scope.conversationKey, minutes);
    if (!copy) throw new AppError('notFound');
    const c = cardContextOf(scope);
    const notice = scope.t('reminder.snoozed', { when: formatDateTime(new Date(copy.dueAt), c.locale, c.timeZone, c.now) });
    if (copy.kind === 'custom') {
      return { kind: 'card', card: customReminderCard({ reminder: copy, late: false, notice }, String(copy.payload.text ?? ''), c), updateMessage: true };
    }
    const item = copy.kind === 'actionItem' ? await scope.services.actionItems.find(scope.tenantId, String(copy.payload.itemId), { person: scope.sender, conversationKey: scope.conversationKey }) : undefined;
    if (item) return { kind: 'card', card: itemReminderCard({ reminder: copy, late: false, notice }, item, c), updateMessage: true };
    return { kind: 'message', text: notice };
  },
});
