/**
 * A person as the bot knows them: the Teams user id (29:…) from messages and mentions, the Entra (AAD) object id
 * when Teams or the roster told us, and the display name. Either id may be missing, never both.
 */
export interface PersonRef {
  /** Teams user id, 29:… */
  id?: string;
  /** Entra ID object id (a GUID). */
  aadObjectId?: string;
  name: string;
}

/** Every key a person may be found under (lists are filtered on these). */
export function personKeys(person: PersonRef): string[] {
  return [person.aadObjectId, person.id].filter((key): key is string => Boolean(key));
}

export function samePerson(a: PersonRef, b: PersonRef): boolean {
  if (a.aadObjectId && b.aadObjectId) return a.aadObjectId === b.aadObjectId;
  if (a.id && b.id) return a.id === b.id;
  return false;
}

/** The id to @mention a person with on a card: the AAD object id when known, else the Teams id. */
export function mentionId(person: PersonRef): string | undefined {
  return person.aadObjectId ?? person.id;
}

export function uniquePeople(people: PersonRef[]): PersonRef[] {
  const result: PersonRef[] = [];
  for (const person of people) if (!result.some((p) => samePerson(p, person))) result.push(person);
  return result;
}
