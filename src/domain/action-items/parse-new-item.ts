import type { DueDate } from '../dates/due-date.js';
import { parseDue } from '../dates/parse-due.js';
import type { PersonRef } from '../people/person.js';
import { fail, ok, type Failure, type Result } from '../result.js';

/**
 * Reads the text after "att-göra" / "todo": who (leading @mentions and "jag"/"mig"/"me"), what (the title) and
 * by when ("senast fredag", "by Friday", "vecka 12" …). People mentioned later in the sentence are assignees too,
 * and keep their name in the title ("ring Anne om …").
 */

export interface MentionInText {
  /** The markup as it stands in the text, e.g. `<at>Petra Edoff</at>`. */
  markup: string;
  person: PersonRef;
}

/** A refused date carries the words as written (`detail`), to echo them back. */
export type ParsedNewItem = Result<
  { title: string; assignees: PersonRef[]; due?: DueDate; includesSender: boolean },
  Failure<'emptyTitle' | 'dueInPast' | 'dueInvalid', string>
>;

const SELF_WORDS = new Set(['jag', 'mig', 'me', 'myself', 'i']);
const JOINERS = new Set(['och', 'and', '&', ',', '+']);

export const NEW_ITEM_TEXT_MAX = 2_000;

export function parseNewItem(
  text: string,
  mentions: MentionInText[],
  options: { now: Date; timeZone: string },
): ParsedNewItem {
  // Bounded like every command text (the Teams layer refuses longer ones before this); a longer title is refused.
  let rest = text.slice(0, NEW_ITEM_TEXT_MAX).trim();
  const assignees: PersonRef[] = [];
  let includesSender = false;

  // Leading "who": mentions, self words and joiners, in any order.
  for (;;) {
    rest = rest.replace(/^[\s,:]+/, '');
    const mention = mentions.find((m) => rest.startsWith(m.markup));
    if (mention) {
      assignees.push(mention.person);
      rest = rest.slice(mention.markup.length);
      continue;
    }
    const word = /^(\S+?)(?=[\s,:]|$)/.exec(rest)?.[1];
    if (word && SELF_WORDS.has(word.toLocaleLowerCase('sv-SE')) && (word !== 'I' || assignees.length > 0 || /^I\s*[,:]/.test(rest))) {
      includesSender = true;
      rest = rest.slice(word.length);
      continue;
    }
    if (word && JOINERS.has(word.toLocaleLowerCase('sv-SE')) && (assignees.length > 0 || includesSender)) {
      rest = rest.slice(word.length);
      continue;
    }
    break;
  }

  // Mentions inside the sentence: assignees too; the name stays readable in the title.
  for (const mention of mentions) {
    if (rest.includes(mention.markup)) {
      assignees.push(mention.person);
      rest = rest.split(mention.markup).join(mention.person.name);
    }
  }
  // Any other <at>…</at> markup (a mention Teams sent without an entity) is reduced to its text.
  rest = rest.replace(/<at>(.*?)<\/at>/g, '$1');

  const parsed = parseDue(rest, options);
  let due: DueDate | undefined;
  if (parsed.ok) {
    due = parsed.due;
    rest = rest.slice(0, parsed.index) + rest.slice(parsed.index + parsed.matched.length);
  } else if (parsed.reason === 'past') {
    return fail('dueInPast', withoutLeadWord(parsed.matched));
  } else if (parsed.reason === 'invalid') {
    return fail('dueInvalid', withoutLeadWord(parsed.matched));
  }

  const title = rest.replace(/\s+/g, ' ').replace(/^[\s,:;–-]+|[\s,:;–-]+$/g, '').trim();
  if (title.length === 0) return fail('emptyTitle');
  return ok({ title, assignees, ...(due ? { due } : {}), includesSender });
}

/** "senast 2024-02-01" → "2024-02-01", for quoting the date back to the user. i18n-exempt: parser vocabulary. */
function withoutLeadWord(matched: string): string {
  return matched.replace(/^(?:senast|till|före|innan|den|på|by|before|until|on)\s+/i, '').trim();
}
