import { findDate, findTime, type LookupBudget } from './minutes-dates.js';
import { classifyLines, type ClassifiedLine } from './minutes-lines.js';
import { findOwner, isNobody, organisationGroup, parsePeopleLine, type Person } from './minutes-people.js';
import {
  sentences,
  isDecision,
  isHeading,
  isNumbered,
  isUpcomingSentence,
  isVenue,
  matchLabel,
  signature,
  stripMarkup,
  titleCandidate,
  type Label,
  type MinutesLine,
} from './minutes-text.js';

/**
 * Pass 1 of reading minutes (see parse-minutes.ts): the structure, line by line. minutes-lines.ts classifies each
 * line on its own (label, signature, heading, slide fragment …); the reducer here reads the classified lines in
 * order, in the state the lines before left (header or body, the open list, a pending label value, a heading
 * waiting for its first line). It finds the title, the meeting's date, time and place, the participants and
 * absentees (known before pass 2 reads owners), the note-taker, and turns every other line into an event for
 * pass 2 — a list item, a narrative line, a topic (heading + its first line) or text for `other` — in document
 * order, so nothing is lost.
 *
 * i18n-exempt: the Swedish words in this file are parser vocabulary (weekday names), never shown to users.
 */

export type ItemList = 'decisions' | 'todos' | 'decisionsAndTodos' | 'upcoming';
type ListKind = ItemList | 'participants' | 'absent';

export type Event =
  | { kind: 'item'; list: ItemList; text: string; cells?: string[] }
  | { kind: 'narrative'; text: string; body: string }
  | { kind: 'other'; text: string }
  | { kind: 'topic'; heading: string; first?: string };

export interface DateCandidate {
  date?: string;
  /** The year was written (not inferred). */
  yearGiven?: boolean;
  start?: string;
  end?: string;
}

export interface Structure {
  title?: string;
  firstLines: string[];
  /** Where the meeting's date was written: a "Datum:" label, the title, a header line, or a date alone on an early line. */
  dates: { label?: DateCandidate; title?: DateCandidate; header?: DateCandidate; early?: DateCandidate };
  place?: string;
  noteTaker?: string;
  participants: Person[];
  absent: Person[];
  events: Event[];
}

type BulletStyle = 'number' | 'symbol' | 'none';

interface ListState {
  kind: ListKind;
  items: number;
  style?: BulletStyle;
  lastItem?: Extract<Event, { kind: 'item' }>;
  lastPerson?: Person;
  /** "Västerås stad:" on a line of its own: the organisation of the names on the lines that follow. */
  organisation?: string;
}

const WEEKDAYS = /(?<![\p{L}])(?:måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mån|tis|ons|tors|fre|lör|sön|mon|tue|wed|thu|fri|sat|sun|kl|klockan|den|at|on|the)(?![\p{L}])/giu;

/** What is left of a date line once its date and time are taken out ("Tisdag 27 februari, kl 10–12, Stadshuset" → "Stadshuset"). */
function leftover(text: string, spans: Array<[number, number] | undefined>): string {
  let rest = text;
  for (const span of spans.filter((s): s is [number, number] => s !== undefined).sort((a, b) => b[0] - a[0])) {
    rest = rest.slice(0, span[0]) + ' ' + rest.slice(span[1]);
  }
  return rest
    .replace(WEEKDAYS, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,.;:–—-]+|[\s,.;:–—-]+$/gu, '')
    .trim();
}

const hasWords = (text: string) => /\p{L}{2}/u.test(text);

/** The header cells of a to-do table. */
const TABLE_HEADER = /^(?:uppgift|uppgifter|vad|aktivitet|åtgärd|ansvarig|ansvar|vem|när|klart|klart\s+senast|senast|datum|deadline|status|kommentar|what|who|when|owner|due|task|action)$/iu;
/** "Med på mötet var Petra, Johan …", "Närvarande var …": participants in a sentence. */
const PRESENT_SENTENCE = /^(?:med\s+på\s+mötet\s+var|på\s+mötet\s+(?:deltog|var)|vid\s+mötet\s+deltog|närvarande\s+var|deltagare\s+var|present\s+were|attending\s+were)\s(.{1,600}?)[.!]?$/iu;
/** "Patrik hade förhinder.", "Anna kunde inte delta.": someone absent, in a sentence. */
const ABSENT_SENTENCE = /^(.{1,300}?)\s(?:hade|har)\s(?:anmält\s)?förhinder[.!]?$|^(.{1,300}?)\s(?:kunde|kan)\sinte\s(?:delta|närvara|komma)[.!]?$/iu;
/** "… på Teams", "… via Zoom": an online venue named inside a sentence. */
const VENUE_IN_SENTENCE = /(?<![\p{L}])(?:på|via|i|över)\s(teams|zoom|skype|google\smeet|webex)(?![\p{L}])/iu;

/** Words that say a line names a place ("sal U2-024", "Stadshuset", "Campus Västerås", "Munktellsalen"). */
const PLACE_WORDS = /(?:rum|rummet|sal|salen|lokal|lokalen|hus|huset|stadshus|stadshuset|campus|hotell|hotel|kontor|kontoret|plan|våning|byggnad|centrum|center|gatan|vägen|torget|träffpunkt|museum|biblioteket?|teams|zoom)(?![\p{L}])/iu;
const TOWNS = /^(?:västerås|eskilstuna|stockholm|strängnäs|köping|nyköping|katrineholm|sala|arboga|enköping|uppsala|örebro)$/iu;

/** A line right after the date that reads as a place: short, no sentence, a place word or "Something, Town". */
export function isPlaceLike(text: string): boolean {
  const words = text.split(' ');
  if (text.length > 120 || /[.!?:]$/.test(text) || !/^\p{Lu}/u.test(text) || words.length > 8) return false;
  if (words.filter((w) => /^\p{Ll}/u.test(w)).length > 2) return false; // a sentence, not a place
  const parts = text.split(/\s*,\s*/);
  return PLACE_WORDS.test(text) || parts.some((p) => TOWNS.test(p)) || isVenue(text);
}

const normName = (s: string) => s.toLocaleLowerCase('sv-SE').replace(/\s+/g, ' ').trim();

export function readStructure(source: string, today: string, budget: LookupBudget): Structure {
  const out: Structure = { firstLines: [], dates: {}, participants: [], absent: [], events: [] };
  let mode: 'header' | 'body' | 'appendix' = 'header';
  let list: ListState | undefined;
  let pending: { kind: 'noteTaker' | 'place' | 'date'; withPlace?: boolean } | undefined;
  let heading: string | undefined;
  let blank = false; // a blank line stands before the current one
  let next: MinutesLine | undefined; // the line after the current one
  let first = true;
  let headerDateLine = false; // the current line gave the meeting's date or time
  let previousGaveDate = false; // the line before the current one did
  let contentLines = 0;
  const seenParticipants = new Set<string>();
  const seenAbsent = new Set<string>();

  const other = (text: string) => out.events.push({ kind: 'other', text });
  const flushHeading = (asTopic: boolean) => {
    if (heading === undefined) return;
    out.events.push(asTopic ? { kind: 'topic', heading } : { kind: 'other', text: heading });
    heading = undefined;
  };
  const setNoteTaker = (name: string, lineText: string) => {
    if (out.noteTaker === undefined) out.noteTaker = name;
    else if (out.noteTaker !== name) other(lineText);
  };
  const setPlace = (place: string, lineText: string) => {
    if (out.place === undefined) out.place = place;
    else if (out.place !== place) other(lineText);
  };

  const addPeople = (state: ListState, people: Person[]) => {
    const target = state.kind === 'absent' ? out.absent : out.participants;
    const seen = state.kind === 'absent' ? seenAbsent : seenParticipants;
    for (const person of people) {
      const key = normName(person.name);
      if (seen.has(key)) continue; // listed twice: once is enough
      seen.add(key);
      target.push(person);
    }
    state.items += people.length;
    state.lastPerson = people[people.length - 1];
  };

  const addItem = (state: ListState, text: string, style: BulletStyle, cells?: string[]) => {
    const event: Extract<Event, { kind: 'item' }> = { kind: 'item', list: state.kind as ItemList, text, ...(cells ? { cells } : {}) };
    out.events.push(event);
    state.items++;
    state.lastItem = event;
    state.style ??= style;
  };

  /** A "Datum:" value: date and/or time; with "Tid och plats:", what remains is the place. */
  const takeDateText = (fullValue: string, withPlaceLabel: boolean, lineText: string): boolean => {
    // "Datum: 3 mars kl 14:00-15:00. Plats: Teams": two labels on one line.
    const inlinePlace = /(?:^|[\s.,;])(?:plats|lokal|place|location)\s?:\s?(\S.{0,199})$/iu.exec(fullValue.slice(0, 400));
    const value = inlinePlace ? fullValue.slice(0, inlinePlace.index) : fullValue;
    const withPlace = withPlaceLabel && !inlinePlace;
    if (inlinePlace) setPlace(inlinePlace[1]!.trim(), lineText);
    const date = findDate(value, today, 'past', budget);
    const time = findTime(value);
    if (!date && !time) return false;
    // "Datum: …" and "Tid: …" on separate lines fill one candidate; a second date is kept as text.
    const existing = out.dates.label ?? {};
    if ((date && existing.date) || (time && existing.start)) {
      other(lineText);
      return true;
    }
    out.dates.label = { ...existing, ...(date ? { date: date.date, yearGiven: date.yearGiven } : {}), ...(time ? { start: time.start, end: time.end } : {}) };
    const rest = leftover(value, [date ? [date.index, date.end] : undefined, time ? [time.index, time.endIndex] : undefined]);
    if (withPlace && hasWords(rest)) setPlace(rest, lineText);
    else if (hasWords(rest)) other(lineText);
    return true;
  };

  const takeValue = (p: NonNullable<typeof pending>, line: MinutesLine): boolean => {
    if (matchLabel(line)) return false;
    const value = stripMarkup(line.body);
    switch (p.kind) {
      case 'noteTaker':
        if (value.length > 80 || !/^\p{Lu}/u.test(value) || /[.!?]$/.test(value) || value.split(' ').length > 6) return false;
        setNoteTaker(value, line.text);
        return true;
      case 'place':
        if (value.length > 200) return false;
        setPlace(value, line.text);
        return true;
      case 'date':
        return takeDateText(line.body, p.withPlace === true, line.text);
    }
  };

  const handleLabel = (label: Label, line: MinutesLine) => {
    switch (label.kind) {
      case 'participants':
      case 'absent': {
        mode = 'body';
        list = { kind: label.kind, items: 0 };
        if (label.rest && !isNobody(label.rest)) {
          const people = parsePeopleLine(label.rest);
          if (people) addPeople(list, people);
          else other(line.text);
        }
        return;
      }
      case 'decisions':
      case 'todos':
      case 'decisionsAndTodos':
      case 'upcoming':
        mode = 'body';
        list = { kind: label.kind, items: 0 };
        if (label.rest) addItem(list, label.rest, 'none');
        return;
      case 'noteTaker':
        if (label.rest) setNoteTaker(label.rest.replace(/[.]$/, ''), line.text);
        else pending = { kind: 'noteTaker' };
        return;
      case 'place':
        if (label.rest) setPlace(label.rest, line.text);
        else pending = { kind: 'place' };
        return;
      case 'date':
        if (label.rest) {
          if (!takeDateText(label.rest, label.withPlace === true, line.text)) other(line.text);
        } else {
          pending = { kind: 'date', ...(label.withPlace ? { withPlace: true } : {}) };
        }
        return;
      case 'appendix':
        mode = 'appendix';
        other(line.text);
        return;
    }
  };

  /**
   * "Med på mötet var Petra Edoff, Johan Lindström och Anne Almqvist. Patrik hade förhinder.": the people in such
   * sentences are participants or absent; returns the rest of the text ('' when nothing is left).
   */
  const takePeopleSentences = (body: string): string => {
    if (body.length > 2_000 || !/(?:var|deltog|were|förhinder|inte)/iu.test(body)) return body;
    const rest: string[] = [];
    for (const sentence of sentences(body)) {
      const present = PRESENT_SENTENCE.exec(sentence);
      const absent = present ? null : ABSENT_SENTENCE.exec(sentence);
      const names = present?.[1] ?? absent?.[1] ?? absent?.[2];
      const people = names ? parsePeopleLine(names) : undefined;
      if (people) addPeople({ kind: present ? 'participants' : 'absent', items: 0 }, people);
      else rest.push(sentence);
    }
    return rest.join(' ');
  };

  const styleOf = (line: MinutesLine): BulletStyle => (line.bullet === undefined ? 'none' : isNumbered(line) ? 'number' : 'symbol');

  /** Whether the line continues the open list (and if so, takes it). */
  const continueList = (state: ListState, line: MinutesLine): boolean => {
    if (state.kind === 'participants' || state.kind === 'absent') {
      // "Förhinder:" then "Ingen": the empty list says it.
      if (state.items === 0 && isNobody(line.body)) return true;
      const group = organisationGroup(line.body);
      if (group && !group.rest) {
        state.organisation = group.organisation;
        return true;
      }
      const people = parsePeopleLine(line.body);
      if (!people) return false;
      // "Kirsti Gjellan, Hemtjänsten Öster" in a list of "Name, Organisation" lines: a name and its organisation.
      const [a, b] = people;
      if (people.length === 2 && !a!.organisation && !b!.organisation && state.lastPerson?.organisation && a!.name.includes(' ') && !line.body.includes(' och ')) {
        people.splice(0, 2, { name: a!.name, organisation: b!.name });
      }
      if (group) state.organisation = group.organisation;
      else if (state.organisation) for (const person of people) person.organisation ??= state.organisation;
      // After a blank line, a name must look like the list so far ("Ekonomi" after "Anna Berg, MDU" is a heading).
      const previous = state.lastPerson;
      const candidate = people[0]!;
      if (blank && previous && ((previous.organisation && !candidate.organisation) || (previous.name.includes(' ') && !candidate.name.includes(' ')))) return false;
      // "Ekonomi" after "Petra", "Johan": a heading when a paragraph, not another name, follows it.
      if (blank && people.length === 1 && !candidate.organisation && isHeading(line) && next && !matchLabel(next) && !parsePeopleLine(next.body)) return false;
      addPeople(state, people);
      return true;
    }
    const style = styleOf(line);
    if (state.kind === 'upcoming') {
      const dated = /\d/.test(line.body) && line.body.length <= 200;
      if (style === 'symbol' || state.items === 0 || dated) {
        addItem(state, line.body, style);
        return true;
      }
      return false;
    }
    if (style !== 'none') {
      // "7. Övrigt" after a list of dashes is the next agenda item, not another decision.
      if (style === 'number' && blank && state.style !== undefined && state.style !== 'number' && isHeading(line)) return false;
      addItem(state, line.body, style);
      return true;
    }
    if (line.cells) {
      // A table under "Att göra": the header row ("Uppgift | Ansvarig | Klart") is kept as text, each row is an item.
      if (line.cells.every((c) => TABLE_HEADER.test(c))) other(line.text);
      else addItem(state, line.cells.join(' – '), style, line.cells);
      return true;
    }
    if (state.items === 0) {
      addItem(state, line.body, style);
      return true;
    }
    if (!blank && state.lastItem) {
      // In a list without bullets, a capitalised line after a full stop is the next item; otherwise a wrapped one.
      if (state.style === 'none' && /[.!?]["”)]*$/.test(state.lastItem.text) && /^\p{Lu}/u.test(line.body)) addItem(state, line.body, style);
      else state.lastItem.text = `${state.lastItem.text} ${line.body}`;
      return true;
    }
    return false;
  };

  /**
   * Before the first section: a date/time line ("Tisdag 27 januari 2026, kl 08.30–10.00", "kl. 9.00 – 11.00" under a
   * dated title), an online venue on its own ("Teams"), or the line right after the date/time that names where
   * ("Lilla sammanträdesrummet, Stadshuset, Västerås", "Campus Västerås, sal U2-024").
   */
  const takeHeaderLine = (line: MinutesLine, afterDate: boolean): boolean => {
    if (isUpcomingSentence(line.body)) return false;
    if (!out.dates.header && line.body.length <= 200) {
      const date = findDate(line.body, today, 'past', budget);
      const time = findTime(line.body);
      const timeOnly = !date && time && !out.dates.title?.start && !hasWords(leftover(line.body, [[time.index, time.endIndex]]));
      if (date || timeOnly) {
        out.dates.header = { ...(date ? { date: date.date, yearGiven: date.yearGiven } : {}), start: time?.start, end: time?.end };
        const rest = leftover(line.body, [date ? [date.index, date.end] : undefined, time ? [time.index, time.endIndex] : undefined]);
        if (hasWords(rest)) {
          const venue = VENUE_IN_SENTENCE.exec(rest);
          if (isVenue(rest) || isPlaceLike(rest)) setPlace(rest, line.text);
          else {
            // "Här kommer en sammanfattning från mötet torsdag 13/11 kl 10–11.30 på Teams."
            if (venue && out.place === undefined) out.place = venue[1]!;
            out.events.push({ kind: 'narrative', text: line.text, body: line.body });
          }
        }
        return true;
      }
    }
    if (out.place === undefined && (isVenue(line.body) || (afterDate && isPlaceLike(line.body)))) {
      out.place = line.body;
      return true;
    }
    return false;
  };

  /** The reducer: one classified line, read in the state the lines before it left. */
  const handle = (classified: ClassifiedLine) => {
    const { line, label } = classified;
    const text = line.text;
    if (out.firstLines.length < 5) out.firstLines.push(text.slice(0, 200));
    if (mode === 'appendix') {
      other(text);
      return;
    }
    if (pending) {
      const p = pending;
      pending = undefined;
      if (takeValue(p, line)) return;
    }
    const signed = classified.signature;
    if (signed) {
      setNoteTaker(signed, text);
      list = undefined;
      flushHeading(false);
      mode = 'appendix';
      return;
    }
    if (mode === 'header' && classified.greeting) {
      other(text); // "Hej alla!": an emailed summary starts
      return;
    }
    const isFirst = first;
    // A note-taker, date or place label before the title ("Protokollförare: …" on top) leaves the title to come.
    first = first && label !== undefined && (label.kind === 'noteTaker' || label.kind === 'date' || label.kind === 'place');
    previousGaveDate = headerDateLine;
    headerDateLine = false;
    if (label) {
      list = undefined;
      flushHeading(true);
      handleLabel(label, line);
      return;
    }
    if (isFirst && classified.documentWord) {
      first = true;
      other(text);
      return;
    }
    if (isFirst) {
      const candidate = titleCandidate(line);
      if (candidate) {
        const date = findDate(candidate.text, today, 'past', budget);
        if (candidate.namesMeeting || date) {
          const time = findTime(candidate.text);
          out.title = candidate.text;
          out.dates.title = { date: date?.date, yearGiven: date?.yearGiven, start: time?.start, end: time?.end };
          headerDateLine = date !== undefined;
          return;
        }
      }
    }
    takeContent(classified);
  };

  /** A line that is no label, signature or title: slide fragments, the open list, the header, or the body. */
  const takeContent = (classified: ClassifiedLine) => {
    const { line } = classified;
    const text = line.text;
    const afterDate = previousGaveDate;
    if (classified.fragment && !(list && (list.kind === 'participants' || list.kind === 'absent'))) {
      // Pasted slide or diagram text ("Trygghet", "Hälsa", "Gemenskap" …): kept in övrigt, never read for meaning.
      list = undefined;
      flushHeading(false);
      other(text);
      return;
    }
    if (list) {
      if (continueList(list, line)) return;
      list = undefined;
    }
    if (mode === 'header') {
      const hadDate = out.dates.header !== undefined;
      if (takeHeaderLine(line, afterDate)) {
        headerDateLine = !hadDate && out.dates.header !== undefined;
        return;
      }
    }
    mode = 'body';
    contentLines++;
    if (!out.dates.early && contentLines <= 15 && line.body.length <= 60) {
      // A date alone on one of the first lines (slides, a pasted calendar entry): the date, if nothing better says it.
      const date = findDate(line.body, today, 'past', budget);
      if (date && !hasWords(leftover(line.body, [[date.index, date.end]]))) out.dates.early = { date: date.date, yearGiven: date.yearGiven };
    }
    // Not a heading: a short line that says what was decided, who does what, or when the next meeting is.
    const meaningful = () =>
      isUpcomingSentence(line.body) || isDecision(line.body) || findOwner(line.body, out.participants, { sentenceStart: true }) !== undefined;
    if (classified.heading && !meaningful()) {
      flushHeading(false); // a heading straight after a heading: the first was a group heading
      heading = text;
      return;
    }
    const body = takePeopleSentences(line.body);
    if (body === '') return;
    if (heading !== undefined) {
      out.events.push({ kind: 'topic', heading, first: body });
      heading = undefined;
    }
    out.events.push({ kind: 'narrative', text, body });
  };

  const lines = classifyLines(source);
  for (const [i, classified] of lines.entries()) {
    blank = classified.blankBefore;
    next = lines[i + 1]?.line;
    handle(classified);
  }
  flushHeading(false);
  return out;
}

