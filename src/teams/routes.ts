import { setLanguageAction } from './card-actions/set-language.js';
import { helpCommand } from './commands/help.js';
import { languageCommand } from './commands/language.js';
import type { CardActionRoute, CommandRoute } from './router.js';

/** Command routes, tried in this order. Feature issues add theirs here. */
export const commandRoutes: readonly CommandRoute[] = [helpCommand, languageCommand];

/** Card actions by verb (the verb must equal the `verb` in the card JSON). */
export const cardActionRoutes: ReadonlyMap<string, CardActionRoute> = new Map(
  ([setLanguageAction] as CardActionRoute[]).map((route) => [route.verb, route]),
);
