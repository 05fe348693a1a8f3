import { completeActionItemAction } from './card-actions/action-item-complete.js';
import { cancelActionItemAction } from './card-actions/action-item-cancel.js';
import { confirmDeleteActionItemAction } from './card-actions/action-item-confirm-delete.js';
import { deleteActionItemAction } from './card-actions/action-item-delete.js';
import { editActionItemAction } from './card-actions/action-item-edit.js';
import { listActionItemsAction } from './card-actions/action-item-list.js';
import { reopenActionItemAction } from './card-actions/action-item-reopen.js';
import { saveActionItemAction } from './card-actions/action-item-save.js';
import { snoozeActionItemAction } from './card-actions/action-item-snooze.js';
import { editInitiativeAction } from './card-actions/initiative-edit.js';
import { saveInitiativeAction } from './card-actions/initiative-save.js';
import { closeRoundAction } from './card-actions/round-close.js';
import { openRoundFormAction } from './card-actions/round-open.js';
import { submitRoundAction } from './card-actions/round-submit.js';
import { snoozeReminderAction, stopReminderAction } from './card-actions/reminder-actions.js';
import { setLanguageAction } from './card-actions/set-language.js';
import { runCommandAction } from './card-actions/run-command.js';
import { askEraseAction, cancelEraseAction, confirmEraseAction } from './card-actions/privacy-actions.js';
import { deleteMyDataCommand, myDataCommand } from './commands/my-data.js';
import { listRemindersCommand } from './commands/list-reminders.js';
import { remindCommand } from './commands/remind.js';
import { closeRoundCommand } from './commands/close-round.js';
import { compareInitiativesCommand } from './commands/compare-initiatives.js';
import { listInitiativesCommand } from './commands/list-initiatives.js';
import { newInitiativeCommand, showInitiativeCommand } from './commands/new-initiative.js';
import { startRoundCommand } from './commands/start-round.js';
import { createActionItemCommand } from './commands/create-action-item.js';
import { helpCommand } from './commands/help.js';
import { languageCommand } from './commands/language.js';
import { listActionItemsCommand, myActionItemsCommand } from './commands/list-action-items.js';
import { cancelMeetingDraftAction, editMeetingAction, showMeetingAction } from './card-actions/meeting-open.js';
import { saveMeetingAction } from './card-actions/meeting-save.js';
import { AWAITING_MINUTES, importMinutes, importMinutesCommand } from './commands/import-minutes.js';
import { newMeetingCommand } from './commands/new-meeting.js';
import { decisionsCommand, followUpCommand, listMeetingsCommand, showMeetingCommand } from './commands/read-meetings.js';
import type { AwaitingHandler, CardActionRoute, CommandRoute } from './router.js';

/** Command routes, tried in this order (more specific patterns first). */
export const commandRoutes: readonly CommandRoute[] = [
  helpCommand,
  myActionItemsCommand,
  listActionItemsCommand,
  createActionItemCommand,
  startRoundCommand,
  closeRoundCommand,
  listInitiativesCommand,
  newInitiativeCommand,
  showInitiativeCommand,
  compareInitiativesCommand,
  newMeetingCommand,
  importMinutesCommand,
  listMeetingsCommand,
  showMeetingCommand,
  decisionsCommand,
  followUpCommand,
  remindCommand,
  listRemindersCommand,
  languageCommand,
  myDataCommand,
  deleteMyDataCommand,
];

/** Card actions by verb (the verb must equal the `verb` in the card JSON). */
export const cardActionRoutes: ReadonlyMap<string, CardActionRoute> = new Map(
  (
    [
      setLanguageAction,
      completeActionItemAction,
      reopenActionItemAction,
      snoozeActionItemAction,
      editActionItemAction,
      saveActionItemAction,
      cancelActionItemAction,
      deleteActionItemAction,
      confirmDeleteActionItemAction,
      listActionItemsAction,
      openRoundFormAction,
      submitRoundAction,
      closeRoundAction,
      editInitiativeAction,
      saveInitiativeAction,
      saveMeetingAction,
      editMeetingAction,
      showMeetingAction,
      cancelMeetingDraftAction,
      stopReminderAction,
      snoozeReminderAction,
      askEraseAction,
      confirmEraseAction,
      cancelEraseAction,
      runCommandAction,
    ] as CardActionRoute[]
  ).map((route) => [route.verb, route]),
);

/** Follow-up messages the bot can wait for, by kind. */
export const awaitingHandlers: ReadonlyMap<string, AwaitingHandler> = new Map([[AWAITING_MINUTES, (request) => importMinutes(request, request.text)]]);
