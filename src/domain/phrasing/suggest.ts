/**
 * "Menade du: mina uppgifter?": the command whose trigger words are nearest to what was typed, by token overlap
 * with a bounded edit distance per token. Linear in the input (only its first MAX_TOKENS words are looked at,
 * each cut to MAX_TOKEN_CHARS), so a long text costs no more than a short one.
 * i18n-exempt: the stop words here are parser vocabulary, not text shown to users.
 */

export interface CommandTrigger {
  /** The words that start the command, e.g. "mina uppgifter", "påminn oss". */
  words: string;
  /** Whatever the caller needs to act on a suggestion (route name, usage text …). */
  id: string;
}

export interface Suggestion {
  trigger: CommandTrigger;
  score: number;
}

const MAX_TOKENS = 12;
const MAX_TOKEN_CHARS = 24;
/** A trigger token counts as typed when its similarity to some typed word is at least this. */
const TOKEN_MIN = 0.7;
/** A suggestion is made only at or above this score. */
const SUGGEST_MIN = 0.6;

/** Words that carry no command meaning; they do not count against a trigger. */
const STOP_WORDS = new Set([
  'jag', 'du', 'ni', 'vi', 'det', 'den', 'en', 'ett', 'och', 'att', 'i', 'på', 'om', 'för', 'med', 'till', 'av',
  'kan', 'vill', 'skulle', 'snälla', 'tack', 'hej', 'vad', 'har', 'är', 'som', 'här', 'nu', 'lite', 'bara',
  'the', 'a', 'an', 'to', 'of', 'for', 'on', 'in', 'and', 'please', 'can', 'you', 'is', 'what',
  // "påminn mig" and "påminn oss" are one command to suggest: who is an argument.
  'mig', 'oss', 'me', 'us',
]);

/** Lower case, without diacritics, letters and digits only. */
function fold(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');
}

export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.slice(0, MAX_TOKENS * (MAX_TOKEN_CHARS + 1)).split(/[\s,.;:!?()"”'’-]+/)) {
    const word = fold(raw).slice(0, MAX_TOKEN_CHARS);
    if (word) out.push(word);
    if (out.length >= MAX_TOKENS) break;
  }
  return out;
}

/** Edit distance of two short words (both at most MAX_TOKEN_CHARS); swapping two neighbours costs one. */
const ROWS = [0, 1, 2].map(() => new Int32Array(MAX_TOKEN_CHARS + 1));
function distance(a: string, b: string): number {
  let [before, previous, current] = ROWS as [Int32Array, Int32Array, Int32Array];
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      let cost = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cost = Math.min(cost, before[j - 2]! + 1);
      current[j] = cost;
    }
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

function similarity(typed: string, trigger: string): number {
  if (typed === trigger) return 1;
  // A typed word that is the trigger with an ending ("uppgifterna", "påminnelserna") or a clear start of it.
  const longest = Math.max(typed.length, trigger.length);
  if (longest < 3) return 0;
  // The distance is at least the difference in length: skip words that cannot come near.
  const prefix = (trigger.length >= 4 && typed.startsWith(trigger)) || (typed.length >= 5 && trigger.startsWith(typed));
  if (!prefix && 1 - Math.abs(typed.length - trigger.length) / longest < TOKEN_MIN) return 0;
  const edited = 1 - distance(typed, trigger) / longest;
  if (trigger.length >= 4 && typed.startsWith(trigger) && typed.length - trigger.length <= 4) return Math.max(edited, 0.85);
  if (typed.length >= 5 && trigger.startsWith(typed)) return Math.max(edited, 0.8);
  return edited;
}

const wordsOf = new WeakMap<CommandTrigger, string[]>();
function triggerWords(trigger: CommandTrigger): string[] {
  let words = wordsOf.get(trigger);
  if (!words) {
    words = tokens(trigger.words).filter((word) => !STOP_WORDS.has(word));
    wordsOf.set(trigger, words);
  }
  return words;
}

/**
 * The nearest trigger to `text`, or undefined when nothing is near enough. Ties go to the earlier trigger
 * (list the commonest commands first).
 */
export function suggestCommand(text: string, triggers: readonly CommandTrigger[]): Suggestion | undefined {
  const typed = tokens(text).filter((word) => !STOP_WORDS.has(word));
  if (typed.length === 0) return undefined;
  let best: Suggestion | undefined;
  for (const trigger of triggers) {
    const words = triggerWords(trigger);
    if (words.length === 0) continue;
    let sum = 0;
    let hits = 0;
    for (const word of words) {
      let nearest = 0;
      for (const candidate of typed) nearest = Math.max(nearest, similarity(candidate, word));
      if (nearest >= TOKEN_MIN) {
        sum += nearest;
        hits++;
      }
    }
    if (hits === 0) continue;
    // Mostly: how much of the command was typed; partly: how much of what was typed the command explains.
    const score = 0.7 * (sum / words.length) + 0.3 * (hits / typed.length);
    if (score >= SUGGEST_MIN && (!best || score > best.score)) best = { trigger, score };
  }
  return best;
}
