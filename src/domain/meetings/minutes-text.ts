/**
 * Line-level reading of pasted minutes: cleaning a line, bullets, page furniture, section labels ("Deltagare:",
 * "Beslut:", "Vid tangenterna" …), headings, titles, sentences and the phrases that mark a decision or an upcoming
 * meeting. Everything here is linear in the length of its input (no nested quantifiers over unbounded text), so a
 * 100k-character line of spaces and commas costs microseconds.
 *
 * i18n-exempt: the Swedish words in this file are parser vocabulary (what it recognises), never shown to users.
 */

export interface MinutesLine {
  /** The cleaned line as written: control characters removed, whitespace runs collapsed to one space, trimmed. */
  text: string;
  /** The line without export artefacts (`**fet**`, `\\-`, `[text](#)`, heading marks): what fields are read from. */
  plain: string;
  /** The bullet or number it starts with ("-", "•", "1.", "a)"), when it has one. */
  bullet?: string;
  /** The line without its bullet. */
  body: string;
  /** The cells of a pasted table row ("Skicka ut enkäten⇥Lena⇥17 oktober", "| Boka lokal | Ahmed | 24/10 |"). */
  cells?: string[];
}

// C0/C1 control characters (tab, CR and LF are handled as whitespace / line breaks), zero-width characters, BOM.
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u200B-\u200D\u2060\uFEFF]/g;
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

export function splitLines(text: string): string[] {
  return text.split(LINE_BREAK);
}

export function cleanLine(raw: string): string {
  return raw.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

const BULLET = /^([•·▪◦‣●○■□►▶➢➤✓✔→*+]|[-–—]{1,2}|\d{1,3}[.)]|§\s?\d{1,3}[.:]?|[a-zA-Z]\)|[a-z]\.|\(\d{1,3}\)|\([a-z]\))\s(?=\S)/u;
/** "-De äldre …", "•Punkt": a dash or dot stuck to a capitalised word. */
const TIGHT_BULLET = /^([-–•])(?=\p{Lu})/u;

/** A table row pasted from Word (cells separated by tabs) or markdown ("| a | b |"): its cells, when it is one. */
export function tableCells(raw: string): string[] | undefined {
  if (raw.length > 2_000) return undefined;
  const trimmed = raw.trim();
  const parts = trimmed.includes('\t') ? trimmed.split(/\t+/) : /^\|.*\|$/.test(trimmed) ? trimmed.slice(1, -1).split('|') : undefined;
  const cells = parts?.map((c) => stripMarkup(cleanLine(c))).filter(Boolean);
  return cells && cells.length >= 2 && cells.length <= 8 ? cells : undefined;
}

/** "|---|:--:|": the rule under a markdown table's header, no words. */
export const isTableRule = (text: string): boolean => /^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*){0,7}\|?$/.test(text);

export function toLine(text: string): MinutesLine {
  const plain = stripMarkup(text);
  const match = BULLET.exec(plain) ?? TIGHT_BULLET.exec(plain);
  if (!match) return { text, plain, body: plain };
  return { text, plain, bullet: match[1]!, body: stripMarkup(plain.slice(match[0].length)) };
}

/** "1.", "2)", "§ 3": a numbered line, which may be an agenda heading. */
export const isNumbered = (line: MinutesLine): boolean => line.bullet !== undefined && /^(?:\d|§)/.test(line.bullet);

/** Page furniture: the organisation's letterhead on a line of its own, page numbers. */
const FURNITURE = [
  /^[*_#\s]*SAMHÄLLS\s*-?\s*KONTRAKTET[*_\s]*$/u,
  /^(?:sida|page)\s+\d{1,4}(?:\s*(?:av|of|\/)\s*\d{1,4}|\s*\(\d{1,4}\))?$/iu,
];

export function isFurniture(text: string): boolean {
  return FURNITURE.some((re) => re.test(text));
}

/**
 * Word / Google Docs / markdown export artefacts are not part of the words: heading marks ("# **Core team-möte**" →
 * "Core team-möte"), bold and italic (`**fet**`, `__fet__`, `*kursiv*`, `_kursiv_`), escaped characters (`\\-`,
 * `1\\.`), in-document links (`[text](#)` → "text"), `&nbsp;` and hard line-break marks. Linear: each pattern is a
 * single pass without nested quantifiers.
 */
export function stripMarkup(text: string): string {
  return text
    .replace(/&nbsp;/giu, ' ')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~>])/gu, '$1')
    .replace(/^#{1,6}\s+/, '')
    .replace(/\*\*|__/g, '')
    .replace(/\[([^\][]{1,300})\]\((?:#[^()\s]{0,200}|)\)/gu, '$1')
    .replace(/(^|[\s(„"])[*_](?=[^\s*_])([^*_]{0,500}?[^\s*_])[*_](?=$|[\s.,;:!?)"”])/gu, '$1$2')
    .replace(/^\*(?=\S)(.*\S)\*$/u, '$1')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Section labels

export type LabelKind =
  | 'participants'
  | 'absent'
  | 'decisions'
  | 'todos'
  | 'decisionsAndTodos'
  | 'upcoming'
  | 'noteTaker'
  | 'place'
  | 'date'
  | 'appendix';

export interface Label {
  kind: LabelKind;
  /** What stands after the colon on the same line, if anything. */
  rest?: string;
  /** The label also announces the place ("Tid och plats:"). */
  withPlace?: boolean;
}

const TODO_WORDS = `att\\s*-?\\s*göra(?:\\s*-?\\s*(?:lista|listan|punkter))?(?:\\s+framåt)?|to\\s*-?\\s*dos?|action\\s*items?|actions?|åtgärder|åtgärdslista|uppgifter`;

const LABELS: Array<{ kind: LabelKind; keys: string }> = [
  {
    kind: 'decisionsAndTodos',
    keys: `beslut\\s*(?:och|&|\\/|,|samt)\\s*(?:${TODO_WORDS})|decisions?\\s*(?:and|&|\\/|,)\\s*(?:${TODO_WORDS})`,
  },
  {
    kind: 'participants',
    keys:
      `deltagare|deltog|medverkande|närvarande(?:\\s+(?:ledamöter|ersättare|personer))?|övriga\\s+närvarande|närvarolista|` +
      `adjungerade?|participants|attendees|attending|present|in\\s+attendance`,
  },
  {
    kind: 'absent',
    keys:
      `frånvarande(?:\\s+ledamöter)?|förhinder|anmält\\s+förhinder|anmälda\\s+förhinder|ej\\s+närvarande|` +
      `absent|apologies|regrets|not\\s+present`,
  },
  {
    kind: 'decisions',
    keys:
      `beslut|besluten|beslutspunkter|fattade\\s+beslut|beslut\\s+som\\s+fattades|överenskommet|överenskommelser|decisions?|decisions\\s+made|agreed|resolutions?|` +
      `(?:styrelsen|core\\s*-?\\s*team(?:et)?|ct|mötet|gruppen|arbetsgruppen|the\\s+board|the\\s+team|we)\\s+` +
      `(?:beslutar|beslutade|beslöt|har\\s+beslutat|(?:är|var|kom)\\s+överens\\s+om|överens\\s+om|enades\\s+om|decided|agreed(?:\\s+on)?)(?:\\s+att|\\s+that)?`,
  },
  { kind: 'todos', keys: `${TODO_WORDS}|nästa\\s+steg|next\\s+steps` },
  {
    kind: 'upcoming',
    keys:
      `kommande\\s+(?:[\\p{L}-]+\\s+)?(?:möten|möte|styrelsemöten|styrelsemöte|träffar|mötesdatum|datum|sammanträden)|` +
      `nästa\\s+(?:[\\p{L}-]+\\s+)?(?:möte|träff|styrelsemöte|sammanträde)|mötesdatum\\s+framåt|mötesplan|` +
      `upcoming\\s+(?:meetings?|dates)|next\\s+meetings?|future\\s+meetings?`,
  },
  {
    kind: 'noteTaker',
    keys:
      `vid\\s+tangenterna|vid\\s+pennan|sekreterare|mötessekreterare|protokollförare|vid\\s+protokollet|antecknare|` +
      `note\\s*-?\\s*taker|minute\\s*-?\\s*taker|secretary|scribe|` +
      // An emailed summary signed "Hälsningar" / "Vänliga hälsningar" with the name on the next line.
      `(?:med\\s+)?(?:vänliga|bästa)\\s+hälsningar|hälsningar|mvh|best\\s+regards|kind\\s+regards|regards`,
  },
  { kind: 'place', keys: `plats|lokal|mötesplats|mötesrum|location|place|venue` },
  {
    kind: 'date',
    keys:
      `datum|tid|när|mötesdatum|mötestid|date|time|when|` +
      `(?:datum|tid|date|time)\\s*(?:,|&|och|and|\\/)\\s*(?:tid|datum|time|date)`,
  },
  { kind: 'appendix', keys: `bilagor|bilaga(?:\\s+\\d{1,2})?|appendix(?:\\s+\\d{1,2})?|appendices|attachments?` },
];

const DATE_PLACE_LABEL = new RegExp(
  `^((?:datum|tid|date|time)(?:\\s*(?:,|&|och|and|\\/)\\s*(?:tid|datum|time|date))?\\s*(?:,|&|och|and)\\s*(?:plats|place|location))\\s*(?:[:：]\\s*(.*))?$`,
  'iu',
);

const LABEL_RES = LABELS.map(({ kind, keys }) => ({ kind, re: new RegExp(`^(?:${keys})\\s*(?:[:：]\\s*(.*))?$`, 'iu') }));

/** "Antecknat av Anna Berg", "Minutes taken by Anna", "Protokoll fört av …": the name is on the same line. */
const NOTE_TAKER_BY =
  /^(?:antecknat|antecknad|antecknades|anteckningar|anteckningarna\s+fördes|protokollet\s+fördes|protokoll\s+fört|protokollförd|minutes(?:\s+taken)?|notes(?:\s+taken)?|recorded)\s+(?:av|by)\s*:?\s*(\S.*)$/iu;

/** A label line, read from a line's body (so "6. Kommande styrelsemöten" and "- Beslut: …" are labels too). */
export function matchLabel(line: MinutesLine): Label | undefined {
  if (line.body.length > 2_000) return undefined;
  const text = stripMarkup(line.body);
  const datePlace = DATE_PLACE_LABEL.exec(text);
  if (datePlace) return { kind: 'date', withPlace: true, ...restOf(datePlace[2]) };
  for (const { kind, re } of LABEL_RES) {
    const match = re.exec(text);
    if (match) return { kind, ...restOf(match[1]) };
  }
  const by = NOTE_TAKER_BY.exec(text);
  if (by) return { kind: 'noteTaker', rest: by[1]!.trim() };
  return undefined;
}

const restOf = (rest: string | undefined): { rest?: string } => {
  const trimmed = rest?.trim();
  return trimmed ? { rest: trimmed } : {};
};

/** "/Emma Mossberg": the note-taker's signature, which ends the minutes (appendices follow). */
const SIGNATURE = /^\/\s?(\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){0,3})$/u;

export function signature(text: string): string | undefined {
  return SIGNATURE.exec(text)?.[1];
}

/** A place line in the header: an online venue stated on its own ("Teams", "via Zoom", "Digitalt"). */
const VENUE = /^(?:(?:via|på|i|on|in|över)\s)?(?:microsoft\s)?(?:teams|zoom|skype|google\smeet|meet|webex|digitalt|digital|online|distans)(?:\s?-?\s?(?:möte|meeting))?\.?$/iu;

export function isVenue(text: string): boolean {
  return text.length <= 40 && VENUE.test(text);
}

// ---------------------------------------------------------------------------------------------------------------
// Titles, meeting types and headings

/** Characters that mark code, markup or templates: such a line is never a title or a heading. */
const MARKUP_CHARS = /[<>{}$`|\\[\]]/;
const MEETING_WORDS = /möte|mötet|möten|protokoll|minnesanteckning|anteckningar|sammanträde|styrelse|core[\s-]*team|workshop|verkstad|träff|seminari|dagordning|minutes|meeting|notes|agenda|board/iu;

/** The first line is the title when it is short, plain text and names a meeting (or a date, checked by the caller). */
export function titleCandidate(line: MinutesLine): { text: string; namesMeeting: boolean } | undefined {
  if (line.bullet && !isNumbered(line)) return undefined;
  const text = stripMarkup(line.text);
  if (text.length < 3 || text.length > 150 || MARKUP_CHARS.test(text) || !/^[\p{L}\p{N}]/u.test(text)) return undefined;
  if (/[.;,]$/.test(text) || /[.!?]\s\p{Lu}/u.test(text)) return undefined;
  return { text, namesMeeting: MEETING_WORDS.test(text) };
}

export type MinutesMeetingType = 'coreTeam' | 'board' | 'workshop' | 'openWorkshop' | 'other';

export function meetingTypeOf(text: string): MinutesMeetingType | undefined {
  if (/core[\s-]*team|(?<![\p{L}])ct[\s-]*möte/iu.test(text)) return 'coreTeam';
  if (/styrelse|board(?![\p{L}])/iu.test(text)) return 'board';
  if (/öppen\s+verkstad|öppna\s+verkstäder|öppna\s+verkstaden|open\s+workshop/iu.test(text)) return 'openWorkshop';
  if (/workshop|verkstad/iu.test(text)) return 'workshop';
  return undefined;
}

/**
 * A heading: a short line of its own that starts with a capital, does not end like a sentence and holds no markup —
 * "Ekonomi", "Öppen verkstad", "2. Ekonomi", "Reflektioner av styrelsens representanter:". Plain bullets are not
 * headings; numbered lines may be (agenda items).
 */
export function isHeading(line: MinutesLine): boolean {
  if (line.bullet && !isNumbered(line)) return false;
  if (line.text.includes('](')) return false; // a pasted link ("[Plaza hotell, Västerås](#)") is not a heading
  const text = stripMarkup(line.text);
  const body = stripMarkup(line.body);
  if (text.length < 2 || text.length > 80 || MARKUP_CHARS.test(text)) return false;
  if (!/^\p{Lu}/u.test(body)) return false;
  if (/[.,;!?…]$/.test(body) || /[.!?:]\s/.test(body)) return false;
  return text.split(' ').length <= 10;
}

/** "Vision:" → "Vision"; emphasis removed. */
export function headingLabel(text: string): string {
  return stripMarkup(text).replace(/\s*[:：]$/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Sentences

const ABBREVIATIONS = new Set([
  'bl.a.', 't.ex.', 'ca.', 'dvs.', 's.k.', 'm.m.', 'osv.', 'mfl.', 'm.fl.', 'inkl.', 'exkl.', 'jfr.', 'kl.', 'nr.', 'resp.',
  'ev.', 'st.', 'tel.', 'e.g.', 'i.e.', 'etc.', 'approx.', 'vs.', 'dr.', 'mr.', 'ms.', 'mrs.', 'prof.',
]);
const SENTENCE_END = /[.!?]+["”’)]*\s(?=["”„“(]?[\p{Lu}\p{N}])/gu;

/** Splits a paragraph into sentences at ". ", "! ", "? " before a capital; abbreviations ("bl.a.", "t.ex.") do not end one. */
export function sentences(text: string): string[] {
  const result: string[] = [];
  let start = 0;
  for (const match of text.matchAll(SENTENCE_END)) {
    const end = match.index + match[0].length;
    const wordStart = text.lastIndexOf(' ', match.index) + 1;
    const word = text.slice(Math.max(wordStart, match.index - 12), match.index + 1).toLowerCase();
    if (ABBREVIATIONS.has(word) || /^\p{L}\.$/u.test(word)) continue; // "K. Ek"
    result.push(text.slice(start, end).trim());
    start = end;
  }
  const last = text.slice(start).trim();
  if (last) result.push(last);
  return result;
}

/** At most `max` characters, cut at a word boundary, with "…" when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–-]+$/u, '')}…`;
}

// ---------------------------------------------------------------------------------------------------------------
// Decisions, upcoming meetings, assignments

const NOT_LETTER_BEFORE = '(?<![\\p{L}\\p{N}])';
const NOT_LETTER_AFTER = '(?![\\p{L}\\p{N}])';

/** "Beslut om …", "Beslut: …", "Beslutades att …", "Det beslutades …", "Decision: …", "It was agreed …". */
const DECISION_START =
  /^(?:beslut(?:et)?(?:\s+om|\s*:|\s+att|\s+fattades|\s+togs)|beslutades|beslöts|det\s+beslutades|det\s+beslöts|decision\s*:|decided\s*:|agreed\s*:|it\s+was\s+(?:decided|agreed))(?![\p{L}])/iu;
/** "Styrelsen beslutar …", "Core Team enades om …", "The board decided …": a deciding body at the start. */
const DECISION_SUBJECT =
  /^(?:styrelsen|core\s*-?\s*team(?:et)?|ct|mötet|gruppen|arbetsgruppen|ledningsgruppen|vi|the\s+board|the\s+core\s+team|the\s+team|the\s+meeting|we)\s+(?:beslutar|beslutade|beslöt|har\s+beslutat|enades|enas|(?:är|var|kom)\s+överens|överens|godkänner|godkände|fastställer|fastställde|bestämde|bestämmer|har\s+bestämt|kom\s+fram\s+till|decided|decides|agreed|agrees|approved|approves)(?![\p{L}])/iu;
/** "… godkänns", "… beslutades", "… was approved" anywhere in the sentence. */
const DECISION_WORD = new RegExp(
  `${NOT_LETTER_BEFORE}(?:godkänns|godkändes|godkänts|beslutades|beslöts|bestämdes|fastställs|fastställdes|antogs|klubbades|bifölls|bifalls|beviljades|` +
    `(?:was|were|is|are|has\\s+been|have\\s+been)\\s+(?:approved|agreed|decided|adopted))${NOT_LETTER_AFTER}`,
  'iu',
);
/** "Förslag till budget fick OK", "Core Team gav tummen upp för …", "fick klartecken". */
const DECISION_OK = new RegExp(
  `${NOT_LETTER_BEFORE}(?:fick|får|gav|ger)\\s+(?:ett\\s+)?(?:ok|okej|klartecken|grönt\\s+ljus|tummen\\s+upp|godkänt)${NOT_LETTER_AFTER}|` +
    `${NOT_LETTER_BEFORE}(?:got|gave|was\\s+given)\\s+(?:the\\s+)?(?:ok|go-ahead|green\\s+light|thumbs\\s+up)${NOT_LETTER_AFTER}`,
  'iu',
);

const HEAD = 600; // start-anchored patterns only look at a sentence's beginning

export function isDecision(sentence: string): boolean {
  const head = sentence.slice(0, HEAD);
  return DECISION_START.test(head) || DECISION_SUBJECT.test(head) || DECISION_WORD.test(sentence) || DECISION_OK.test(sentence);
}

/** "Nästa möte …", "Kommande styrelsemöte …", "Extra styrelsemöte i mars …", "Next meeting …" at a sentence's start. */
const UPCOMING_START =
  /^(?:nästa\sgång|(?:nästa|kommande|extra|nytt|ytterligare)\s(?:[\p{L}-]+\s){0,2}?[\p{L}-]*(?:möte|mötet|möten|träff|träffen|träffar|sammanträde|sammanträdet)|(?:next|upcoming|extra|additional)\s(?:[\p{L}-]+\s){0,2}?[\p{L}-]*(?:meetings?|sessions?))(?![\p{L}])/iu;

export function isUpcomingSentence(sentence: string): boolean {
  return UPCOMING_START.test(sentence.slice(0, 120));
}

/** "Nästa möte med KPR är planerat till april, och Christine …" → "Nästa möte med KPR är planerat till april". */
export function firstClause(sentence: string): string {
  const cut = /(?:,\s(?:och|men|samt|där|vilket|då|and|but|where|which)\s|;\s)/iu.exec(sentence);
  return (cut ? sentence.slice(0, cut.index) : sentence).replace(/[.!]+$/, '').trim();
}

/** "… får i uppgift att …", "… ansvarar för …", "… is responsible for …": someone is given a task. */
export const ASSIGNMENT = /(?<![\p{L}])(?:får\s+i\s+uppgift|fick\s+i\s+uppgift|ansvarar\s+för|ansvarig\s+för|tar\s+på\s+sig|is\s+responsible\s+for|will\s+take\s+care\s+of|takes\s+care\s+of)(?![\p{L}])/iu;

/** "… får i uppgift att …": a task is given, even to a role ("Processledaren"), so it is a to-do without a named owner. */
export const TASK_GIVEN = /(?<![\p{L}])(?:får|fick)\s+i\s+uppgift(?![\p{L}])/iu;

/**
 * Verbs (present tense, infinitive/imperative; Swedish and English) that make "Petra skickar …", "kan Johan kontakta
 * Anne …", "Anna sends …" a task, and that make an ownerless list item ("Boka lokal …") a task.
 */
export const TASK_VERBS = new Set(
  (
    'skickar skicka mejlar mejla mailar maila kontaktar kontakta ringer ringa bokar boka tar ta ordnar ordna bjuder bjuda ' +
    'kallar kalla sammankallar sammankalla sammanställer sammanställa förbereder förbereda undersöker undersöka kollar kolla ' +
    'återkommer återkomma uppdaterar uppdatera skriver skriva startar starta planerar planera presenterar presentera ' +
    'följer följa ansvarar informerar informera fixar fixa ska bevakar bevaka publicerar publicera lägger lägga samordnar ' +
    'samordna leder leda hör höra stämmer stämma tittar titta utreder utreda återkopplar återkoppla påminner påminna ' +
    'skapar skapa formulerar formulera tillfrågar tillfråga meddelar meddela kommunicerar kommunicera ' +
    'sends send will emails email mails mail contacts contact calls call books book prepares prepare checks check ' +
    'follows follow schedules schedule shares share writes write drafts draft updates update organises organizes organise ' +
    'organize invites invite reviews review takes take leads lead handles handle asks ask reaches reach compiles compile ' +
    'coordinates coordinate circulates circulate presents present sets set'
  ).split(' '),
);
