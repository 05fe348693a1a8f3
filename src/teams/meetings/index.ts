import type { Feature } from '../router.js';
import { AWAITING_MINUTES, docxMinutesRoute, importMinutes, importMinutesCommand, pasteMinutesAction } from './import-minutes.js';
import { cancelMeetingDraftAction, editMeetingAction, showMeetingAction } from './meeting-open.js';
import { remindUpcomingAction } from './meeting-remind.js';
import { saveMeetingAction } from './meeting-save.js';
import { newMeetingCommand } from './new-meeting.js';
import { decisionsCommand, followUpCommand, listMeetingsCommand, showMeetingCommand } from './read-meetings.js';
import { addNoteAction, completeFromBriefAction, finishNotesAction, takeNotesAction, viewNotesAction } from './live-actions.js';
import { liveDecisionCommand, liveNoteCommand, liveTodoCommand } from './live-commands.js';

/** Meetings: a new meeting, minutes in, reading meetings, decisions and follow-up, and the meeting while it happens (#17). */
export const meetings: Feature = {
  // The live-note commands first: "beslut: …" during a meeting is a decision, not a search (#17).
  commands: [liveTodoCommand, liveDecisionCommand, liveNoteCommand, newMeetingCommand, importMinutesCommand, listMeetingsCommand, showMeetingCommand, decisionsCommand, followUpCommand],
  cardActions: [
    saveMeetingAction,
    editMeetingAction,
    showMeetingAction,
    cancelMeetingDraftAction,
    remindUpcomingAction,
    pasteMinutesAction,
    takeNotesAction,
    completeFromBriefAction,
    addNoteAction,
    viewNotesAction,
    finishNotesAction,
  ],
  awaiting: { [AWAITING_MINUTES]: (request) => importMinutes(request, request.text) },
  attachments: [docxMinutesRoute],
};
