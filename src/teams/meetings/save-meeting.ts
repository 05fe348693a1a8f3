import type { MeetingForm, SaveOutcome } from '../../domain/meetings/meeting-service.js';
import type { MeetingProblem } from '../../domain/meetings/meeting.js';
import type { Failure } from '../../domain/result.js';
import { errorKey } from '../failure.js';
import type { TurnScope } from '../router.js';

/** The message for a refused meeting form (`error.meetings.<code>`). */
export function problemText(scope: TurnScope, failure: Failure<MeetingProblem, string>): string {
  return scope.t(errorKey('meetings', failure), { max: failure.detail ?? '', text: failure.detail ?? '' });
}

/** Saves the form for the person in this turn; owners are looked up in the conversation's roster by name. */
export function saveMeeting(scope: TurnScope, form: MeetingForm, ids: { meetingId?: string; revision?: number; draftId?: string }): Promise<SaveOutcome> {
  return scope.services.meetings.save({
    tenantId: scope.tenantId,
    conversationKey: scope.conversationKey,
    form,
    by: scope.sender,
    ...ids,
    lookup: (name) => scope.people.findByName(name),
  });
}
