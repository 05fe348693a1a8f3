import type { Feature } from '../router.js';
import { helpCommand } from './help.js';
import { languageCommand } from './language.js';
import { runCommandAction } from './run-command.js';
import { setLanguageAction } from './set-language.js';

/** Help, welcome, the conversation's language, and buttons that run a command (help's quick actions, "Menade du …?"). */
export const settings: Feature = {
  commands: [helpCommand, languageCommand],
  cardActions: [setLanguageAction, runCommandAction],
};
