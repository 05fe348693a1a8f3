import { renderCard, type AdaptiveCard } from '../cards.js';
import { helpGroups, howToAddress, languageSwitch } from './help-content.js';
import type { CommandRoute, TurnScope } from '../router.js';

export function helpCard(scope: TurnScope): AdaptiveCard {
  return renderCard('help', {
    title: scope.t('help.title'),
    howTo: howToAddress(scope, 'help'),
    groups: helpGroups(scope),
    languageSwitch: languageSwitch(scope),
  });
}

export const helpCommand: CommandRoute = {
  name: 'help',
  patterns: [/^(hjälp|help|\?|vad kan du( göra)?\??|what can you do\??)$/i],
  help: { group: 'general', usage: 'command.help.usage', description: 'command.help.description', order: 0, onWelcome: true },
  async handle(request) {
    await request.reply(helpCard(request));
  },
};
