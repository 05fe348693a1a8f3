import { z } from 'zod';
import { MEETING_TYPES } from '../../domain/meetings/meeting.js';
import { AppError } from '../../errors.js';
import { cardContextOf } from '../card-context.js';
import { editMeetingForm, summaryCard } from './meeting-cards.js';
import { problemText, saveMeeting } from './save-meeting.js';
import { cardAction } from '../router.js';

const text = (max: number) => z.string().max(max).optional();

/** "Spara mötet" on the form (new, preview of minutes, or edit): the summary replaces the form for everyone. */
export const saveMeetingAction = cardAction({
  verb: 'meeting.save',
  data: z.object({
    meetingId: z.union([z.literal(''), z.string().regex(/^[0-9a-f-]{36}$/)]).default(''),
    revision: z.coerce.number().int().min(0).default(0),
    draftId: z.union([z.literal(''), z.string().regex(/^[0-9a-f-]{36}$/)]).default(''),
    title: z.string().max(1_000),
    kind: z.enum(MEETING_TYPES),
    date: z.string().max(40),
    startTime: text(10),
    endTime: text(10),
    place: text(1_000),
    participants: text(50_000),
    absent: text(50_000),
    decisions: text(100_000),
    todos: text(100_000),
    keyPoints: text(100_000),
    nextMeeting: text(40),
    noteTaker: text(1_000),
  }),
  async handle(scope, data) {
    const { meetingId, revision, draftId, ...form } = data;
    const outcome = await saveMeeting(scope, form, {
      ...(meetingId ? { meetingId, revision } : {}),
      ...(draftId ? { draftId } : {}),
    });
    const c = cardContextOf(scope);
    if (!outcome.ok) {
      const { code, detail } = outcome.error;
      if (code === 'notFound') throw new AppError('notFound');
      return { kind: 'message', text: problemText(scope, { code, ...(detail === undefined ? {} : { detail }) }) };
    }
    const saved = outcome.value;
    if (saved.kind === 'stale') return { kind: 'card', card: editMeetingForm(saved.meeting, c, scope.t('meeting.stale')) };
    const { meeting } = saved;
    if (saved.created && scope.replyTo) {
      await scope.services.meetings.recordCard(scope.tenantId, meeting.id, scope.replyTo);
    }
    return { kind: 'card', card: summaryCard(meeting, c, { notice: scope.t('meeting.saved') }), updateMessage: summaryCard(meeting, c) };
  },
});
