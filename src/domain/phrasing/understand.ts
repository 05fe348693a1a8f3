/**
 * Words people actually type: "hej", "visa mina uppgifter", "Kan du påminna mig på måndag om att ringa Matilda?",
 * "vad har jag för uppgifter", "tack!". This turns such a message into the canonical command text the routes
 * understand ("mina uppgifter", "påminn mig på måndag om att ringa Matilda"), or says it is a greeting or thanks.
 *
 * Deterministic and fast: a bounded input, anchored regular expressions without nested quantifiers, a bounded
 * number of prefix strips. Only the words in front of the command (politeness, filler, a paraphrase of the command
 * word) and politeness after it are touched; what follows the command word keeps every word as written, so an
 * att-göra title or a reminder text stays intact ("påminn mig om att tacka Anna").
 * i18n-exempt: the Swedish and English words here are parser vocabulary, not text shown to users.
 */

export type Understood =
  /** Canonical command text to try against the routes (it may still match none). */
  | { kind: 'command'; text: string }
  | { kind: 'greeting' }
  | { kind: 'thanks' }
  | { kind: 'farewell' }
  | { kind: 'unknown' };

/** Longer texts are content (minutes, long titles), never paraphrased commands. */
export const UNDERSTAND_MAX_CHARS = 2_000;

/** How many politeness prefixes are stripped at most ("Hej! Snälla, kan du …"). */
const MAX_STRIPS = 6;

const GREETING =
  /^(?:hej(?:san|hej| hej)?|hallå|tjena|tja|tjenare|morsning|god (?:morgon|middag|kväll|dag)|godmorgon|goddag|hello|hi|hey|morning|good (?:morning|afternoon|evening))(?:\s+(?:på dig|där|igen|allihop|alla|shk-boten|boten|bot|there|again|everyone))?[\s!.,:)]*$/i;

const THANKS =
  /^(?:tack(?:ar| ska du ha| så mycket| så jättemycket| snälla| för hjälpen| för det| för mötet| för att du påminde)?|tusen tack|stort tack|toppen,? tack|perfekt,? tack|thanks(?: a lot| so much| for the help)?|thank you(?: so much| very much| for the help)?|thx|cheers)[\s!.,:)]*$/i;

const FAREWELL = /^(?:hej ?då|hejdå|adjö|vi hörs|vi ses|ha det(?: så)? bra|trevlig helg|bye|goodbye|see you(?: later)?|have a nice (?:day|weekend))(?:\s+(?:på dig|allihop|alla|everyone))?[\s!.,:)]*$/i;

/** Politeness and filler in front of the command. Each strips at least one word. */
const PREFIXES: RegExp[] = [
  /^(?:hej(?:san)?|hallå|hello|hi|hey|god morgon|good morning)(?:\s+(?:shk-boten|boten|bot))?[\s!.,:]+(?=\S)(?!då\b)/i,
  /^(?:snälla|vänligen|please|pls|ok(?:ej|ay)?|så|nu|och|men|du|boten|shk-boten)[\s!.,:]+(?=\S)/i,
  /^(?:kan|kunde|skulle|vill) (?:du|ni)(?: snälla| vänligen| please)?(?: kunna| vara snäll och| vara vänlig och)?\s+(?=\S)/i,
  /^(?:can|could|would|will) you(?: please)?\s+(?=\S)/i,
  /^(?:var snäll och|var vänlig och|be så god och|be så snäll och)\s+(?=\S)/i,
  /^(?:jag|vi) (?:vill|skulle vilja|behöver|önskar|måste)(?: gärna| bara)?(?: att du| att ni)?(?: få)?\s+(?=\S)/i,
  /^(?:i(?:'d| would) like(?: to| you to)?|i want(?: to| you to)?|i need(?: to| you to)?|we need(?: to)?|let's|lets)\s+(?=\S)/i,
  /^hjälp mig(?: att| med att)?\s+(?=\S)/i,
  /^help me(?: to)?\s+(?=\S)/i,
];

/** Politeness after the command: ", tack", "? Tack!", "snälla", "please", and closing punctuation. */
const SUFFIXES: RegExp[] = [
  /(?:[,?.!]\s*|\s+)(?:snälla|please|pls)[\s!.?]*$/i,
  /[,?.!]\s*(?:tack(?: så mycket| på förhand)?|tusen tack|thanks|thank you|thx)[\s!.?]*$/i,
  /[\s?!.]+$/,
];

const MINE = '(?:mina|my)';
const TASKS = '(?:uppgifter(?:na)?|uppgift|att-göra|att göra|attgöra|todos?|to-dos?|tasks?|action items?)';
const FILTER = '(?<filter>försenade|forsenade|overdue|alla|all|öppna|open)';
const SHOW = '(?:visa|lista|se|kolla|ta fram|hämta|ge mig|show|list|see|get|check|give me)(?: mig| me)?(?: upp)?';
const WHO = '(?<who>mig|oss|me|us)';
const REST = '(?<rest>[\\s\\S]*)';

interface Rule {
  pattern: RegExp;
  to(groups: Record<string, string | undefined>): string;
}

const rest = (groups: Record<string, string | undefined>) => (groups.rest ?? '').replace(/^[\s:,]+/, '');
const filter = (groups: Record<string, string | undefined>) => (groups.filter ? ` ${groups.filter}` : '');

/** Paraphrases of the command words, tried in order on the text without politeness; the first match wins. */
const RULES: Rule[] = [
  // My tasks
  { pattern: new RegExp(`^${SHOW}\\s+(?:alla\\s+|all\\s+)?(?:${FILTER}\\s+)?${MINE}\\s+(?:${FILTER.replace('filter', 'filter2')}\\s+)?${TASKS}(?:\\s+${FILTER.replace('filter', 'filter3')})?$`, 'i'), to: (g) => `mina uppgifter${g.filter ?? g.filter2 ?? g.filter3 ? ` ${g.filter ?? g.filter2 ?? g.filter3}` : ''}` },
  { pattern: new RegExp(`^${MINE}\\s+${FILTER}\\s+${TASKS}$`, 'i'), to: (g) => `mina uppgifter${filter(g)}` },
  { pattern: new RegExp(`^vad har jag (?:för|att göra|kvar att göra|på gång)(?:\\s+${FILTER})?(?:\\s+${TASKS})?(?: kvar)?(?: att göra)?$`, 'i'), to: (g) => `mina uppgifter${filter(g)}` },
  { pattern: new RegExp(`^(?:vilka|hur många)(?:\\s+${FILTER})?\\s+${TASKS} har jag(?: kvar| på mig)?$`, 'i'), to: (g) => `mina uppgifter${filter(g)}` },
  { pattern: new RegExp(`^har jag några(?:\\s+${FILTER})?\\s+${TASKS}(?: kvar)?$`, 'i'), to: (g) => `mina uppgifter${filter(g)}` },
  { pattern: /^vad (?:ska|måste|behöver|borde) jag göra(?: nu| idag| i dag| den här veckan)?$/i, to: () => 'mina uppgifter' },
  { pattern: new RegExp(`^(?:what are|what's|whats|which are)\\s+${MINE}(?:\\s+${FILTER})?\\s+${TASKS}$`, 'i'), to: (g) => `my tasks${filter(g)}` },
  { pattern: new RegExp(`^(?:what|which)(?:\\s+${FILTER})?\\s+${TASKS} do i have$`, 'i'), to: (g) => `my tasks${filter(g)}` },
  { pattern: new RegExp(`^do i have any(?:\\s+${FILTER})?\\s+${TASKS}$`, 'i'), to: (g) => `my tasks${filter(g)}` },
  { pattern: /^what (?:do i (?:have|need) to do|should i do|is on my plate)$/i, to: () => 'my tasks' },

  // This conversation's tasks
  { pattern: new RegExp(`^${SHOW}\\s+(?:${FILTER}\\s+)?(?:the\\s+)?${TASKS}(?:\\s+${FILTER.replace('filter', 'filter2')})?(?: här| here)?$`, 'i'), to: (g) => `uppgifter${g.filter ?? g.filter2 ? ` ${g.filter ?? g.filter2}` : ''}` },
  { pattern: new RegExp(`^vilka(?:\\s+${FILTER})?\\s+${TASKS} (?:finns|har vi)(?: det)?(?: här)?$`, 'i'), to: (g) => `uppgifter${filter(g)}` },
  { pattern: new RegExp(`^vad har vi för(?:\\s+${FILTER})?\\s+${TASKS}(?: här)?$`, 'i'), to: (g) => `uppgifter${filter(g)}` },
  { pattern: new RegExp(`^(?:what|which)(?:\\s+${FILTER})?\\s+${TASKS} (?:are there|do we have)(?: here)?$`, 'i'), to: (g) => `tasks${filter(g)}` },

  // A new task: the title is everything after the command words.
  { pattern: new RegExp(`^(?:skapa|lägga? till|lägga? upp|lägga? in|göra?|skriva? upp|notera|anteckna|create|add|make|note|new)(?: en| ett| an| a)?(?: ny| new)?\\s+${TASKS}(?:\\s+(?:om|att|to|about|for|för|åt|till)(?=\\s))?${REST}$`, 'i'), to: (g) => `att-göra ${rest(g)}`.trimEnd() },
  { pattern: new RegExp(`^(?:ny|nytt|new)\\s+(?:att-göra|att göra|todo|to-do|task|action item)${REST}$`, 'i'), to: (g) => `att-göra ${rest(g)}`.trimEnd() },

  // Reminders: any form of the verb, and "sätt en påminnelse"
  { pattern: new RegExp(`^(?:påminna|påminner|påminn|paminn|paminna|remind)\\s+${WHO}(?=[\\s,:]|$)${REST}$`, 'i'), to: (g) => `påminn ${g.who} ${rest(g)}`.trimEnd() },
  { pattern: new RegExp(`^(?:sätta?|skapa|lägga? in|lägga? till|ställa? in|göra?|set|create|add|make)(?: upp)?(?: en| a)?\\s+(?:påminnelse|reminder)(?:\\s+(?:åt|till|för|for|to)\\s+${WHO})?(?=[\\s,:]|$)${REST}$`, 'i'), to: (g) => `påminn ${g.who ?? 'mig'} ${rest(g)}`.trimEnd() },
  { pattern: new RegExp(`^(?:${SHOW}|vilka|what|which)(?:\\s+(?:alla|all|mina|våra|my|our|the|are the))?\\s+(?:påminnelser(?:na)?|reminders)(?:\\s+(?:finns|har jag|har vi|are there|do i have|do we have))?(?: det)?(?: här| here)?$`, 'i'), to: () => 'påminnelser' },

  // Evaluations and initiatives
  { pattern: new RegExp(`^(?:${SHOW}|vilka)\\s+(?:alla\\s+|all\\s+|the\\s+)?(?:initiativ|initiativen|initiatives)(?: finns)?(?: det)?$`, 'i'), to: () => 'initiativ' },
  { pattern: new RegExp(`^(?:starta|börja|göra?|köra?|öppna|start|run|open|begin)(?: en| an| a)?(?: ny| new)?\\s+(?:bedömning|bedömningsrunda|utvärdering|evaluation|evaluation round|round)(?:\\s+(?:av|för|på|of|for))?(?=\\s|$)${REST}$`, 'i'), to: (g) => `bedöm ${rest(g)}`.trimEnd() },
  { pattern: new RegExp(`^(?:bedöma|utvärdera|evaluate)\\s+${REST}$`, 'i'), to: (g) => `bedöm ${rest(g)}` },
  { pattern: new RegExp(`^(?:stänga|avsluta|avsluta bedömningen av|stäng bedömningen av|stäng bedömningen för|close the evaluation (?:of|for)|end the round for)\\s+${REST}$`, 'i'), to: (g) => `stäng ${rest(g)}` },
  { pattern: new RegExp(`^(?:jämföra)\\s+${REST}$`, 'i'), to: (g) => `jämför ${rest(g)}` },

  // Meetings
  { pattern: /^(?:skapa|starta|lägga? (?:upp|till|in)|göra?|anteckna|skriva?|create|add|start|record)(?: ett| en| a)?(?: nytt| ny| new)?\s+(?:möte|mötesanteckningar|mötesprotokoll|meeting|meeting notes)$/i, to: () => 'nytt möte' },
  { pattern: /^(?:visa|lista|show|list)(?: de| the)?(?: senaste| latest| recent)?\s+(?:mötena|möten|meetings)(?: här| here)?$/i, to: () => 'möten' },
  { pattern: /^(?:vilka möten har vi haft|what meetings have we had)$/i, to: () => 'möten' },
  { pattern: new RegExp(`^(?:visa|show)(?: mötet| möte| the meeting| meeting)(?:\\s+(?:den|från|on|from))?\\s+${REST}$`, 'i'), to: (g) => `möte ${rest(g)}` },
  { pattern: new RegExp(`^(?:${SHOW}|vilka|what)\\s+(?:besluten|beslut|decisions|the decisions)(?:\\s+(?:har vi tagit|finns|have we made))?(?:\\s+(?:om|kring|med|about|on))?(?=\\s|$)${REST}$`, 'i'), to: (g) => `beslut ${rest(g)}`.trimEnd() },
  { pattern: /^(?:visa uppföljningen|följa? upp(?: förra mötet)?|hur gick det med förra mötets (?:uppgifter|att-göra)|follow up(?: on)?(?: the last meeting)?)$/i, to: () => 'uppföljning' },
  { pattern: new RegExp(`^(?:läsa? in|läsa?|importera|tolka|read|import)(?: ett| det| the| a)?\\s+(?:protokoll(?:et)?|minutes)(?=[\\s:]|$)${REST}$`, 'i'), to: (g) => `protokoll ${rest(g)}`.trimEnd() },

  // Help, language, own data
  { pattern: /^(?:vad kan du(?: göra| hjälpa (?:till )?med| hjälpa mig med)?|vad gör du|hur (?:fungerar|funkar) (?:du|det|boten|det här)|hur använder jag (?:dig|boten)|vilka kommandon (?:finns|har du|kan du)|kommandon|hjälp mig|help me|how does (?:this|it) work|how do i use (?:you|this)|what can you do(?: for me)?|what do you do|commands)$/i, to: () => 'hjälp' },
  { pattern: /^(?:byta?|ändra|växla|sätta?|switch|change|set)(?: språk(?:et)?| the language| language)?\s+(?:till|på|to)\s+(?<language>svenska|engelska|swedish|english)$/i, to: (g) => `språk ${g.language}` },
  { pattern: /^(?:skriva?|prata|svara|tala|write|speak|answer|reply)(?: på| in)?\s+(?<language>svenska|engelska|swedish|english)(?: i stället| instead| från och med nu| from now on)?$/i, to: (g) => `språk ${g.language}` },
  { pattern: /^(?:in )?(?<language>english|engelska) please$/i, to: (g) => `språk ${g.language}` },
  { pattern: /^(?:vad (?:har du sparat|sparar du|vet du) om mig|visa (?:mina data|vad du har sparat om mig)|what (?:do you know|have you stored|do you store) about me|show my data)$/i, to: () => 'mina data' },
  { pattern: /^(?:radera|ta bort|glöm) (?:allt om mig|mina data|mig)|^(?:delete|erase|forget) (?:everything about me|my data|me)$/i, to: () => 'radera mina data' },
];

/** Strips politeness around the command and maps paraphrases to canonical command text. */
export function understand(input: string): Understood {
  if (input.length > UNDERSTAND_MAX_CHARS) return { kind: 'unknown' };
  const original = input.trim();
  if (GREETING.test(original)) return { kind: 'greeting' };
  if (THANKS.test(original)) return { kind: 'thanks' };
  if (FAREWELL.test(original)) return { kind: 'farewell' };

  let text = original;
  for (let i = 0; i < MAX_STRIPS; i++) {
    const before = text;
    for (const prefix of PREFIXES) text = text.replace(prefix, '');
    if (text === before) break;
  }
  // Politeness at the end only when it is set off from the rest ("…, tack", "…? Tack!"); closing punctuation.
  for (const suffix of SUFFIXES) text = text.replace(suffix, '');
  text = text.trim();
  if (!text) return { kind: 'unknown' };
  if (text !== original && GREETING.test(text)) return { kind: 'greeting' };

  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (match) return { kind: 'command', text: rule.to(match.groups ?? {}) };
  }
  return text === original ? { kind: 'unknown' } : { kind: 'command', text };
}
