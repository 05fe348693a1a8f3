import type { DueDate } from '../dates/due-date.js';
import { personKeys, uniquePeople, type PersonRef } from '../people/person.js';

/**
 * An att-göra: something named people have promised to do, usually by a date. Every change is kept in the
 * item's history; `revision` counts changes so a card can tell whether it shows the latest state.
 */

export const TITLE_MAX_LENGTH = 500;
export const MAX_ASSIGNEES = 20;

export type ActionItemStatus = 'open' | 'done';

export type ActionItemSource =
  /** `url`: the Teams link of the message it was made from ("Skapa uppgift" on a message, #17). */
  | { kind: 'message'; url?: string }
  | { kind: 'meeting'; meetingId: string; title: string; url?: string };

export type HistoryChange = 'created' | 'completed' | 'reopened' | 'snoozed' | 'edited' | 'deleted';

export interface HistoryEntry {
  at: string;
  by: PersonRef;
  change: HistoryChange;
  /** What changed, e.g. { due: '2024-03-08' } or { title: '…' }. */
  details?: Record<string, string>;
}

/** Where the item's card was posted, so it can be updated in place. */
export interface PostedCard {
  /** The conversation the message is in (for a channel: the thread, `19:…;messageid=…`). */
  conversationId: string;
  activityId: string;
}

export interface ActionItem {
  id: string;
  tenantId: string;
  /** The channel or chat it belongs to (conversationKey), for listing and reminders. */
  conversationKey: string;
  title: string;
  assignees: PersonRef[];
  /** personKeys of every assignee, for "my tasks" queries. */
  assigneeKeys: string[];
  due?: DueDate;
  status: ActionItemStatus;
  createdBy: PersonRef;
  createdAt: string;
  updatedAt: string;
  completedAt?: string;
  completedBy?: PersonRef;
  deletedAt?: string;
  source: ActionItemSource;
  card?: PostedCard;
  revision: number;
  history: HistoryEntry[];
}

export type ActionItemProblem =
  | { code: 'emptyTitle' }
  | { code: 'titleTooLong'; length: number; max: number }
  | { code: 'tooManyAssignees'; count: number; max: number }
  | { code: 'dueInPast' }
  | { code: 'deleted' };

export class ActionItemRuleError extends Error {
  constructor(readonly problem: ActionItemProblem) {
    super(`action item rule: ${problem.code}`);
    this.name = 'ActionItemRuleError';
  }
}

/** Tidies a title: trims, folds white space, capitalises the first letter. Throws on empty or too long. */
export function normaliseTitle(raw: string): string {
  const title = raw.replace(/\s+/g, ' ').replace(/^[\s,:;–-]+|[\s,;–-]+$/g, '').trim();
  if (title.length === 0) throw new ActionItemRuleError({ code: 'emptyTitle' });
  if (title.length > TITLE_MAX_LENGTH) throw new ActionItemRuleError({ code: 'titleTooLong', length: title.length, max: TITLE_MAX_LENGTH });
  return title.charAt(0).toLocaleUpperCase('sv-SE') + title.slice(1);
}

function checkAssignees(assignees: PersonRef[]): PersonRef[] {
  const unique = uniquePeople(assignees);
  if (unique.length > MAX_ASSIGNEES) throw new ActionItemRuleError({ code: 'tooManyAssignees', count: unique.length, max: MAX_ASSIGNEES });
  return unique;
}

export interface NewActionItem {
  id: string;
  tenantId: string;
  conversationKey: string;
  title: string;
  assignees: PersonRef[];
  due?: DueDate;
  createdBy: PersonRef;
  source?: ActionItemSource;
}

export function createActionItem(input: NewActionItem, now: Date): ActionItem {
  const at = now.toISOString();
  const assignees = checkAssignees(input.assignees.length > 0 ? input.assignees : [input.createdBy]);
  return {
    id: input.id,
    tenantId: input.tenantId,
    conversationKey: input.conversationKey,
    title: normaliseTitle(input.title),
    assignees,
    assigneeKeys: assignees.flatMap(personKeys),
    ...(input.due ? { due: input.due } : {}),
    status: 'open',
    createdBy: input.createdBy,
    createdAt: at,
    updatedAt: at,
    source: input.source ?? { kind: 'message' },
    revision: 1,
    history: [{ at, by: input.createdBy, change: 'created' }],
  };
}

function change(item: ActionItem, by: PersonRef, now: Date, kind: HistoryChange, patch: Partial<ActionItem>, details?: Record<string, string>): ActionItem {
  if (item.deletedAt) throw new ActionItemRuleError({ code: 'deleted' });
  const at = now.toISOString();
  return {
    ...item,
    ...patch,
    updatedAt: at,
    revision: item.revision + 1,
    history: [...item.history, { at, by, change: kind, ...(details ? { details } : {}) }],
  };
}

export function completeActionItem(item: ActionItem, by: PersonRef, now: Date): ActionItem {
  if (item.status === 'done') return item;
  return change(item, by, now, 'completed', { status: 'done', completedAt: now.toISOString(), completedBy: by });
}

export function reopenActionItem(item: ActionItem, by: PersonRef, now: Date): ActionItem {
  if (item.status === 'open') return item;
  const reopened = change(item, by, now, 'reopened', { status: 'open' });
  delete reopened.completedAt;
  delete reopened.completedBy;
  return reopened;
}

/** Moves the due date (snooze). `isPast` tells whether the new date has already passed. */
export function snoozeActionItem(item: ActionItem, by: PersonRef, now: Date, due: DueDate, isPast: boolean): ActionItem {
  if (isPast) throw new ActionItemRuleError({ code: 'dueInPast' });
  return change(item, by, now, 'snoozed', { due }, { from: item.due?.date ?? '', to: due.date });
}

export interface ActionItemEdit {
  title?: string;
  /** `null` removes the due date. */
  due?: DueDate | null;
  dueIsPast?: boolean;
  assignees?: PersonRef[];
}

export function editActionItem(item: ActionItem, by: PersonRef, now: Date, edit: ActionItemEdit): ActionItem {
  const patch: Partial<ActionItem> = {};
  const details: Record<string, string> = {};
  if (edit.title !== undefined) {
    const title = normaliseTitle(edit.title);
    if (title !== item.title) {
      patch.title = title;
      details.title = title;
    }
  }
  if (edit.due !== undefined) {
    const before = item.due ? `${item.due.date}${item.due.time ? ` ${item.due.time}` : ''}` : '';
    const after = edit.due ? `${edit.due.date}${edit.due.time ? ` ${edit.due.time}` : ''}` : '';
    if (before !== after) {
      if (edit.due && edit.dueIsPast) throw new ActionItemRuleError({ code: 'dueInPast' });
      patch.due = edit.due ?? undefined;
      details.due = after;
    }
  }
  if (edit.assignees !== undefined) {
    const assignees = checkAssignees(edit.assignees.length > 0 ? edit.assignees : [by]);
    const names = (people: PersonRef[]) => people.map((p) => p.aadObjectId ?? p.id ?? p.name).sort().join(',');
    if (names(assignees) !== names(item.assignees)) {
      patch.assignees = assignees;
      patch.assigneeKeys = assignees.flatMap(personKeys);
      details.assignees = assignees.map((p) => p.name).join(', ');
    }
  }
  if (Object.keys(details).length === 0) return item;
  const edited = change(item, by, now, 'edited', patch, details);
  if (edit.due === null) delete edited.due;
  return edited;
}

export function deleteActionItem(item: ActionItem, by: PersonRef, now: Date): ActionItem {
  return change(item, by, now, 'deleted', { deletedAt: now.toISOString() });
}
