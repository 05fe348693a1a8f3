import { createHash } from 'node:crypto';
import { wallClockIn } from '../dates/due-date.js';
import type { ActionItem } from './action-item.js';

/**
 * The order lists show att-göra in, as one string per item, so the store can sort, page and count with an index
 * instead of every item being read and sorted here: open items before done ones; among them, by due date and time
 * (a day without a time counts as its end, no due date last), then by creation, then id.
 *
 * Overdue items come first without a rank of their own: an overdue item is due before every item that is not, so
 * ordering by due time already puts them first. "Overdue" is a range on the same key (`overdueBefore`).
 */
export function listKey(item: Pick<ActionItem, 'due' | 'createdAt' | 'id'>): string {
  const due = item.due ? `${item.due.date} ${item.due.time ?? '99:99'}` : '9999';
  return `${due}|${item.createdAt}|${item.id}`;
}

/** Where an item is listed: open, done or deleted (never listed). */
export function listState(item: Pick<ActionItem, 'status' | 'deletedAt'>): 'open' | 'done' | 'deleted' {
  return item.deletedAt ? 'deleted' : item.status === 'done' ? 'done' : 'open';
}

/**
 * The list key every open overdue item is below (and no other): `isOverdue` is "now is after the due instant",
 * and a day without a time is due at its end.
 */
export function overdueBefore(now: Date, timeZone: string): string {
  const wall = wallClockIn(now, timeZone);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  const date = `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
  const minute = `${pad(wall.hour)}:${pad(wall.minute)}`;
  const ms = now.getUTCMilliseconds();
  // Exactly on the minute nothing due at that minute is overdue yet; a moment later it is.
  return wall.second === 0 && ms === 0 ? `${date} ${minute}` : `${date} ${minute}:${pad(wall.second)}.${pad(ms, 3)}`;
}

/**
 * New item ids start with a tag of their conversation, so the store finds an item from its id alone (the
 * conversation is its partition): `<tag>.<random>`. Ids without a tag (made before) are found by a look-up.
 */
export function itemIdIn(conversationKey: string, random: string): string {
  return `${conversationTag(conversationKey)}.${random}`;
}

export function conversationTag(conversationKey: string): string {
  return createHash('sha256').update(conversationKey).digest('hex').slice(0, 16);
}

/** The shape of an item id, old (a UUID) or new (`<tag>.<UUID>`), for checking ids that come back on cards. */
export const ITEM_ID_PATTERN = '(?:[0-9a-f]{16}\\.)?[0-9a-f-]{36}';

/** The conversation tag an id carries, if it has one. */
export function tagOfItemId(id: string): string | undefined {
  const match = /^([0-9a-f]{16})\./.exec(id);
  return match?.[1];
}
