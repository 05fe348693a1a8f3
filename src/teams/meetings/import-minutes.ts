import { MINUTES_MAX_CHARS } from '../../domain/meetings/parse-minutes.js';
import { docxAttachmentOf, docxText, FileError, type DocxAttachment } from './files.js';
import { cardContextOf } from '../card-context.js';
import { pasteMinutesCard, previewForm } from './meeting-cards.js';
import { cardAction, type AttachmentRoute, type CommandRoute, type MessageRequest } from '../router.js';
import { z } from 'zod';

/** How long the bot waits, in personal chat, for the minutes after a bare "protokoll". */
export const AWAIT_MINUTES_MS = 15 * 60_000;
export const AWAITING_MINUTES = 'minutes';

/** Parses pasted minutes and shows the preview form; nothing is saved until the note-taker confirms. */
export async function importMinutes(request: MessageRequest, text: string, source: 'minutes' | 'docx' = 'minutes'): Promise<void> {
  if (text.length > MINUTES_MAX_CHARS) {
    await request.reply(request.t('minutes.tooLong', { length: text.length, max: MINUTES_MAX_CHARS }));
    return;
  }
  const draft = await request.services.meetings.importMinutes({
    tenantId: request.tenantId,
    conversationKey: request.conversationKey,
    text,
    createdBy: request.sender,
    source,
  });
  await request.reply(previewForm(draft, cardContextOf(request)));
}

/** "protokoll", optionally followed by the minutes. The only reading of that word. */
const MINUTES_COMMAND = /^(?:protokoll|protokollet|minutes)(?:[\s:]+(?<text>[\s\S]+))?$/i;

/** "protokoll <text>" (or "protokoll" alone in personal chat, then the text in the next message). */
export const importMinutesCommand: CommandRoute = {
  name: 'import-minutes',
  patterns: [MINUTES_COMMAND],
  help: { group: 'meetings', usage: 'command.minutes.usage', description: 'command.minutes.description', order: 1 },
  async handle(request, match) {
    const text = match.groups?.text?.trim();
    if (text) {
      await importMinutes(request, text);
      return;
    }
    if (request.address.kind !== 'personal') {
      // A channel or group chat: a card with a large box (the compose box loses the line breaks of long pasted text).
      await request.reply(pasteMinutesCard(cardContextOf(request)));
      return;
    }
    const until = new Date(request.services.clock.now().getTime() + AWAIT_MINUTES_MS).toISOString();
    await request.services.conversations.setAwaiting(request.tenantId, request.conversationKey, { kind: AWAITING_MINUTES, by: request.user.id, until });
    await request.reply(request.t('minutes.askPaste'));
  },
};

/** A .docx sent in personal chat: its text is read as minutes (preview first, like pasted text). */
export async function importDocx(request: MessageRequest, file: DocxAttachment): Promise<void> {
  let text: string;
  try {
    text = await docxText(file, { allowLoopbackHttp: request.services.config.localMode });
  } catch (error) {
    if (!(error instanceof FileError)) throw error;
    request.services.logger.info({ reason: error.reason }, 'minutes file refused');
    await request.reply(request.t(`minutes.file.${error.reason}`));
    return;
  }
  await importMinutes(request, text, 'docx');
}

/** A .docx with no text or a bare "protokoll": read as minutes in personal chat, refused in shared conversations. */
export const docxMinutesRoute: AttachmentRoute = {
  name: 'docx-minutes',
  match(request) {
    const file = docxAttachmentOf(request.attachments);
    const command = MINUTES_COMMAND.exec(request.text);
    if (!file || !(request.text === '' || (command && !command.groups?.text))) return undefined;
    if (request.address.kind !== 'personal') return () => request.reply(request.t('minutes.file.onlyPersonal'));
    return () => importDocx(request, file);
  },
};

/**
 * "Läs in" on the paste card: the minutes in its box are read and the preview takes the paste card's place, for
 * everyone in the conversation (as when the minutes are pasted after "protokoll"). Nothing is saved yet.
 */
export const pasteMinutesAction = cardAction({
  verb: 'meeting.paste',
  data: z.object({ minutes: z.string().max(MINUTES_MAX_CHARS * 5).default('') }),
  async handle(scope, { minutes }) {
    const text = minutes.trim();
    if (!text) return { kind: 'message', text: scope.t('minutes.paste.empty') };
    if (text.length > MINUTES_MAX_CHARS) return { kind: 'message', text: scope.t('minutes.tooLong', { length: text.length, max: MINUTES_MAX_CHARS }) };
    const draft = await scope.services.meetings.importMinutes({ tenantId: scope.tenantId, conversationKey: scope.conversationKey, text, createdBy: scope.sender, source: 'minutes' });
    const preview = previewForm(draft, cardContextOf(scope));
    return { kind: 'card', card: preview, updateMessage: preview };
  },
});
