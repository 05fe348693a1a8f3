import type { Understood } from '../../domain/phrasing/understand.js';
import { suggestCommand, type CommandTrigger } from '../../domain/phrasing/suggest.js';
import { catalogue, locales, type Locale, type MessageKey, type Translate } from '../../i18n/index.js';
import type { ConversationKind } from '../../domain/conversations/conversation.js';
import { escapeMarkdown, plainText } from '../card-context.js';
import { renderCard, type AdaptiveCard } from '../cards.js';

/**
 * What this file needs of a route and of the turn. Declared here rather than imported from router.ts, which calls
 * answerUnrecognised: the pipeline depends on this file, not the other way round (no import cycle).
 */
interface AdvertisedRoute {
  help?: { usage: MessageKey };
}
interface Reader {
  t: Translate;
  locale: Locale;
  sender: { name: string };
  address: { kind: ConversationKind };
}
interface Asker extends Reader {
  text: string;
  reply(message: string | AdaptiveCard): Promise<void>;
  services: { commands: readonly AdvertisedRoute[] };
}

/**
 * What people type that is not a command as written: politeness and paraphrases ("kan du visa mina uppgifter?")
 * become the command; "hej" and "tack" get a kind answer; anything else gets the nearest command as a suggestion
 * with a button, or the plain hint.
 * i18n-exempt: the command words here ("hjälp") go into a button's data as the command to run, like typed text.
 */

/** Longest text echoed back in the "did not understand" answer. */
const ECHO_MAX = 60;

interface Trigger extends CommandTrigger {
  /** The command runs as it is (no required argument), so a button can run it. */
  runnable: boolean;
  usage: string;
}

/** The words that start each advertised command, in Swedish and English, commonest first (help order). */
export function commandTriggers(routes: readonly AdvertisedRoute[]): Trigger[] {
  const triggers: Trigger[] = [];
  const seen = new Set<string>();
  const add = (words: string, usage: string, runnable: boolean) => {
    const key = words.toLowerCase();
    if (!words || seen.has(key)) return;
    seen.add(key);
    triggers.push({ words, id: words, usage, runnable });
  };
  for (const locale of locales) {
    for (const route of routes) {
      if (!route.help) continue;
      const usage = catalogue(locale)[route.help.usage];
      const shown = usage.replace(/\s+/g, ' ').trim();
      // Optional parts ("[försenade | alla]") are not trigger words; " | " separates whole alternatives.
      for (const alternative of usage.replace(/\[[^\]]*\]/g, '').split(' | ')) {
        const cut = alternative.search(/‹/);
        const head = (cut < 0 ? alternative : alternative.slice(0, cut)).trim();
        const runnable = cut < 0;
        // "påminn mig|oss": one trigger per alternative word.
        const words = head.split(' ');
        const last = words.pop() ?? '';
        for (const choice of last.split('|')) add([...words, choice].join(' '), shown, runnable);
      }
    }
  }
  return triggers;
}

const triggerCache = new WeakMap<readonly AdvertisedRoute[], Trigger[]>();
function triggersOf(routes: readonly AdvertisedRoute[]): Trigger[] {
  let found = triggerCache.get(routes);
  if (!found) {
    found = commandTriggers(routes);
    triggerCache.set(routes, found);
  }
  return found;
}

/** "Jag förstod inte … Menade du: mina uppgifter?" with a button that runs it, or shows the help. */
export function suggestionCard(scope: Reader, typed: string, suggestion: { words: string; usage: string; runnable: boolean }): AdaptiveCard {
  return renderCard('suggestion', {
    text: scope.t('suggest.text', { text: plainText(echo(typed)), command: plainText(suggestion.runnable ? suggestion.words : suggestion.usage) }),
    run: suggestion.runnable ? { title: suggestion.words, command: suggestion.words } : undefined,
    help: { title: scope.t('suggest.help'), command: scope.locale === 'sv' ? 'hjälp' : 'help' },
  });
}

function echo(text: string): string {
  const short = text.length > ECHO_MAX ? `${text.slice(0, ECHO_MAX)}…` : text;
  return short.replace(/\s+/g, ' ');
}

function firstName(scope: Reader): string {
  return plainText(scope.sender.name.split(' ')[0] ?? '');
}

/** Answers a message that is no command: a greeting, thanks, a suggestion or the hint. */
export async function answerUnrecognised(request: Asker, understood: Understood | undefined): Promise<void> {
  const shared = request.address.kind !== 'personal';
  if (understood?.kind === 'greeting') {
    await request.reply(request.t(shared ? 'chat.greeting.shared' : 'chat.greeting.personal', { name: firstName(request) }));
    return;
  }
  if (understood?.kind === 'thanks') {
    await request.reply(request.t(shared ? 'chat.thanks.shared' : 'chat.thanks.personal'));
    return;
  }
  if (understood?.kind === 'farewell') {
    await request.reply(request.t(shared ? 'chat.farewell.shared' : 'chat.farewell.personal'));
    return;
  }
  const basis = understood?.kind === 'command' ? understood.text : request.text;
  const suggestion = basis.length <= 200 ? suggestCommand(basis, triggersOf(request.services.commands)) : undefined;
  if (suggestion) {
    await request.reply(suggestionCard(request, request.text, suggestion.trigger as Trigger));
    return;
  }
  await request.reply(request.t('hint.unknown', { text: escapeMarkdown(echo(request.text)) }));
}
