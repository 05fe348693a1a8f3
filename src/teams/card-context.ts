import { conversationLocale, type Conversation } from '../domain/conversations/conversation.js';
import type { Clock } from '../domain/ports.js';
import { translator, type Locale, type Translate } from '../i18n/index.js';

/** What card builders need to turn domain objects into readable text: language, time zone and "now". */
export interface CardContext {
  locale: Locale;
  t: Translate;
  timeZone: string;
  now: Date;
}

/** The card context of a turn: the turn's language, the configured time zone, now. */
export function cardContextOf(scope: { locale: Locale; t: Translate; services: { config: { timeZone: string }; clock: Clock } }): CardContext {
  return { locale: scope.locale, t: scope.t, timeZone: scope.services.config.timeZone, now: scope.services.clock.now() };
}

/** The card context of a conversation outside a turn (its own language, not a clicker's). */
export function conversationCardContext(
  conversation: Pick<Conversation, 'kind' | 'locale'> | undefined,
  settings: { defaultLocale: Locale; timeZone: string },
  now: Date,
): CardContext {
  const locale = conversationLocale(conversation, conversation?.kind ?? 'channel', undefined, settings.defaultLocale);
  return { locale, t: translator(locale), timeZone: settings.timeZone, now };
}

/**
 * User text made safe for a card TextBlock: Teams renders a markdown subset there, so a title like
 * "[klicka här](https://…)" or "**VIKTIGT**" would become a link or bold text. Markdown characters are escaped
 * and mention markup is reduced to the name (only the bot decides whom a card mentions).
 */
export function plainText(text: string): string {
  return escapeMarkdown(text.replace(/<at>([^<]*)<\/at>/gi, '$1'));
}

/**
 * User text made safe for a markdown reply, keeping mention markup (`<at>Name</at>`, which the message's mention
 * entities refer to): markdown characters escaped, control characters and bidi overrides removed.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    // Bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069) can make "gpj.exe" read as "exe.jpg".
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '')
    // Inline markup anywhere: emphasis, links, code, strike-through.
    .replace(/([\\`*_[\]~])/g, '\\$1')
    // Block markup only counts at the start of a line: headings, quotes, list items.
    .replace(/^([ \t]*)([#>+-])(?=\s)/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)\.(?=\s)/gm, '$1\\.');
}
