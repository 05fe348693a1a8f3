import { renderCard, type AdaptiveCard } from '../cards.js';
import { helpGroups, howToAddress, languageSwitch } from './help-content.js';
import type { CommandRoute, TurnScope } from '../router.js';

/**
 * The help card depends only on the app's commands, the language and whether the chat is personal, so it is
 * expanded once per (commands, language, kind) and kept as JSON; every turn gets its own copy.
 */
const rendered = new WeakMap<object, Map<string, string>>();

export function helpCard(scope: TurnScope): AdaptiveCard {
  const key = `${scope.locale}|${scope.address.kind === 'personal' ? 'personal' : 'shared'}`;
  let byKey = rendered.get(scope.services.commands);
  if (!byKey) rendered.set(scope.services.commands, (byKey = new Map()));
  let json = byKey.get(key);
  if (json === undefined) {
    json = JSON.stringify(expandHelpCard(scope));
    byKey.set(key, json);
  }
  return JSON.parse(json) as AdaptiveCard;
}

function expandHelpCard(scope: TurnScope): AdaptiveCard {
  return renderCard('help', {
    title: scope.t('help.title'),
    howTo: howToAddress(scope, 'help'),
    groups: helpGroups(scope),
    languageSwitch: languageSwitch(scope),
    quick: quickActions(scope),
  });
}

/**
 * The commonest actions as buttons; each runs the command (see run-command.ts).
 * i18n-exempt: "påminn mig/oss" is the command text a button runs, not a text shown.
 */
function quickActions(scope: TurnScope) {
  const personal = scope.address.kind === 'personal';
  return {
    newTask: scope.t('help.quick.newTask'),
    myTasks: scope.t('help.quick.myTasks'),
    newMeeting: scope.t('help.quick.newMeeting'),
    remind: scope.t(personal ? 'help.quick.remindMe' : 'help.quick.remindUs'),
    remindCommand: personal ? 'påminn mig' : 'påminn oss',
    taskText: scope.t('help.quick.taskText'),
    taskDue: scope.t('help.quick.taskDue'),
    createTask: scope.t('help.quick.createTask'),
    remindWhen: scope.t('help.quick.remindWhen'),
    remindWhenPlaceholder: scope.t('help.quick.remindWhenPlaceholder'),
    remindText: scope.t('help.quick.remindText'),
    createReminder: scope.t('help.quick.createReminder'),
  };
}

export const helpCommand: CommandRoute = {
  name: 'help',
  patterns: [/^(hjälp|help|\?|vad kan du( göra)?\??|what can you do\??)$/i],
  help: { group: 'general', usage: 'command.help.usage', description: 'command.help.description', order: 0, onWelcome: true },
  async handle(request) {
    await request.reply(helpCard(request));
  },
};
