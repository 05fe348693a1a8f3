import type { Locale } from '../../i18n/index.js';
import type { CommandRoute } from '../router.js';
import { withLocale } from '../scope.js';

const NAMES: Record<string, Locale> = {
  svenska: 'sv', swedish: 'sv', svensk: 'sv', sv: 'sv',
  engelska: 'en', english: 'en', engelsk: 'en', en: 'en',
};

export const languageCommand: CommandRoute = {
  name: 'language',
  patterns: [/^(?:språk|language)(?:\s+(?<language>.+))?$/i],
  help: { group: 'settings', usage: 'command.language.usage', description: 'command.language.description', order: 0 },
  async handle(request, match) {
    const chosen = NAMES[(match.groups?.language ?? '').trim().toLowerCase()];
    if (!chosen) {
      await request.reply(request.t('language.unknown'));
      return;
    }
    await request.services.conversations.setLocale(request.tenantId, request.conversationKey, chosen);
    await request.reply(withLocale(request, chosen).t('language.changed'));
  },
};
