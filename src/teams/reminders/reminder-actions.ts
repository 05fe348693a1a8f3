import { z } from 'zod';
import { formatDateTime } from '../../domain/dates/due-date.js';
import { AppError } from '../../errors.js';
import { cardContextOf } from '../card-context.js';
import { describeReminders } from './list-reminders.js';
import { noticeCard } from '../meetings/meeting-cards.js';
import { reminderListCard } from './reminder-cards.js';
import { cardAction } from '../router.js';

const reminderId = z.string().regex(/^[a-z]+-[0-9a-f-]{8,80}$/, 'reminderId');

/** "Sluta påminna" on a reminder, or "Ta bort" in the list of reminders. */
export const stopReminderAction = cardAction({
  verb: 'reminder.stop',
  data: z.object({ reminderId, view: z.enum(['list']).optional() }),
  async handle(scope, { reminderId: id, view }) {
    const stopped = await scope.services.reminders.stop(scope.tenantId, id, scope.conversationKey);
    if (!stopped) throw new AppError('notFound');
    if (view === 'list') {
      const card = reminderListCard(await describeReminders(scope), cardContextOf(scope), scope.t('reminder.stopped'));
      return { kind: 'card', card, updateMessage: true };
    }
    return { kind: 'card', card: noticeCard(scope.t('reminder.stopped')), updateMessage: true };
  },
});

/** "Igen om 1 timme / i morgon / om en vecka" on a reminder. */
export const snoozeReminderAction = cardAction({
  verb: 'reminder.snooze',
  data: z.object({ reminderId, minutes: z.union([z.literal(60), z.literal(1_440), z.literal(10_080)]) }),
  async handle(scope, { reminderId: id, minutes }) {
    const copy = await scope.services.reminders.snooze(scope.tenantId, id, scope.conversationKey, minutes);
    if (!copy) throw new AppError('notFound');
    const c = cardContextOf(scope);
    return { kind: 'message', text: scope.t('reminder.snoozed', { when: formatDateTime(new Date(copy.dueAt), c.locale, c.timeZone, c.now) }) };
  },
});
