import { z } from 'zod';
import { helpCard } from './help.js';
import { cardAction } from '../router.js';
import { withLocale } from '../scope.js';
import { welcomeCard } from './welcome.js';

/** "Switch to English" / "Byt till svenska" on the help and welcome cards. */
export const setLanguageAction = cardAction({
  verb: 'settings.language',
  data: z.object({ locale: z.enum(['sv', 'en']), card: z.enum(['help', 'welcome']).default('help') }),
  async handle(scope, data) {
    await scope.services.conversations.setLocale(scope.tenantId, scope.conversationKey, data.locale);
    const switched = withLocale(scope, data.locale);
    const card = data.card === 'welcome' ? welcomeCard(switched) : helpCard(switched);
    return { kind: 'card', card, updateMessage: true };
  },
});
