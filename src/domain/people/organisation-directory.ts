import type { Meeting } from '../meetings/meeting.js';
import { foldForMatching, organisationIn, organisationOfEmail, type OrganisationId } from './organisation.js';
import type { PersonRef } from './person.js';

/**
 * Where people work: from their e-mail domain (remembered from the roster), else from how the minutes of the
 * conversations at hand wrote them ("Christine Wäneskog, Västerås stad").
 */
export class OrganisationDirectory {
  private readonly byName = new Map<string, OrganisationId>();

  constructor(
    meetings: readonly Meeting[],
    private readonly emails: ReadonlyMap<string, string | undefined> = new Map(),
  ) {
    for (const meeting of meetings) {
      for (const attendee of [...meeting.participants, ...meeting.absent]) {
        const organisation = organisationIn(attendee.organisation);
        if (organisation) this.byName.set(foldForMatching(attendee.name), organisation);
      }
    }
  }

  of(person: PersonRef): OrganisationId | undefined {
    const email = (person.aadObjectId && this.emails.get(person.aadObjectId)) || (person.id && this.emails.get(person.id)) || undefined;
    return organisationOfEmail(email) ?? this.ofName(person.name);
  }

  ofName(name: string): OrganisationId | undefined {
    const folded = foldForMatching(name);
    const exact = this.byName.get(folded);
    if (exact) return exact;
    // "Petra" in the minutes' to-do list, "Petra Edoff" among the participants: a unique first name is enough.
    const first = [...this.byName.entries()].filter(([full]) => full.split(' ')[0] === folded || folded.split(' ')[0] === full);
    return first.length === 1 ? first[0]![1] : undefined;
  }
}
