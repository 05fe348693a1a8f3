import type { Feature } from '../router.js';
import { AWAITING_MINUTES, docxMinutesRoute, importMinutes, importMinutesCommand, pasteMinutesAction } from './import-minutes.js';
import { cancelMeetingDraftAction, editMeetingAction, showMeetingAction } from './meeting-open.js';
import { remindUpcomingAction } from './meeting-remind.js';
import { saveMeetingAction } from './meeting-save.js';
import { newMeetingCommand } from './new-meeting.js';
import { decisionsCommand, followUpCommand, listMeetingsCommand, showMeetingCommand } from './read-meetings.js';

/** Meetings: a new meeting, minutes in, and reading meetings, decisions and follow-up. */
export const meetings: Feature = {
  commands: [newMeetingCommand, importMinutesCommand, listMeetingsCommand, showMeetingCommand, decisionsCommand, followUpCommand],
  cardActions: [saveMeetingAction, editMeetingAction, showMeetingAction, cancelMeetingDraftAction, remindUpcomingAction, pasteMinutesAction],
  awaiting: { [AWAITING_MINUTES]: (request) => importMinutes(request, request.text) },
  attachments: [docxMinutesRoute],
};
