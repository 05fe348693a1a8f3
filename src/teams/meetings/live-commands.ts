import { AppError } from '../../errors.js';
import { createActionItemCommand } from '../action-items/create-action-item.js';
import { decisionsCommand } from './read-meetings.js';
import { findCommand, type CommandRoute, type MessageRequest } from '../router.js';
import { problemText, showNotes } from './live-flow.js';
import type { LiveNoteKind } from '../../domain/meetings/live-meeting.js';

/**
 * During a meeting, in its chat: "@SHK-boten beslut: …", "@SHK-boten att-göra …", "@SHK-boten notera …" go into
 * the live notes and the notes card updates for everyone. With no meeting going on, "att-göra" creates the item
 * at once and "beslut …" searches decisions, as everywhere else.
 */

const MAX_TEXT = 2_000;

async function note(request: MessageRequest, kind: LiveNoteKind, text: string): Promise<boolean> {
  const { liveMeetings } = request.services;
  // No live meeting was ever started here (an ordinary channel or chat): nothing to look up.
  if (!request.conversation.liveMeetingsSince) return false;
  const live = await liveMeetings.current(request.tenantId, request.conversationKey);
  if (!live) return false;
  // "att-göra" recognises its retries by its item's id (selfDeduplicating); a note is claimed here instead.
  if (!(await request.turn.claim())) return true;
  if (text.length > MAX_TEXT) throw new AppError('textTooLong', { length: text.length, max: MAX_TEXT });
  const mentions = kind === 'todo' ? await request.people.resolveMentions(request.mentions) : [];
  const outcome = await liveMeetings.addNote({ tenantId: request.tenantId, id: live.id, conversationKey: request.conversationKey, kind, text, by: request.sender, mentions });
  if (!outcome.ok) {
    await request.reply(problemText(request, outcome.error));
    return true;
  }
  await showNotes(request, outcome.value.meeting);
  return true;
}

/** "beslut: budgeten godkänns" (the colon tells a decision from a search). */
export const liveDecisionCommand: CommandRoute = {
  name: 'live-decision',
  patterns: [/^(?:beslut|beslutat|decision|decided)\s*:\s*(?<rest>[\s\S]*)$/i],
  async handle(request, match) {
    if (await note(request, 'decision', match.groups?.rest ?? '')) return;
    // No meeting going on: "beslut: budget" is a search for decisions.
    const search = findCommand([decisionsCommand], `beslut ${match.groups?.rest ?? ''}`.trim());
    if (search) await search.route.handle(request, search.match);
  },
};

/** "notera Johan visar siffrorna nästa gång" */
export const liveNoteCommand: CommandRoute = {
  name: 'live-note',
  patterns: [/^(?:notera|anteckna|anteckning|note)(?=[\s:,]|$)[\s:,]*(?<rest>[\s\S]*)$/i],
  async handle(request, match) {
    if (await note(request, 'note', match.groups?.rest ?? '')) return;
    await request.reply(request.t('live.error.noMeeting'));
  },
};

/** "att-göra @Petra skicka inbjudan senast fredag" during a meeting: a to-do in the notes (an item when saved). */
export const liveTodoCommand: CommandRoute = {
  name: 'live-todo',
  patterns: createActionItemCommand.patterns,
  selfDeduplicating: true,
  async handle(request, match) {
    if (await note(request, 'todo', match.groups?.rest ?? '')) return;
    await createActionItemCommand.handle(request, match);
  },
};
