import { z } from 'zod';
import { parseDueExact } from '../../domain/dates/parse-due.js';
import type { PersonRef } from '../../domain/people/person.js';
import { itemCard } from '../action-items/item-card.js';
import { cardAttachment, renderCard, type AdaptiveCard } from '../cards.js';
import { cardContextOf, plainText } from '../card-context.js';
import { errorKey } from '../failure.js';
import type { TurnScope } from '../router.js';

/**
 * "Skapa uppgift" in the "…" menu of any message (#17): a message extension action command with context
 * `message` (manifest `composeExtensions[].commands[]`, `fetchTask: true`).
 *
 * Shapes from "Create and send dialogs" / "Respond to the dialog submit action"
 * (https://learn.microsoft.com/microsoftteams/platform/messaging-extensions/how-to/action-commands/create-task-module,
 * …/respond-to-task-module-submit): Teams sends `invoke` `composeExtension/fetchTask` with
 * `value.{commandId, commandContext: 'message', messagePayload}`; `messagePayload` is the Graph-like chatMessage
 * (`id`, `replyToId`, `body.{contentType, content}`, `from.user.{id (Entra object id), displayName}`,
 * `linkToMessage`). The answer `{ task: { type: 'continue', value: { title, card } } }` opens the dialog;
 * its Action.Submit comes back as `composeExtension/submitAction` with the inputs in `value.data`. Answering `{}`
 * closes the dialog; the bot then posts the item card itself in the message's thread.
 */

export const CREATE_TODO_COMMAND = 'createTodo';

const messagePayload = z
  .object({
    id: z.string().max(200).optional(),
    replyToId: z.string().max(200).nullish(),
    linkToMessage: z.string().max(4_000).optional(),
    body: z.object({ contentType: z.string().max(50).optional(), content: z.string().max(200_000).optional() }).partial().optional(),
    from: z
      .object({ user: z.object({ id: z.string().max(200).optional(), displayName: z.string().max(500).optional() }).partial().nullish() })
      .partial()
      .nullish(),
  })
  .passthrough();

export const messageActionValue = z
  .object({
    commandId: z.string().max(100),
    commandContext: z.string().max(50).optional(),
    messagePayload: messagePayload.optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();
export type MessageActionValue = z.infer<typeof messageActionValue>;

const submitted = z.object({
  title: z.string().max(5_000).default(''),
  assignee: z.string().max(300).default(''),
  due: z.string().max(40).default(''),
});

/** The text of a message body (HTML in Teams) as one plain line for a title. */
export function plainMessageText(content: string | undefined, contentType?: string): string {
  let text = content ?? '';
  if (contentType !== 'text') {
    text = text
      .replace(/<at[^>]*>(.*?)<\/at>/gi, '$1')
      .replace(/<(br|\/p|\/div|\/li)\s*\/?>/gi, ' ')
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&amp;/g, '&');
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}

export interface Choice {
  key: string;
  name: string;
}

function authorOf(value: MessageActionValue): Choice | undefined {
  const user = value.messagePayload?.from?.user;
  return user?.id ? { key: user.id, name: user.displayName ?? '' } : undefined;
}

/** The dialog's Adaptive Card (exported for card validation and screenshots). */
export function dialogCard(scope: Pick<TurnScope, 't'>, value: MessageActionValue, fields: { title: string; assignee: string; due: string }, people: Choice[], notice?: string): AdaptiveCard {
  const author = authorOf(value);
  return renderCard('action-item-from-message', {
    hasNotice: Boolean(notice),
    notice: notice ?? '',
    heading: scope.t('msgAction.heading'),
    from: author ? scope.t('msgAction.from', { name: plainText(author.name) }) : '',
    title: fields.title,
    assignee: fields.assignee,
    due: fields.due,
    people: people.map((p) => ({ key: p.key, name: p.name })),
    messageId: value.messagePayload?.id ?? '',
    labels: {
      title: scope.t('msgAction.itemTitle'),
      titleError: scope.t('msgAction.titleError'),
      assignee: scope.t('msgAction.assignee'),
      due: scope.t('msgAction.due'),
      create: scope.t('msgAction.create'),
    },
  });
}

function dialog(scope: TurnScope, value: MessageActionValue, fields: { title: string; assignee: string; due: string }, people: Choice[], notice?: string) {
  const card = dialogCard(scope, value, fields, people, notice);
  return { task: { type: 'continue', value: { title: scope.t('msgAction.title'), width: 'medium', height: 'medium', card: cardAttachment(card) } } };
}

/** Author first (the suggested owner), then me, then the rest of the conversation's members. */
async function choices(scope: TurnScope, value: MessageActionValue): Promise<Choice[]> {
  const list: Choice[] = [];
  const add = (choice: Choice | undefined) => {
    if (choice && choice.key && !list.some((c) => c.key === choice.key)) list.push(choice);
  };
  add(authorOf(value));
  const me = scope.sender.aadObjectId ?? scope.sender.id;
  if (me) add({ key: me, name: scope.t('msgAction.me', { name: scope.sender.name }) });
  try {
    for (const member of (await scope.meeting.roster()).slice(0, 50)) add({ key: member.aadObjectId ?? member.id, name: member.name });
  } catch (error) {
    scope.services.logger.info({ err: error }, 'roster unavailable for the message action dialog');
  }
  return list;
}

/** composeExtension/fetchTask: the dialog, prefilled from the message. */
export async function fetchCreateTodo(scope: TurnScope, value: MessageActionValue): Promise<unknown> {
  if (value.commandId !== CREATE_TODO_COMMAND || !value.messagePayload) return { task: { type: 'message', value: scope.t('msgAction.onlyMessages') } };
  const author = authorOf(value);
  const title = plainMessageText(value.messagePayload.body?.content, value.messagePayload.body?.contentType);
  return dialog(scope, value, { title, assignee: author?.key ?? '', due: '' }, await choices(scope, value));
}

/**
 * composeExtension/submitAction: creates the item in this conversation and posts its card in the message's
 * thread, linked to the message. Bad input shows the dialog again with the problem; nothing is created.
 */
export async function submitCreateTodo(scope: TurnScope, value: MessageActionValue): Promise<unknown> {
  if (value.commandId !== CREATE_TODO_COMMAND || !value.messagePayload) return { task: { type: 'message', value: scope.t('msgAction.onlyMessages') } };
  const input = submitted.safeParse(value.data ?? {});
  const fields = input.success ? input.data : { title: '', assignee: '', due: '' };
  const again = async (notice: string) => dialog(scope, value, fields, await choices(scope, value), notice);
  const now = scope.services.clock.now();
  let due;
  if (fields.due.trim()) {
    const parsed = parseDueExact(fields.due.trim(), { now, timeZone: scope.services.config.timeZone });
    if (!parsed.ok) return again(scope.t('msgAction.badDate', { text: fields.due.slice(0, 40) }));
    due = parsed.due;
  }
  const author = authorOf(value);
  let owner: PersonRef | undefined;
  if (fields.assignee) {
    owner = await scope.people.resolve(fields.assignee, author?.key === fields.assignee ? author.name : undefined);
    if (!owner && author?.key === fields.assignee) owner = { aadObjectId: author.key, name: author.name };
    if (!owner && (scope.sender.aadObjectId === fields.assignee || scope.sender.id === fields.assignee)) owner = scope.sender;
  }
  const link = value.messagePayload.linkToMessage;
  const outcome = await scope.services.actionItems.create({
    tenantId: scope.tenantId,
    conversationKey: scope.conversationKey,
    title: fields.title,
    assignees: owner ? [owner] : [scope.sender],
    ...(due ? { due } : {}),
    sender: scope.sender,
    source: { kind: 'message', ...(link && /^https:\/\//.test(link) ? { url: link } : {}) },
  });
  if (!outcome.ok) {
    const detail = String(outcome.error.detail ?? '');
    // An empty title here means the form's title field: the form's own wording, not the command's.
    const key = outcome.error.code === 'emptyTitle' ? 'msgAction.titleError' : errorKey('actionItems', outcome.error);
    return again(scope.t(key, { text: detail, max: detail }));
  }
  const root = value.messagePayload.replyToId || value.messagePayload.id;
  const created = outcome.value;
  const card = itemCard(created.item, cardContextOf(scope));
  const posted = root ? await scope.postInThread(root, card) : await scope.post(card);
  if (posted) await scope.services.actionItems.attachCard(scope.tenantId, created.item.id, posted, created);
  return {};
}
