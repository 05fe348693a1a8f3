import { findPartner } from './partners.js';
import { TASK_VERBS } from './minutes-text.js';

/**
 * People in minutes: participant lines ("Christine Wäneskog, Västerås stad", "Anna Berg (MDU)",
 * "Karl Ek – Eskilstuna kommun", "Anna Berg (Eskilstuna kommun), Karl Ek (MDU)"), owners of to-dos
 * ("Petra skickar …", "kan Johan kontakta Anne …", "Anna: send …") and matching an owner as written to a person.
 *
 * i18n-exempt: the Swedish words here (organisation words, pronouns) are parser vocabulary, never shown to users.
 */

export interface Person {
  name: string;
  organisation?: string;
}

const NAME_WORD = `\\p{Lu}[\\p{L}'’.-]*`;
const PARTICLE = `(?:von|van|af|de|der|den|la|le|da|di|du|del|bin|al|el)`;
const PERSON_NAME = new RegExp(`^${NAME_WORD}(?: (?:${PARTICLE} )?${NAME_WORD}){0,4}$`, 'u');

/** First words that make a capitalised phrase an organisation rather than a person ("Region Sörmland"). */
const ORG_FIRST = new Set(
  (
    'region regionen västerås eskilstuna mälardalens mälardalen samhällskontraktet landstinget kommunen stiftelsen ' +
    'föreningen svenska sveriges länsstyrelsen polisen försäkringskassan arbetsförmedlingen skatteverket ' +
    'socialförvaltningen förvaltningen vård omsorg city university council'
  ).split(' '),
);
/** Last words that do the same ("Eskilstuna Kommun", "Foo AB"). */
const ORG_LAST = new Set('ab kommun stad region universitet högskola förbund förening förvaltning council university ltd inc'.split(' '));

const lower = (s: string) => s.toLocaleLowerCase('sv-SE');

/** Lowercase words, acronyms (MDH, SKR), digits or an organisation word: an organisation (or a role), not a name. */
function isOrganisationLike(text: string): boolean {
  if (/\d/.test(text)) return true;
  const words = text.split(' ');
  if (words.some((w) => /^\p{Ll}/u.test(w) && !new RegExp(`^${PARTICLE}$`, 'u').test(w))) return true;
  if (words.some((w) => /^\p{Lu}{2,}$/u.test(w.replace(/[.,]$/, '')))) return true;
  return ORG_FIRST.has(lower(words[0] ?? '')) || ORG_LAST.has(lower(words[words.length - 1] ?? ''));
}

/** Words that stand first in a sentence but are never a person (nor "Alla" under "Närvarande:"). */
const NOT_NAMES = new Set(
  (
    'vi jag du ni man alla han hon de den det detta dessa denna styrelsen gruppen mötet parterna någon ingen inga var ' +
    'we i you they he she it everyone all the this someone nobody each'
  ).split(' '),
);

export function isPersonName(text: string): boolean {
  return text.length <= 60 && PERSON_NAME.test(text) && !isOrganisationLike(text) && !NOT_NAMES.has(lower(text));
}

/** "Förhinder: Ingen", "Absent: none", "Frånvarande: –": an explicitly empty list. */
export function isNobody(text: string): boolean {
  return /^(?:ingen|inga|inget|none|nobody|no\s?one|n\/a|[-–—])\.?$/iu.test(text.trim());
}

/** Splits at commas and semicolons that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if ((c === ',' || c === ';') && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter(Boolean);
}

const PAREN_FORM = /^([^()]{1,80}?)\s?\(([^()]{0,120})\)$/u;
const DASH_FORM = /^(.{1,80}?)\s[–—-]\s(.{1,120})$/u;
/** "Bo Berg från Västerås stad". */
const FROM_FORM = /^(.{1,80}?)\s(?:från|from)\s(.{1,120})$/u;

/**
 * "Västerås stad: Anna Ek, Bo Berg och Cia Dahl" or "Region Västmanland:" alone (the names follow on the next
 * lines): an organisation heading a group of participants. `rest` is what follows the colon.
 */
export function organisationGroup(text: string): { organisation: string; rest: string } | undefined {
  const match = /^([^:]{2,80}):\s*(.*)$/u.exec(text.length > 600 ? '' : text);
  if (!match) return undefined;
  const organisation = match[1]!.trim();
  const rest = match[2]!.trim().replace(/,$/, '');
  if (!/^\p{Lu}/u.test(organisation) || /[.!?]/.test(organisation) || organisation.split(' ').length > 6) return undefined;
  if (isOrganisationLike(organisation) || findPartner(organisation)) return { organisation, rest };
  // "Regin Sörmland: Lena Sjöberg": not a known shape, but a capitalised heading before a list of names.
  return rest && parseNamesOnly(rest) ? { organisation, rest } : undefined;
}

/** Names only, no organisation ("Anna Ek, Bo Berg och Cia Dahl"). */
function parseNamesOnly(text: string): boolean {
  const parts = splitTopLevel(text.replace(/\.$/, '')).flatMap((s) => s.split(/\s(?:och|and|&|samt)\s/u));
  return parts.length > 0 && parts.every((p) => isPersonName(p.trim()));
}

/**
 * One line of a participant list as people, or undefined when the line does not read as one. "Name, Org" is one
 * person; "Anna Berg, Karl Ek" two; "Paul Pettersson, Anna Letterstål, MDH" two from MDH; "Tommy Malm, vakant,
 * Eskilstuna kommun" one whose organisation is "vakant, Eskilstuna kommun" (as written).
 */
export function parsePeopleLine(text: string): Person[] | undefined {
  if (text.length > 600) return undefined;
  const grouped = organisationGroup(text);
  if (grouped) {
    if (!grouped.rest) return undefined;
    const people = parsePeopleLine(grouped.rest);
    return people?.every((p) => !p.organisation) ? people.map((p) => ({ ...p, organisation: grouped.organisation })) : undefined;
  }
  const segments = splitTopLevel(text.replace(/\.$/, '')).flatMap((segment) => {
    // "Karl Ek och Sara Lind" is two people; "Hälsa, vård och välfärd" is not. "Bo Berg från Västerås stad" is a
    // name and its organisation.
    const parts = segment.split(/\s(?:och|and|&|samt)\s/u).map((p) => p.trim());
    const from = (part: string) => FROM_FORM.exec(part);
    const fits = (part: string) => isPersonName(part) || PAREN_FORM.test(part) || (from(part) !== null && isPersonName(from(part)![1]!));
    if (!parts.every(fits) || (parts.length === 1 && !from(parts[0]!))) return [segment];
    return parts.flatMap((part) => {
      const f = from(part);
      return f && isPersonName(f[1]!) ? [f[1]!, f[2]!] : [part];
    });
  });
  if (segments.length === 0 || segments.length > 40) return undefined;
  const people: Person[] = [];
  let group: Person[] = []; // people named since the last organisation
  let lastGroup: Person[] = []; // the people the last organisation went to
  for (const segment of segments) {
    const paren = PAREN_FORM.exec(segment);
    if (paren && isPersonName(paren[1]!.trim())) {
      const organisation = paren[2]!.trim();
      const person: Person = { name: paren[1]!.trim(), ...(organisation ? { organisation } : {}) };
      people.push(person);
      group = [];
      lastGroup = [person];
      continue;
    }
    const dash = DASH_FORM.exec(segment);
    if (dash && isPersonName(dash[1]!.trim()) && !isPersonName(dash[2]!.trim())) {
      const person: Person = { name: dash[1]!.trim(), organisation: dash[2]!.trim() };
      people.push(person);
      group = [];
      lastGroup = [person];
      continue;
    }
    const previous = people[people.length - 1];
    const asName = isPersonName(segment);
    // After "Blerim Salihi", a single capitalised word ("Samhällskontraktet") is the organisation, but after "Anna" it
    // is another first name ("Anna, Karl").
    const orgAfterFullName = asName && !segment.includes(' ') && previous !== undefined && previous.name.includes(' ') && group.length > 0;
    if (asName && !orgAfterFullName) {
      const person: Person = { name: segment };
      people.push(person);
      group.push(person);
      continue;
    }
    // An organisation (or role): it belongs to the people just named, or extends the last one's.
    if (!previous || segment.length > 120 || (/[.!?]$/.test(segment) && segment.split(' ').length > 4)) return undefined;
    if (group.length > 0) {
      for (const person of group) person.organisation = segment;
      lastGroup = group;
      group = [];
    } else {
      for (const person of lastGroup) person.organisation = person.organisation ? `${person.organisation}, ${segment}` : segment;
    }
  }
  return people.length > 0 ? people : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Owners

const norm = (s: string) => lower(s.normalize('NFC')).replace(/\s+/g, ' ').trim();

/**
 * The person an owner written in the minutes refers to: the exact full name, else the only person with that first
 * name. Case-insensitive, diacritics strict ("Asa" is not "Åsa"). Ambiguous or unknown → undefined.
 */
export function matchOwner<P extends { name: string }>(owner: string, people: P[]): P | undefined {
  const o = norm(owner);
  if (!o) return undefined;
  const exact = people.find((p) => norm(p.name) === o);
  if (exact) return exact;
  if (o.includes(' ')) return undefined;
  const byFirst = people.filter((p) => norm(p.name).split(' ')[0] === o);
  const distinct = new Set(byFirst.map((p) => norm(p.name)));
  return distinct.size === 1 ? byFirst[0] : undefined;
}

interface Token {
  word: string;
  index: number;
}

const tokens = (text: string): Token[] => [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((m) => ({ word: m[0], index: m.index }));

export interface OwnerFound {
  owner: string;
  /** The text with an "Owner:" label taken off ("Anna: send the report" → "send the report"). */
  text: string;
}

/**
 * Who does a to-do, as written. `known` are the meeting's people; with none known, a capitalised first word will do.
 * - "Anna: send the report", "Anna – boka lokal" → Anna (the label is taken off the text);
 * - a known name followed by a task verb anywhere: "Petra skickar mail …", "kan Johan kontakta Anne …";
 * - "… (Karl)", "… ansvarig: Karl" at the end;
 * - `sentenceStart`: only a known name first in the text counts (narrative sentences).
 */
export function findOwner(text: string, known: Person[], options: { sentenceStart?: boolean } = {}): OwnerFound | undefined {
  const head = text.slice(0, 1_000);
  const isKnown = (name: string) => isKnownName(name, known);
  const acceptable = (name: string) => (known.length > 0 ? isKnown(name) : isPersonName(name) && !NOT_NAMES.has(norm(name)));

  if (!options.sentenceStart) {
    const label = /^(\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*){0,2})\s?(?::|\s[–—-])\s(\S.*)$/u.exec(head);
    if (label && acceptable(label[1]!)) return { owner: label[1]!, text: text.slice(label[0].length - label[2]!.length).trim() };
  }

  const words = tokens(head.slice(0, options.sentenceStart ? 200 : 1_000));
  const limit = options.sentenceStart ? 1 : words.length;
  for (let i = 0; i < Math.min(limit, words.length); i++) {
    // Longest name first: "Petra Edoff skickar" → "Petra Edoff".
    for (const size of [3, 2, 1]) {
      const nameTokens = words.slice(i, i + size);
      if (nameTokens.length < size || !nameTokens.every((t) => /^\p{Lu}/u.test(t.word))) continue;
      const name = nameTokens.map((t) => t.word).join(' ');
      let j = i + size;
      // "Petra och Johan skickar …": the first one named owns it. "Anna to send …": English minutes' infinitive.
      if (/^(?:och|and)$/.test(words[j]?.word ?? '') && /^\p{Lu}/u.test(words[j + 1]?.word ?? '')) j += /^\p{Lu}/u.test(words[j + 2]?.word ?? '') ? 3 : 2;
      if (words[j]?.word === 'to') j++;
      const verb = words[j];
      if (!verb || !TASK_VERBS.has(norm(verb.word))) continue;
      const ok = known.length > 0 ? isKnown(name) : i === 0 && acceptable(name);
      if (ok) return { owner: name, text };
    }
  }

  if (!options.sentenceStart) {
    const trailing = /(?:\(\s?(\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*){0,2})\s?\)|(?:[Aa]nsvarig|[Aa]nsvar|[Oo]wner|[Rr]esponsible)\s?:\s?(\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*){0,2}))\.?$/u.exec(
      head.slice(-120),
    );
    const name = trailing?.[1] ?? trailing?.[2];
    if (name && acceptable(name)) return { owner: name, text };
    // "Boka lokal för Öppen verkstad – Eric": the owner after a dash at the end, taken off the text.
    const dashed = /\s[–—-]\s(\p{Lu}[\p{L}'’-]*(?: \p{Lu}[\p{L}'’-]*){0,2})\.?$/u.exec(text.slice(-80));
    if (dashed && acceptable(dashed[1]!) && text.length - dashed[0].length > 0) {
      return { owner: dashed[1]!, text: text.slice(0, text.length - dashed[0].length).trim() };
    }
  }
  return undefined;
}

/** A participant's full name or first name (an ambiguous first name still counts: the caller matches it later). */
export function isKnownName(name: string, known: Person[]): boolean {
  const n = norm(name);
  return known.some((p) => norm(p.name) === n || norm(p.name).split(' ')[0] === n);
}

/** The owner of an assignment sentence ("Sara ansvarar för …"), when its first words are a known person. */
export function subjectOwner(text: string, known: Person[]): string | undefined {
  const words = tokens(text.slice(0, 200));
  for (const size of [3, 2, 1]) {
    if (words.length < size) continue;
    const name = words
      .slice(0, size)
      .map((t) => t.word)
      .join(' ');
    if (/^\p{Lu}/u.test(name) && isKnownName(name, known)) return name;
  }
  return undefined;
}
