import type { Reminder } from '../../domain/reminders/reminder.js';
import { cardContextOf } from '../card-context.js';
import { reminderListCard } from './reminder-cards.js';
import type { CommandRoute, TurnScope } from '../router.js';

/** What each upcoming reminder is about, in words (item titles, meeting titles, the custom text). */
export async function describeReminders(scope: TurnScope): Promise<Array<{ reminder: Reminder; what: string }>> {
  const { reminders, actionItems, meetings } = scope.services;
  const actor = { person: { name: '' }, conversationKey: scope.conversationKey };
  const described = [];
  for (const reminder of await reminders.upcoming(scope.tenantId, scope.conversationKey)) {
    let what = scope.t(`reminders.kind.${reminder.kind}`);
    if (reminder.kind === 'actionItem') what = (await actionItems.find(scope.tenantId, String(reminder.payload.itemId), actor))?.title ?? what;
    if (reminder.kind === 'meeting') what = (await meetings.meeting(scope.tenantId, String(reminder.payload.meetingId), scope.conversationKey))?.title ?? what;
    if (reminder.kind === 'custom') what = String(reminder.payload.text ?? what);
    described.push({ reminder, what });
  }
  return described;
}

/** "påminnelser": what is coming up here, each with "Ta bort". */
export const listRemindersCommand: CommandRoute = {
  name: 'list-reminders',
  patterns: [/^(?:påminnelser|paminnelser|reminders)$/i],
  help: { group: 'reminders', usage: 'command.reminders.usage', description: 'command.reminders.description', order: 1 },
  async handle(request) {
    const card = reminderListCard(await describeReminders(request), cardContextOf(request), { summariseAutomatic: request.address.kind !== 'personal' });
    await request.reply(card);
  },
};
