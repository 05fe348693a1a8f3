import type { Feature } from '../router.js';
import { helpCommand } from './help.js';
import { languageCommand } from './language.js';
import { setLanguageAction } from './set-language.js';

/** Help, welcome and the conversation's language. */
export const settings: Feature = {
  commands: [helpCommand, languageCommand],
  cardActions: [setLanguageAction],
};
