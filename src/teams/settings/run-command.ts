import { z } from 'zod';
import { plainText } from '../card-context.js';
import { helpCard } from './help.js';
import { noticeCard } from '../meetings/meeting-cards.js';
import { cardAction, recognise, type MessageRequest } from '../router.js';

/**
 * A button that does what typing a command does: the help card's quick actions (Ny uppgift, Mina uppgifter,
 * Nytt möte, Påminn oss) and the "Menade du …?" suggestion. The command text goes through the same recognition
 * as a typed message, so a button can do nothing a person could not type. The answer goes to the conversation,
 * like the typed command's; the card the button was on is closed (help) or answered (suggestion).
 */
export const runCommandAction = cardAction({
  verb: 'command.run',
  data: z.object({
    command: z.string().trim().min(1).max(100),
    /** A small form on the help card: what to do (and by when) for a task, when and what for a reminder. */
    form: z.enum(['task', 'remind']).optional(),
    taskText: z.string().max(1_000).optional(),
    taskDue: z.string().regex(/^(\d{4}-\d{2}-\d{2})?$/).optional(),
    remindWhen: z.string().max(200).optional(),
    remindText: z.string().max(1_000).optional(),
    card: z.enum(['help', 'suggestion']).optional(),
  }),
  async handle(scope, data) {
    const text = commandText(data);
    const { found } = recognise(scope.services.commands, text);
    if (!found) return { kind: 'message', text: scope.t('hint.unknown', { text: text.slice(0, 60) }) };
    const request: MessageRequest = { ...scope, text: found.text, mentions: [], attachments: [] };
    await found.route.handle(request, found.match);
    if (data.card === 'help') return { kind: 'card', card: helpCard(scope) };
    if (data.card === 'suggestion') return { kind: 'card', card: noticeCard(scope.t('suggest.chosen', { name: plainText(scope.sender.name), command: plainText(data.command) })), updateMessage: true };
    return { kind: 'message', text: scope.t('suggest.done') };
  },
});

function commandText(data: { command: string; form?: 'task' | 'remind'; taskText?: string; taskDue?: string; remindWhen?: string; remindText?: string }): string {
  const oneLine = (value: string | undefined) => (value ?? '').replace(/\s+/g, ' ').trim();
  if (data.form === 'task') {
    const due = data.taskDue ? ` senast ${data.taskDue}` : '';
    return `${data.command} ${oneLine(data.taskText)}${due}`.trim();
  }
  if (data.form === 'remind') {
    const what = oneLine(data.remindText);
    return `${data.command} ${oneLine(data.remindWhen)}${what ? ` om ${what}` : ''}`.trim();
  }
  return data.command;
}
