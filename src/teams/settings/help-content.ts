import type { MessageKey } from '../../i18n/index.js';
import type { HelpGroup, TurnScope } from '../router.js';

/** The command overview shown on the help and welcome cards, built from the routes that exist. */

const GROUP_ORDER: HelpGroup[] = ['general', 'actionItems', 'evaluations', 'meetings', 'reminders', 'settings'];

const GROUP_TITLES: Record<HelpGroup, MessageKey> = {
  general: 'help.group.general',
  actionItems: 'help.group.actionItems',
  evaluations: 'help.group.evaluations',
  meetings: 'help.group.meetings',
  reminders: 'help.group.reminders',
  settings: 'help.group.settings',
};

export interface HelpGroupView {
  heading: string;
  commands: Array<{ usage: string; description: string }>;
}

export function helpGroups(scope: TurnScope, options: { welcomeOnly?: boolean } = {}): HelpGroupView[] {
  const routes = scope.services.commands.filter((route) => route.help && (!options.welcomeOnly || route.help.onWelcome));
  return GROUP_ORDER.flatMap((group) => {
    const inGroup = routes
      .filter((route) => route.help!.group === group)
      .sort((a, b) => a.help!.order - b.help!.order)
      .map((route) => ({ usage: scope.t(route.help!.usage), description: scope.t(route.help!.description) }));
    return inGroup.length > 0 ? [{ heading: scope.t(GROUP_TITLES[group]), commands: inGroup }] : [];
  });
}

/** "How to talk to me" differs between personal chat and shared conversations. */
export function howToAddress(scope: TurnScope, kind: 'help' | 'welcome'): string {
  const personal = scope.address.kind === 'personal';
  if (kind === 'help') return scope.t(personal ? 'help.howTo.personal' : 'help.howTo.channel');
  return scope.t(personal ? 'welcome.howTo.personal' : 'welcome.howTo.channel');
}

/** The button that switches language: to English when Swedish is shown, and back. */
export function languageSwitch(scope: TurnScope): { title: string; locale: 'sv' | 'en' } {
  return scope.locale === 'sv'
    ? { title: scope.t('help.switchToEnglish'), locale: 'en' }
    : { title: scope.t('help.switchToSwedish'), locale: 'sv' };
}
