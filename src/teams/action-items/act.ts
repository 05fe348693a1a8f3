import { ITEM_ID_PATTERN } from '../../domain/action-items/list-order.js';
import { z } from 'zod';
import type { ItemAction, ItemPage } from '../../domain/action-items/action-item-service.js';
import type { ActionItem } from '../../domain/action-items/action-item.js';
import { AppError } from '../../errors.js';
import { cardAttachment, type AdaptiveCard } from '../cards.js';
import { cardContextOf, conversationCardContext, type CardContext, plainText } from '../card-context.js';
import { errorKey } from '../failure.js';
import type { CardActionResult, TurnScope } from '../router.js';
import type { BotServices } from '../services.js';
import { deletedCard, itemCard, type Notice } from './item-card.js';
import { listCard, listSpec, PAGE_SIZE, type ListSpec } from './list-card.js';

/** Shared by the att-göra card actions: what a button carries, and how an outcome becomes the answer. */

export const itemRef = z.object({
  // A random UUID after its conversation's tag (`<16 hex>.<uuid>`, see list-order.ts); items made before: the UUID.
  id: z.string().regex(new RegExp(`^${ITEM_ID_PATTERN}$`), 'id'),
  revision: z.coerce.number().int().min(1).optional(),
  /** Present when the button was on a list card: the list to show again. */
  list: listSpec.optional(),
});
export type ItemRef = z.infer<typeof itemRef>;

export function actorOf(scope: TurnScope) {
  return { person: scope.sender, conversationKey: scope.conversationKey };
}

/** The item a button refers to, if the clicker may see it; otherwise the action is answered "not found". */
export async function itemForActor(scope: TurnScope, ref: ItemRef): Promise<ActionItem> {
  const item = await scope.services.actionItems.find(scope.tenantId, ref.id, actorOf(scope));
  if (!item) throw new AppError('notFound');
  return item;
}

/** Runs a change on an item and answers with the item card (or the list the button was on). */
export async function actOnItem(scope: TurnScope, ref: ItemRef, action: ItemAction, successNotice: (item: ActionItem, c: CardContext) => Notice | undefined): Promise<CardActionResult> {
  const outcome = await scope.services.actionItems.act(scope.tenantId, ref.id, ref.revision, actorOf(scope), action);
  const c = cardContextOf(scope);
  if (!outcome.ok) {
    const { error } = outcome;
    if (error.code === 'notFound') throw new AppError('notFound');
    // A change to an existing item: "nothing changed", not "no item was created" (error.itemChange.*).
    const current = await itemForActor(scope, ref);
    const typed = action.type === 'snoozeTo' ? action.date : action.type === 'edit' ? (action.due ?? '') : '';
    const detail = String(error.detail ?? '') || typed.slice(0, 60);
    const key = (error.code === 'dueInPast' || error.code === 'dueInvalid') && !detail ? errorKey('itemChange', 'dueMissing') : errorKey('itemChange', { code: error.code });
    const text = c.t(key, { text: plainText(detail), max: String(error.detail ?? '') });
    return view(scope, ref, current, { text, tone: 'attention' }, false);
  }
  const { kind, item } = outcome.value;
  switch (kind) {
    case 'stale':
      return view(scope, ref, item, { text: c.t('item.notice.stale'), tone: 'attention' }, true);
    case 'unchanged':
      return view(scope, ref, item, { text: c.t('item.notice.unchanged'), tone: 'default' }, false);
    case 'changed':
      void syncPostedCard(scope, item);
      return view(scope, ref, item, successNotice(item, c), true);
  }
}

/** The card to answer with: the item card, or the list the click came from, refreshed. */
async function view(scope: TurnScope, ref: ItemRef, item: ActionItem, notice: Notice | undefined, updateMessage: boolean): Promise<CardActionResult> {
  const c = cardContextOf(scope);
  if (ref.list) {
    const items = await listItems(scope, ref.list);
    return { kind: 'card', card: listCard(items, ref.list, c, notice), ...(updateMessage ? { updateMessage: listCard(items, ref.list, c) } : {}) };
  }
  const plain = item.deletedAt ? deletedCard(item, c) : itemCard(item, c);
  const card = item.deletedAt ? plain : itemCard(item, c, notice);
  return { kind: 'card', card, ...(updateMessage ? { updateMessage: plain } : {}) };
}

/** The page of the list a card shows (counted and cut by the store). */
export async function listItems(scope: TurnScope, spec: ListSpec): Promise<ItemPage> {
  const { actionItems } = scope.services;
  // Everyone in a channel or group chat reads the answer: there, only this conversation's items (the full list is
  // in the person's own chat with the bot and in the tab).
  const within = scope.address.kind === 'personal' ? undefined : scope.conversationKey;
  return spec.scope === 'mine'
    ? actionItems.pageForPerson(scope.tenantId, scope.sender, spec.filter, spec.page, PAGE_SIZE, within)
    : actionItems.pageForConversation(scope.tenantId, scope.conversationKey, spec.filter, spec.page, PAGE_SIZE);
}

/**
 * When an item changed through another message (a list, or personal chat), its own card in the channel is
 * updated too, in that conversation's language. Best effort: a failure is logged, the change stands.
 */
export async function syncPostedCard(scope: TurnScope, item: ActionItem): Promise<void> {
  if (item.card?.activityId === scope.replyTo?.activityId) return;
  await updatePostedItemCard(scope.services, scope.tenantId, item);
}

/** Updates an item's own card where it was posted (also used when the item changes in the tab). Best effort. */
export async function updatePostedItemCard(services: BotServices, tenantId: string, item: ActionItem): Promise<void> {
  if (!item.card) return;
  await updatePostedCard(services, tenantId, item.conversationKey, item.card, (c) => (item.deletedAt ? deletedCard(item, c) : itemCard(item, c)), {
    fields: { itemId: item.id },
    message: 'could not update the posted card of an action item',
  });
}

/**
 * Replaces a card the bot posted in a conversation (outside a turn: proactive update), built in that conversation's
 * card context; nothing if the conversation is gone or inactive. Best effort: a failure is logged, not thrown.
 */
export async function updatePostedCard(
  services: BotServices,
  tenantId: string,
  conversationKey: string,
  posted: { conversationId: string; activityId: string },
  build: (c: CardContext) => AdaptiveCard,
  failure: { fields: Record<string, unknown>; message: string },
): Promise<void> {
  try {
    const conversation = await services.conversations.get(tenantId, conversationKey);
    if (!conversation?.active) return;
    const c = conversationCardContext(conversation, services.config, services.clock.now());
    await services.proactive.update({ ...conversation, conversationId: posted.conversationId }, posted.activityId, {
      type: 'message',
      attachments: [cardAttachment(build(c))],
    });
  } catch (error) {
    services.logger.warn({ err: error, ...failure.fields }, failure.message);
  }
}
