import { renderCard, type AdaptiveCard } from '../cards.js';
import { helpGroups, howToAddress, languageSwitch } from './help-content.js';
import type { TurnScope } from '../router.js';

/** The card posted once when the bot is installed in a team, group chat or personal scope. */
export function welcomeCard(scope: TurnScope): AdaptiveCard {
  // Personal chat says "du", shared conversations "ni".
  const shared = scope.address.kind !== 'personal';
  return renderCard('welcome', {
    title: scope.t('welcome.title'),
    intro: scope.t('welcome.intro'),
    howTo: howToAddress(scope, 'welcome'),
    commandsHeading: scope.t(shared ? 'welcome.commandsHeadingShared' : 'welcome.commandsHeading'),
    commands: helpGroups(scope, { welcomeOnly: true }).flatMap((group) => group.commands),
    language: scope.t(shared ? 'welcome.languageShared' : 'welcome.language'),
    languageSwitch: languageSwitch(scope),
  });
}

export async function sendWelcome(scope: TurnScope): Promise<void> {
  await scope.reply(welcomeCard(scope));
}
