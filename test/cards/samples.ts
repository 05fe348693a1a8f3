import type { Locale } from '../../src/i18n/index.js';
import type { AdaptiveCard } from '../../src/teams/cards.js';
import { helpCard } from '../../src/teams/commands/help.js';
import { welcomeCard } from '../../src/teams/welcome.js';
import { sampleScope } from '../helpers/scope.js';

/**
 * One or more realistic renderings of every template in cards/, through the same builders the bot uses.
 * The card test fails for a template that has no entry here, so a new card cannot skip validation.
 */
export const cardSamples: Record<string, (locale: Locale) => AdaptiveCard[]> = {
  help: (locale) => [helpCard(sampleScope(locale, 'channel')), helpCard(sampleScope(locale, 'personal'))],
  welcome: (locale) => [welcomeCard(sampleScope(locale, 'channel')), welcomeCard(sampleScope(locale, 'personal'))],
};
