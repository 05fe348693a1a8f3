import type { MeetingForm, SaveOutcome } from '../../domain/meetings/meeting-service.js';
import type { MessageKey } from '../../i18n/index.js';
import type { TurnScope } from '../router.js';

const PROBLEMS: Record<Exclude<Extract<SaveOutcome, { ok: false }>['problem'], 'notFound' | 'stale'>, MessageKey> = {
  emptyTitle: 'meeting.error.emptyTitle',
  titleTooLong: 'meeting.error.titleTooLong',
  noDate: 'meeting.error.noDate',
  invalidDate: 'meeting.error.invalidDate',
  tooManyLines: 'meeting.error.tooManyLines',
  lineTooLong: 'meeting.error.lineTooLong',
};

export function problemText(scope: TurnScope, problem: keyof typeof PROBLEMS, detail?: string): string {
  return scope.t(PROBLEMS[problem], { max: detail ?? '', text: detail ?? '' });
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
