import type { Feature } from '../router.js';
import { listRemindersCommand } from './list-reminders.js';
import { remindCommand } from './remind.js';
import { confirmStopReminderAction, listRemindersAction, snoozeReminderAction, stopReminderAction } from './reminder-actions.js';

/** Reminders: "påminn mig/oss", the list, and stop/snooze on a reminder card. */
export const reminders: Feature = {
  commands: [remindCommand, listRemindersCommand],
  cardActions: [stopReminderAction, snoozeReminderAction, confirmStopReminderAction, listRemindersAction],
};
