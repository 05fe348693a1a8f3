import { cardContextOf } from '../card-context.js';
import { newMeetingForm } from './meeting-cards.js';
import type { CommandRoute } from '../router.js';

/** "nytt möte": the form for writing a meeting summary directly. */
export const newMeetingCommand: CommandRoute = {
  name: 'new-meeting',
  patterns: [/^(?:nytt möte|nytt mote|new meeting)$/i],
  help: { group: 'meetings', usage: 'command.newMeeting.usage', description: 'command.newMeeting.description', order: 0, onWelcome: true },
  async handle(request) {
    await request.reply(newMeetingForm(cardContextOf(request), request.user.name));
  },
};
