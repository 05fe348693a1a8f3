import { dueInstant, todayIn } from '../dates/due-date.js';
import { parseDue } from '../dates/parse-due.js';
import { findDate, findTime, inferMeetingYear, LookupBudget } from './minutes-dates.js';
import { findOwner, isKnownName, isPersonName, matchOwner, subjectOwner, type Person } from './minutes-people.js';
import { readStructure } from './minutes-structure.js';
import {
  ASSIGNMENT,
  firstClause,
  headingLabel,
  isDecision,
  isUpcomingSentence,
  meetingTypeOf,
  sentences,
  shorten,
  stripMarkup,
  TASK_GIVEN,
  TASK_VERBS,
  type MinutesMeetingType,
} from './minutes-text.js';

/**
 * Reads pasted meeting minutes (protokoll, minnesanteckningar) into the parts a meeting summary needs: title, type,
 * date and time, place, participants and absentees, decisions (beslut), to-dos (att-göra) with owner and due date,
 * key points, upcoming dates and the note-taker (vid tangenterna). Written for the way SHK's minutes look
 * (seeds/core-team-2024-02-27-minutes.txt, seeds/board-2021-02-04-minutes-with-appendices.txt) and for plain
 * Swedish or English minutes with the usual headings ("Deltagare:", "Beslut:", "Att göra:", "Participants:",
 * "Decisions:", "Action items:").
 *
 * Nothing is silently dropped: every line that is not blank or page furniture (a lone "SAMHÄLLSKONTRAKTET" letterhead,
 * "Sida 2 av 5") ends up in a field — the structured ones, `keyPoints`, or `other`. Section labels ("Deltagare:",
 * "Vid tangenterna") are represented by the field they open. Lines are cleaned (control characters removed,
 * whitespace collapsed) but otherwise kept as written; markup, templates and links are never interpreted.
 *
 * How it reads, in two passes:
 * 1. Structure. Line by line: the title (the first line, when it names a meeting or a date), header lines (date and
 *    time, an online venue such as "Teams"), labels that open a section (participants, absent, decisions, to-dos,
 *    "Beslut och att-göra lista framåt", upcoming meetings, note-taker, place, date, appendix), list items under them,
 *    headings (short capitalised lines, also numbered agenda items "2. Ekonomi") and narrative paragraphs. A "/Name"
 *    signature ends the minutes: it names the note-taker, and everything after it (appendices) goes to `other`.
 * 2. Meaning, once all people are known. List items become decisions, to-dos or upcoming dates. Each narrative
 *    sentence is checked for a decision ("… godkänns", "Beslut om …", "Core Team gav tummen upp för …"), an upcoming
 *    meeting ("Nästa möte med KPR är planerat till april") or an assignment ("Sara ansvarar för …", "… får i uppgift
 *    att …"); a paragraph with anything left over goes to `other` whole. A heading and the first sentence under it
 *    make a key point (at most KEY_POINTS_MAX; headings beyond that, and group headings with no text of their own,
 *    go to `other`).
 *
 * Decisions made here (documented, tested):
 * - In a mixed list ("Beslut och att-göra lista framåt"), an item is a to-do when a participant's name stands before a
 *   task verb ("Petra skickar", "kan Johan kontakta"), it has an owner label ("Anna: …"), it starts with a task verb
 *   ("Boka lokal …") or it assigns ("… ansvarar för …"); everything else is a decision — so "Nära vårt föreslås som
 *   tema till ett kommande längre möte" is a decision: the meeting agreed the theme. An item phrased as a decision
 *   ("… godkänns", "Beslut om …") is a decision even if it names someone.
 * - To-dos in narrative text ("Petra startar en mejltråd …") are used only when no to-do list ("Att göra:", the
 *   to-dos of "Beslut och att-göra …") gave any, so a summary list is not doubled by the prose that explains it.
 *   "X ansvarar för …" (X a participant) and "… får i uppgift att …" always count.
 * - An owner is the name as written ("Petra"); `matchOwner` maps it to a participant. One owner per to-do: the first.
 * - Dates without a year: the meeting's own date is the most recent such day not after `now`; upcoming dates and
 *   to-do due dates are read relative to the meeting's date (falling back to today): "senast fredag" in minutes of
 *   Tuesday 27 February is Friday 1 March, "9 mars" under "Kommande styrelsemöten" of 4 February 2021 is 2021-03-09.
 *   A month alone ("i april") stays text without a date.
 * - Work is bounded: input beyond MINUTES_MAX_CHARS is cut (with a warning), every regular expression is linear, and
 *   date look-ups (chrono) are capped per parse (with a warning when the cap is hit).
 */

export interface MinutesParticipant {
  name: string;
  organisation?: string;
}

export interface MinutesTodo {
  text: string;
  /** The person's name as written ("Petra", "Johan"). */
  owner?: string;
  due?: { date: string; time?: string };
  /** A question the minutes left on the to-do ("Vem bokar lokalen? Anne eller Blerim?"): kept, never an owner. */
  note?: string;
}

export interface UpcomingDate {
  text: string;
  /** Resolved when possible. */
  date?: string;
  time?: string;
}

export interface ParsedMinutes {
  title?: string;
  type: MinutesMeetingType;
  /** 'YYYY-MM-DD'. */
  date?: string;
  /** The year was not written and the document says little about it: the preview asks to check it ("kontrollera året"). */
  yearUncertain?: true;
  startTime?: string;
  endTime?: string;
  place?: string;
  participants: MinutesParticipant[];
  absent: MinutesParticipant[];
  decisions: string[];
  todos: MinutesTodo[];
  keyPoints: string[];
  upcoming: UpcomingDate[];
  /** The next meeting: the first upcoming date on or after the meeting's. */
  nextMeeting?: UpcomingDate;
  noteTaker?: string;
  /** Lines and paragraphs that fitted nowhere else, as written (cleaned): kept, never dropped. */
  other: string[];
  warnings: string[];
}

export type { MinutesMeetingType };
export { matchOwner };

export const MINUTES_MAX_CHARS = 200_000;
export const KEY_POINTS_MAX = 12;
/** Sentences of one paragraph read for meaning. */
const MAX_SENTENCES = 200;
/** Date look-ups (chrono) one parse may make. */
const LOOKUP_BUDGET = 150;

/** The warnings `parseMinutes` gives, so a card can translate them. */
export const MINUTES_WARNINGS = {
  empty: 'empty text',
  truncated: 'text truncated',
  noDate: 'no date found',
  noParticipants: 'no participants found',
  tooManyDates: 'too many dates: some were not resolved',
} as const;

// ---------------------------------------------------------------------------------------------------------------
// Pass 2: meaning (pass 1 is in minutes-structure.ts)

/** Code, markup, templates and links are kept as text and never read for meaning. */
const looksLikeMarkup = (text: string) => /^[{[<$`]/.test(text) || text.includes('${') || /<\/?[a-z]{1,10}[\s>/]/i.test(text.slice(0, 2_000));

/**
 * "Boka lokal. Vem bokar lokalen? Anne eller Blerim?" → the task and the question left on it. A text that is only a
 * question has no `main`.
 */
function splitQuestion(text: string): { main?: string; question?: string } {
  if (!text.includes('?')) return { main: text };
  const parts = sentences(text.slice(0, 2_000));
  const firstQuestion = parts.findIndex((p) => /\?["”)]*$/.test(p));
  if (firstQuestion === 0) return {};
  if (firstQuestion < 0 || !parts.slice(firstQuestion).every((p) => /\?["”)]*$/.test(p) || p.split(' ').length <= 4)) return { main: text };
  return { main: parts.slice(0, firstQuestion).join(' '), question: parts.slice(firstQuestion).join(' ') };
}

const startsWithTaskVerb = (text: string) => {
  const word = /^(\p{Lu}\p{Ll}*)(?![\p{L}])/u.exec(text)?.[1];
  return word !== undefined && TASK_VERBS.has(word.toLocaleLowerCase('sv-SE'));
};

/** Empty input (or no meeting in it) still gets a full, empty result. */
function emptyResult(): ParsedMinutes {
  return { type: 'other', participants: [], absent: [], decisions: [], todos: [], keyPoints: [], upcoming: [], other: [], warnings: [] };
}

/**
 * Parses pasted minutes. Never throws on any text and never takes long (see the file comment for what it reads and
 * how); `now` and `timeZone` must be valid (they come from the clock and the config, not from the user).
 */
export function parseMinutes(text: string, options: { now: Date; timeZone: string }): ParsedMinutes {
  const result = emptyResult();
  const input = typeof text === 'string' ? text : '';
  let source = input;
  if (input.length > MINUTES_MAX_CHARS) {
    const cut = /[\uD800-\uDBFF]/.test(input.charAt(MINUTES_MAX_CHARS - 1)) ? MINUTES_MAX_CHARS - 1 : MINUTES_MAX_CHARS;
    source = input.slice(0, cut);
    result.warnings.push(MINUTES_WARNINGS.truncated);
  }
  const today = todayIn(options.now, options.timeZone);
  const budget = new LookupBudget(LOOKUP_BUDGET);
  const structure = readStructure(source, today, budget);

  if (structure.title !== undefined) result.title = structure.title;
  result.type = (structure.title ? meetingTypeOf(structure.title) : undefined) ?? meetingTypeOf(structure.firstLines.join('\n')) ?? 'other';
  const candidates = [structure.dates.label, structure.dates.title, structure.dates.header, structure.dates.early];
  const dated = candidates.find((c) => c?.date);
  const timed = candidates.find((c) => c?.start);
  let date = dated?.date;
  if (date && !dated?.yearGiven) {
    // Written without a year: the year the document points to, flagged when it hardly says.
    const inferred = inferMeetingYear(source, date, today);
    date = inferred.date;
    if (inferred.uncertain) result.yearUncertain = true;
  }
  if (date) result.date = date;
  if (timed?.start) result.startTime = timed.start;
  if (timed?.end) result.endTime = timed.end;
  if (structure.place !== undefined) result.place = structure.place;
  result.participants = structure.participants;
  result.absent = structure.absent;
  if (structure.noteTaker !== undefined) result.noteTaker = structure.noteTaker;

  // Relative dates in to-dos and upcoming meetings are read from the meeting's day.
  const reference = date ?? today;
  const referenceInstant = date ? dueInstant({ date, time: '12:00' }, options.timeZone) : options.now;
  const known: Person[] = [...structure.participants, ...structure.absent];

  const todo = (text: string, owner: string | undefined, note?: string): MinutesTodo => {
    const item: MinutesTodo = { text, ...(owner ? { owner } : {}) };
    if (budget.take()) {
      const due = parseDue(text.slice(0, 300), { now: referenceInstant, timeZone: options.timeZone });
      if (due.ok || due.reason === 'past') item.due = due.due;
    }
    if (note) item.note = note;
    return item;
  };
  const upcoming = (text: string): UpcomingDate => {
    const found = findDate(text, reference, 'future', budget);
    const time = findTime(text);
    return { text, ...(found ? { date: found.date } : {}), ...(time ? { time: time.start } : {}) };
  };

  // To-dos keep document order; those only found in the narrative are used when no list gave any (see above).
  const todos: Array<{ at: number; todo: MinutesTodo }> = [];
  const narrativeTodos: Array<{ at: number; text: string; owner: string }> = [];
  let listTodos = 0;
  const addTodo = (at: number, text: string, owner: string | undefined, note?: string) => todos.push({ at, todo: todo(text, owner, note) });
  /** A row of a to-do table: the task, the cell that names a person, the cell that gives a date. */
  const tableTodo = (at: number, cells: string[]) => {
    const [task, ...more] = cells;
    const ownerCell = more.find((c) => (known.length > 0 ? isKnownName(c, known) : isPersonName(c)));
    const dateCell = more.find((c) => c !== ownerCell && /\d/.test(c));
    const extra = more.filter((c) => c !== ownerCell && c !== dateCell);
    const item = todo([task!, ...extra].join(' – '), ownerCell, undefined);
    if (dateCell && budget.take()) {
      const due = parseDue(`senast ${dateCell}`.slice(0, 300), { now: referenceInstant, timeZone: options.timeZone });
      if (due.ok || due.reason === 'past') item.due = due.due;
    }
    todos.push({ at, todo: item });
  };
  /** A to-do list item: its owner from the words before any trailing question ("Vem bokar …? Anne eller Blerim?"). */
  const listTodo = (at: number, text: string) => {
    const { main, question } = splitQuestion(text);
    if (!main) {
      addTodo(at, text, undefined); // only a question: a task whose owner is still open
      return;
    }
    const owner = findOwner(main, known);
    addTodo(at, owner?.text ?? main, owner?.owner ?? subjectOwner(main, known), question);
  };
  for (const [at, event] of structure.events.entries()) {
    switch (event.kind) {
      case 'other':
        result.other.push(event.text);
        break;
      case 'topic': {
        if (result.keyPoints.length >= KEY_POINTS_MAX) {
          result.other.push(event.heading);
          break;
        }
        const heading = headingLabel(event.heading);
        const sentence = event.first && !looksLikeMarkup(event.first) ? sentences(stripMarkup(event.first.slice(0, 2_000)))[0] : undefined;
        result.keyPoints.push(sentence ? `${heading}: ${shorten(sentence, 200)}` : heading);
        break;
      }
      case 'item': {
        const text = event.text;
        if (event.list === 'upcoming') {
          result.upcoming.push(upcoming(text));
        } else if (event.list === 'decisions') {
          result.decisions.push(text);
          if (ASSIGNMENT.test(text)) addTodo(at, text, subjectOwner(text, known));
        } else if (event.list === 'todos' && event.cells) {
          tableTodo(at, event.cells);
          listTodos++;
        } else if (event.list === 'todos') {
          listTodo(at, text);
          listTodos++;
        } else if (isDecision(text)) {
          result.decisions.push(text);
        } else {
          const main = splitQuestion(text).main;
          const owner = main ? findOwner(main, known) : undefined;
          if (!main || owner || startsWithTaskVerb(main) || ASSIGNMENT.test(main)) {
            listTodo(at, text);
            listTodos++;
          } else {
            result.decisions.push(text);
          }
        }
        break;
      }
      case 'narrative': {
        if (looksLikeMarkup(event.body)) {
          result.other.push(event.text);
          break;
        }
        let unplaced = false;
        const all = sentences(event.body);
        // A paragraph of hundreds of "sentences" is no minutes' prose: kept in övrigt, read no further.
        if (all.length > MAX_SENTENCES) unplaced = true;
        for (const sentence of all.slice(0, MAX_SENTENCES)) {
          if (isDecision(sentence)) {
            result.decisions.push(sentence);
            continue;
          }
          if (isUpcomingSentence(sentence)) {
            const clause = firstClause(sentence);
            result.upcoming.push(upcoming(clause));
            if (clause !== sentence.replace(/[.!]+$/, '').trim()) unplaced = true;
            continue;
          }
          if (ASSIGNMENT.test(sentence)) {
            const owner = subjectOwner(sentence, known);
            if (owner || TASK_GIVEN.test(sentence)) {
              addTodo(at, sentence, owner);
              continue;
            }
          }
          const owner = findOwner(sentence, known, { sentenceStart: true });
          if (owner && (known.length > 0 || isPersonName(owner.owner))) narrativeTodos.push({ at, text: sentence, owner: owner.owner });
          unplaced = true;
        }
        if (unplaced) result.other.push(event.text);
        break;
      }
    }
  }
  if (listTodos === 0) for (const t of narrativeTodos) addTodo(t.at, t.text, t.owner);
  result.todos = todos.sort((a, b) => a.at - b.at).map((t) => t.todo);
  const next = result.upcoming.find((u) => u.date && (!date || u.date >= date));
  if (next) result.nextMeeting = next;

  if (input.trim() === '') result.warnings.push(MINUTES_WARNINGS.empty);
  if (!result.date) result.warnings.push(MINUTES_WARNINGS.noDate);
  if (result.participants.length === 0) result.warnings.push(MINUTES_WARNINGS.noParticipants);
  if (budget.exhausted) result.warnings.push(MINUTES_WARNINGS.tooManyDates);
  return result;
}
