import { z } from 'zod';
import { formatDateTime, todayIn } from '../../domain/dates/due-date.js';
import { upcomingReminderId } from '../../domain/reminders/reminder-service.js';
import { atLocalTime, firstWorkingDayBefore } from '../../domain/reminders/reminder.js';
import { AppError } from '../../errors.js';
import { cardContextOf } from '../card-context.js';
import { cardAction } from '../router.js';
import { remindable, summaryCard, UPCOMING_SHOWN } from './meeting-cards.js';

/** When a "Påminn oss" reminder fires: the working day before the date at 09:00, or that morning if that has passed. */
const REMIND_AT = '09:00';

/**
 * "Påminn oss" next to an upcoming date on a meeting summary ("Nästa möte med KPR 14 april"): a reminder to this
 * conversation, once per date, whoever presses it. Everyone's card then shows "Påminnelse satt" for that date; the
 * person who pressed is told when it comes.
 */
export const remindUpcomingAction = cardAction({
  verb: 'meeting.remind',
  data: z.object({ meetingId: z.string().regex(/^[0-9a-f-]{36}$/, 'meetingId'), index: z.coerce.number().int().min(0).max(UPCOMING_SHOWN - 1) }),
  async handle(scope, { meetingId, index }) {
    const meeting = await scope.services.meetings.meeting(scope.tenantId, meetingId, scope.conversationKey);
    if (!meeting || !meeting.upcoming[index]) throw new AppError('notFound');
    const c = cardContextOf(scope);
    const upcoming = meeting.upcoming[index]!;
    const now = scope.services.clock.now();
    if (!upcoming.date || upcoming.date < todayIn(now, c.timeZone)) return { kind: 'message', text: scope.t('meeting.remind.past') };

    const dayBefore = atLocalTime(firstWorkingDayBefore(upcoming.date, 1), REMIND_AT, c.timeZone);
    const sameDay = atLocalTime(upcoming.date, REMIND_AT, c.timeZone);
    const dueAt = dayBefore.getTime() > now.getTime() ? dayBefore : sameDay.getTime() > now.getTime() ? sameDay : now;
    const { reminder, created } = await scope.services.reminders.addOnce({
      id: upcomingReminderId(meeting.id, index),
      tenantId: scope.tenantId,
      conversationKey: scope.conversationKey,
      text: scope.t('meeting.remind.text', { text: upcoming.text, meeting: meeting.title }),
      audience: 'us',
      person: scope.sender,
      dueAt,
    });
    const when = formatDateTime(new Date(reminder.dueAt), c.locale, c.timeZone, now);
    const reminded = await remindedDates(scope, meeting.id, remindable(meeting, c));
    const notice = created
      ? scope.t(scope.address.kind === 'personal' ? 'meeting.remind.donePersonal' : 'meeting.remind.done', { when, text: upcoming.text })
      : scope.t('meeting.remind.already', { when });
    return { kind: 'card', card: summaryCard(meeting, c, { notice, reminded }), updateMessage: summaryCard(meeting, c, { reminded }) };
  },
});

/** Which of the meeting's upcoming dates already have their "Påminn oss" reminder. */
async function remindedDates(scope: Parameters<typeof remindUpcomingAction.handle>[0], meetingId: string, indices: number[]): Promise<Set<number>> {
  const ids = new Set(indices.map((i) => upcomingReminderId(meetingId, i)));
  const reminders = await scope.services.reminders.upcoming(scope.tenantId, scope.conversationKey);
  return new Set(indices.filter((i) => reminders.some((r) => r.id === upcomingReminderId(meetingId, i) && ids.has(r.id) && r.status !== 'cancelled')));
}
