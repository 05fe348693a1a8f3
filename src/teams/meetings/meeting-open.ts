import { z } from 'zod';
import { AppError } from '../../errors.js';
import { cardContextOf } from '../card-context.js';
import { editMeetingForm, noticeCard, summaryCard } from './meeting-cards.js';
import type { Meeting } from '../../domain/meetings/meeting.js';
import { cardAction, type TurnScope } from '../router.js';

const meetingRef = z.object({ meetingId: z.string().regex(/^[0-9a-f-]{36}$/, 'meetingId') });

/** The meeting a button refers to, if it belongs to this conversation; otherwise the action is answered "not found". */
async function meetingHere(scope: TurnScope, meetingId: string): Promise<Meeting> {
  const meeting = await scope.services.meetings.meeting(scope.tenantId, meetingId, scope.conversationKey);
  if (!meeting) throw new AppError('notFound');
  return meeting;
}

/** "Ändra" on a summary: the form with the meeting as it is now, for the clicker. */
export const editMeetingAction = cardAction({
  verb: 'meeting.edit',
  data: meetingRef,
  async handle(scope, { meetingId }) {
    return { kind: 'card', card: editMeetingForm(await meetingHere(scope, meetingId), cardContextOf(scope)) };
  },
});

/** "Visa" on the meeting list: that meeting's summary. */
export const showMeetingAction = cardAction({
  verb: 'meeting.show',
  data: meetingRef,
  async handle(scope, { meetingId }) {
    return { kind: 'card', card: summaryCard(await meetingHere(scope, meetingId), cardContextOf(scope)) };
  },
});

/** "Avbryt" on the preview of pasted minutes: the draft is dropped, nothing saved. */
export const cancelMeetingDraftAction = cardAction({
  verb: 'meeting.cancel',
  data: z.object({ draftId: z.string().regex(/^[0-9a-f-]{36}$/, 'draftId') }),
  async handle(scope, { draftId }) {
    const draft = await scope.services.meetings.draft(scope.tenantId, draftId, scope.conversationKey);
    if (draft) await scope.services.meetings.cancelDraft(scope.tenantId, draftId);
    const card = noticeCard(scope.t('meeting.cancelled'));
    return { kind: 'card', card, updateMessage: true };
  },
});
