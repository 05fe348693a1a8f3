import { personKeys, type PersonRef } from '../people/person.js';

/**
 * The person whose data is exported or erased (the GDPR "data subject"): every key the bot may have stored them
 * under (Teams id 29:…, Entra object id) and the display names they are known by. Keys decide for records that
 * hold a PersonRef; names only for records that hold nothing but a name (meeting participants, the note-taker).
 */
export interface DataSubject {
  keys: string[];
  names: string[];
}

/** Folds case, accents' composition and white space, so "Petra  Edoff" and "petra edoff" are the same name. */
export function nameKey(name: string): string {
  return name.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('sv-SE');
}

/** The subject as the turn knows them, widened by what the stored member records add (other ids, names). */
export function dataSubject(person: PersonRef, known: Array<{ teamsId?: string; aadObjectId?: string; name?: string }> = []): DataSubject {
  const keys = new Set(personKeys(person));
  const names = new Set<string>();
  if (nameKey(person.name)) names.add(nameKey(person.name));
  for (const record of known) {
    for (const key of [record.teamsId, record.aadObjectId]) if (key) keys.add(key);
    if (record.name && nameKey(record.name)) names.add(nameKey(record.name));
  }
  return { keys: [...keys], names: [...names] };
}

/** A stored PersonRef is the subject when it carries one of the subject's keys. */
export function isSubject(subject: DataSubject, person: PersonRef | undefined | null): boolean {
  if (!person || typeof person !== 'object') return false;
  return personKeys(person).some((key) => subject.keys.includes(key));
}

/** A bare name (no ids) is the subject's when it is exactly one of their names, ignoring case and spacing. */
export function isSubjectName(subject: DataSubject, name: string | undefined | null): boolean {
  return typeof name === 'string' && subject.names.includes(nameKey(name));
}

/** The neutral person that replaces the subject in shared records: a name (translated by the caller), no ids. */
export const neutralPerson = (name: string): PersonRef => ({ name });
