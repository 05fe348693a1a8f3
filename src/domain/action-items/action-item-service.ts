import { randomUUID } from 'node:crypto';
import { addDays, isOverdue, todayIn, type DueDate } from '../dates/due-date.js';
import { parseDueExact } from '../dates/parse-due.js';
import { personKeys, samePerson, type PersonRef } from '../people/person.js';
import { ConflictError, retryOnConflict, type Clock } from '../ports.js';
import { fail, ok, type Failure, type Result } from '../result.js';
import {
  ActionItemRuleError,
  completeActionItem,
  createActionItem,
  deleteActionItem,
  editActionItem,
  reopenActionItem,
  snoozeActionItem,
  type ActionItem,
  type ActionItemSource,
  type PostedCard,
} from './action-item.js';
import { parseNewItem, type MentionInText } from './parse-new-item.js';

/** What the service needs from storage (implemented in src/store/action-item-repository.ts). */
export interface ActionItemStorage {
  get(tenantId: string, id: string): Promise<(ActionItem & { _etag: string }) | undefined>;
  create(item: ActionItem): Promise<ActionItem & { _etag: string }>;
  /** Rejects with ConflictError when the item changed since `etag`. */
  replace(item: ActionItem, etag: string): Promise<ActionItem & { _etag: string }>;
  listForConversation(tenantId: string, conversationKey: string, options?: { status?: 'open' | 'done'; doneSince?: string }): Promise<ActionItem[]>;
  listForPerson(tenantId: string, keys: string[], options?: { status?: 'open' | 'done'; doneSince?: string }): Promise<ActionItem[]>;
}

export type ItemAction =
  | { type: 'complete' }
  | { type: 'reopen' }
  | { type: 'snooze'; days: number }
  | { type: 'snoozeTo'; date: string }
  | { type: 'edit'; title?: string; due?: string | null; assignees?: PersonRef[] }
  | { type: 'delete' };

export type CreateFailureCode = 'emptyTitle' | 'titleTooLong' | 'tooManyAssignees' | 'dueInPast' | 'dueInvalid';
/** `etag`: the stored version, so the caller can attach the posted card without reading it again. */
export type CreateOutcome = Result<{ item: ActionItem; etag: string }, Failure<CreateFailureCode>>;

export type ActFailureCode = 'notFound' | 'titleTooLong' | 'emptyTitle' | 'tooManyAssignees' | 'dueInPast' | 'dueInvalid' | 'deleted';
/**
 * A click always lands on an item, so the three ways it can end without a user error are named successes:
 * `changed` (the change was made), `unchanged` (nothing to do, e.g. done clicked on a done item) and `stale`
 * (the card was out of date, or another change won the race: nothing written, here is the latest state).
 */
export type ActOutcome = Result<{ kind: 'changed' | 'unchanged' | 'stale'; item: ActionItem }, Failure<ActFailureCode>>;

export type ListFilter = 'open' | 'overdue' | 'all';

/** How long done items stay in "alla"/"all" lists. */
export const DONE_VISIBLE_DAYS = 30;

export interface Actor {
  person: PersonRef;
  /** The conversation the action comes from. */
  conversationKey: string;
}

export class ActionItemService {
  constructor(
    private readonly storage: ActionItemStorage,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly newId: () => string = () => randomUUID(),
    /** Told about every item created or changed (reminders follow items this way). Must not throw. */
    private readonly onChange: (item: ActionItem) => Promise<void> = async () => {},
  ) {}

  /** "att-göra <text>": parses who/what/when and stores the item. Nothing is stored when the text is not usable. */
  async createFromText(input: {
    tenantId: string;
    conversationKey: string;
    text: string;
    mentions: MentionInText[];
    sender: PersonRef;
    source?: ActionItemSource;
  }): Promise<CreateOutcome> {
    const now = this.clock.now();
    const parsed = parseNewItem(input.text, input.mentions, { now, timeZone: this.timeZone });
    if (!parsed.ok) return 'matched' in parsed ? fail(parsed.problem, parsed.matched) : fail(parsed.problem);
    const assignees = parsed.includesSender ? [input.sender, ...parsed.assignees] : parsed.assignees;
    return this.create({ ...input, title: parsed.title, assignees, due: parsed.due });
  }

  async create(input: {
    tenantId: string;
    conversationKey: string;
    title: string;
    assignees: PersonRef[];
    due?: DueDate;
    sender: PersonRef;
    source?: ActionItemSource;
  }): Promise<CreateOutcome> {
    try {
      const item = createActionItem(
        {
          id: this.newId(),
          tenantId: input.tenantId,
          conversationKey: input.conversationKey,
          title: input.title,
          assignees: input.assignees,
          due: input.due,
          createdBy: input.sender,
          source: input.source,
        },
        this.clock.now(),
      );
      const stored = await this.storage.create(item);
      await this.onChange(item);
      return ok({ item, etag: stored._etag });
    } catch (error) {
      if (error instanceof ActionItemRuleError) {
        const { problem } = error;
        if (problem.code === 'deleted') throw error;
        return 'length' in problem || 'count' in problem ? fail(problem.code, problem.max) : fail(problem.code);
      }
      throw error;
    }
  }

  /**
   * Remembers where the item's card was posted (so later changes update it in place). With the item and ETag
   * just created no read is needed; if someone changed it meanwhile, it is read again and retried.
   */
  async attachCard(tenantId: string, id: string, card: PostedCard, known?: { item: ActionItem; etag: string }): Promise<void> {
    await retryOnConflict(
      () => this.storage.get(tenantId, id),
      (current) => this.storage.replace({ ...stripEtag(current), card }, current._etag).then(() => undefined),
      known ? { first: { ...known.item, _etag: known.etag } } : {},
    );
  }


  /**
   * A button on a card: checks the card showed the latest revision, applies the change and writes it guarded by
   * the ETag read. When someone else got there first, nothing is written and the latest state is returned.
   */
  async act(tenantId: string, id: string, shownRevision: number | undefined, actor: Actor, action: ItemAction): Promise<ActOutcome> {
    const current = await this.storage.get(tenantId, id);
    if (!current || current.deletedAt || !this.mayAct(current, actor)) return fail('notFound');
    const item = stripEtag(current);
    if (shownRevision !== undefined && shownRevision !== item.revision) return ok({ kind: 'stale', item });

    let next: ActionItem;
    try {
      next = this.apply(item, actor.person, action);
    } catch (error) {
      if (error instanceof ActionItemRuleError) {
        const { problem } = error;
        return 'max' in problem ? fail(problem.code, problem.max) : fail(problem.code);
      }
      if (error instanceof DueInputError) return fail('dueInvalid', error.input);
      throw error;
    }
    if (next === item) return ok({ kind: 'unchanged', item });
    try {
      await this.storage.replace(next, current._etag);
      await this.onChange(next);
      return ok({ kind: 'changed', item: next });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const latest = await this.storage.get(tenantId, id);
      return latest && !latest.deletedAt ? ok({ kind: 'stale', item: stripEtag(latest) }) : fail('notFound');
    }
  }

  /** An item the actor may see and change, or undefined (unknown, deleted, another tenant, not theirs). */
  async find(tenantId: string, id: string, actor: Actor): Promise<ActionItem | undefined> {
    const current = await this.storage.get(tenantId, id);
    return current && !current.deletedAt && this.mayAct(current, actor) ? stripEtag(current) : undefined;
  }

  /** An item may be changed from the conversation it belongs to, or by its assignees and creator from anywhere. */
  private mayAct(item: ActionItem, actor: Actor): boolean {
    return item.conversationKey === actor.conversationKey || item.assignees.some((p) => samePerson(p, actor.person)) || samePerson(item.createdBy, actor.person);
  }

  private apply(item: ActionItem, by: PersonRef, action: ItemAction): ActionItem {
    const now = this.clock.now();
    switch (action.type) {
      case 'complete':
        return completeActionItem(item, by, now);
      case 'reopen':
        return reopenActionItem(item, by, now);
      case 'snooze': {
        const today = todayIn(now, this.timeZone);
        const from = item.due && item.due.date > today ? item.due.date : today;
        const due: DueDate = { date: addDays(from, action.days), ...(item.due?.time ? { time: item.due.time } : {}) };
        return snoozeActionItem(item, by, now, due, false);
      }
      case 'snoozeTo': {
        const due = this.exactDue(action.date);
        return snoozeActionItem(item, by, now, { ...due, ...(item.due?.time && !due.time ? { time: item.due.time } : {}) }, isOverdue(due, now, this.timeZone));
      }
      case 'edit': {
        const due = action.due === undefined ? undefined : action.due === null || action.due === '' ? null : this.exactDue(action.due);
        return editActionItem(item, by, now, {
          title: action.title,
          due,
          dueIsPast: due ? isOverdue(due, now, this.timeZone) : false,
          assignees: action.assignees,
        });
      }
      case 'delete':
        return deleteActionItem(item, by, now);
    }
  }

  private exactDue(text: string): DueDate {
    const parsed = parseDueExact(text, { now: this.clock.now(), timeZone: this.timeZone });
    if (parsed.ok) return parsed.due;
    if (parsed.reason === 'past') throw new ActionItemRuleError({ code: 'dueInPast' });
    throw new DueInputError(text);
  }

  /** A conversation's items for "uppgifter" / "försenade" / "alla", most urgent first. */
  async listForConversation(tenantId: string, conversationKey: string, filter: ListFilter): Promise<ActionItem[]> {
    const items = await this.storage.listForConversation(tenantId, conversationKey, this.listOptions(filter));
    return this.sortAndFilter(items, filter);
  }

  /** "mina uppgifter": the person's open items in every channel and chat of the tenant, overdue first. */
  async listForPerson(tenantId: string, person: PersonRef, filter: ListFilter): Promise<ActionItem[]> {
    const items = await this.storage.listForPerson(tenantId, personKeys(person), this.listOptions(filter));
    return this.sortAndFilter(items, filter);
  }

  private listOptions(filter: ListFilter): { status?: 'open'; doneSince?: string } {
    if (filter !== 'all') return { status: 'open' };
    return { doneSince: new Date(this.clock.now().getTime() - DONE_VISIBLE_DAYS * 86_400_000).toISOString() };
  }

  private sortAndFilter(items: ActionItem[], filter: ListFilter): ActionItem[] {
    const now = this.clock.now();
    const overdue = (item: ActionItem) => item.status === 'open' && item.due !== undefined && isOverdue(item.due, now, this.timeZone);
    const selected = filter === 'overdue' ? items.filter(overdue) : items;
    const rank = (item: ActionItem) => (item.status === 'done' ? 3 : overdue(item) ? 0 : item.due ? 1 : 2);
    const dueKey = (item: ActionItem) => (item.due ? `${item.due.date} ${item.due.time ?? '99:99'}` : '9999');
    return [...selected].sort((a, b) => rank(a) - rank(b) || dueKey(a).localeCompare(dueKey(b)) || a.createdAt.localeCompare(b.createdAt));
  }
}

class DueInputError extends Error {
  constructor(readonly input: string) {
    super(`not a date: ${input}`);
  }
}

function stripEtag(item: ActionItem & { _etag?: string }): ActionItem {
  const { _etag, ...rest } = item;
  void _etag;
  return rest;
}
