import { createHash, randomUUID } from 'node:crypto';
import { addDays, isOverdue, todayIn, type DueDate } from '../dates/due-date.js';
import { itemIdIn, overdueBefore } from './list-order.js';
import { parseDueExact } from '../dates/parse-due.js';
import { personKeys, samePerson, type PersonRef } from '../people/person.js';
import { AlreadyDoneError, ConflictError, retryOnConflict, type Clock, type Versioned } from '../ports.js';
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

/**
 * Which listed items a store query selects, in list order (`listKey`): the open ones (optionally only those whose
 * key is below `before`: the overdue ones), or the done ones completed at or after `doneSince`; at most `limit`.
 */
export interface ItemQuery {
  state: 'open' | 'done';
  before?: string;
  /** Only items after this list key (a page that starts where the previous one ended: keyset paging). */
  after?: string;
  doneSince?: string;
  limit?: number;
}

/** What the service needs from storage (implemented in src/store/action-item-repository.ts). */
export interface ActionItemStorage {
  get(tenantId: string, id: string): Promise<Versioned<ActionItem> | undefined>;
  /** Rejects with ConflictError when an item with the same id exists. */
  create(item: ActionItem): Promise<Versioned<ActionItem>>;
  /** Rejects with ConflictError when the item changed since `etag`. */
  replace(item: ActionItem, etag: string): Promise<Versioned<ActionItem>>;
  /** A conversation's items in list order (not deleted ones). */
  listForConversation(tenantId: string, conversationKey: string, query: ItemQuery): Promise<ActionItem[]>;
  countForConversation(tenantId: string, conversationKey: string, query: ItemQuery): Promise<number>;
  /** Items any of whose assignees has one of `keys`, across the tenant, in list order. */
  /** A person's items across the tenant, or only in one conversation when `conversationKey` is given. */
  listForPerson(tenantId: string, keys: string[], query: ItemQuery, conversationKey?: string): Promise<ActionItem[]>;
  countForPerson(tenantId: string, keys: string[], query: ItemQuery, conversationKey?: string): Promise<number>;
}

/** Lists count up to this many items ("1–8 av 500+" beyond): a count that stops costs the same for any size. */
export const LIST_COUNT_CAP = 500;

/** One page of a list, and how many the whole list holds. */
export interface ItemPage {
  items: ActionItem[];
  /** How many the list holds, at most LIST_COUNT_CAP (then `more` is true). */
  total: number;
  /** The list holds more than `total`. */
  more?: boolean;
  /** The page shown (the one asked for, or the last one when the list has become shorter). */
  page: number;
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
    /**
     * The same key always gives the same item id, so a request made twice creates one item: the second time
     * rejects with AlreadyDoneError and writes nothing.
     */
    requestKey?: string;
  }): Promise<CreateOutcome> {
    const now = this.clock.now();
    const outcome = parseNewItem(input.text, input.mentions, { now, timeZone: this.timeZone });
    if (!outcome.ok) return outcome;
    const parsed = outcome.value;
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
    requestKey?: string;
  }): Promise<CreateOutcome> {
    try {
      const item = createActionItem(
        {
          id: itemIdIn(input.conversationKey, input.requestKey === undefined ? this.newId() : uuidFromKey(input.requestKey)),
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
      return ok({ item, etag: stored.etag });
    } catch (error) {
      if (error instanceof ConflictError && input.requestKey !== undefined) throw new AlreadyDoneError(input.requestKey, { cause: error });
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
    await retryOnConflict(async (attempt) => {
      const current = attempt === 1 && known ? { value: known.item, etag: known.etag } : await this.storage.get(tenantId, id);
      if (current) await this.storage.replace({ ...current.value, card }, current.etag);
    });
  }

  /**
   * A button on a card: checks the card showed the latest revision, applies the change and writes it guarded by
   * the ETag read. When someone else got there first, nothing is written and the latest state is returned.
   */
  async act(tenantId: string, id: string, shownRevision: number | undefined, actor: Actor, action: ItemAction): Promise<ActOutcome> {
    const current = await this.storage.get(tenantId, id);
    if (!current || current.value.deletedAt || !this.mayAct(current.value, actor)) return fail('notFound');
    const item = current.value;
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
      await this.storage.replace(next, current.etag);
      await this.onChange(next);
      return ok({ kind: 'changed', item: next });
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const latest = (await this.storage.get(tenantId, id))?.value;
      return latest && !latest.deletedAt ? ok({ kind: 'stale', item: latest }) : fail('notFound');
    }
  }

  /** An item the actor may see and change, or undefined (unknown, deleted, another tenant, not theirs). */
  async find(tenantId: string, id: string, actor: Actor): Promise<ActionItem | undefined> {
    const current = (await this.storage.get(tenantId, id))?.value;
    return current && !current.deletedAt && this.mayAct(current, actor) ? current : undefined;
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

  /** A conversation's items for "uppgifter" / "försenade" / "alla", most urgent first (every one of them). */
  async listForConversation(tenantId: string, conversationKey: string, filter: ListFilter): Promise<ActionItem[]> {
    return this.everything(filter, (query) => this.storage.listForConversation(tenantId, conversationKey, query));
  }

  /** "mina uppgifter": the person's items in every channel and chat of the tenant, overdue first (every one). */
  async listForPerson(tenantId: string, person: PersonRef, filter: ListFilter): Promise<ActionItem[]> {
    const keys = personKeys(person);
    return keys.length === 0 ? [] : this.everything(filter, (query) => this.storage.listForPerson(tenantId, keys, query));
  }

  /** A whole list (no page, no count cap): the open part, then for "alla" the recently done part. */
  private async everything(filter: ListFilter, list: (query: ItemQuery) => Promise<ActionItem[]>): Promise<ActionItem[]> {
    const { open, done } = this.queries(filter);
    return [...(await list(open)), ...(done ? await list(done) : [])];
  }

  private queries(filter: ListFilter): { open: ItemQuery; done?: ItemQuery } {
    const now = this.clock.now();
    return {
      open: { state: 'open', ...(filter === 'overdue' ? { before: overdueBefore(now, this.timeZone) } : {}) },
      ...(filter === 'all' ? { done: { state: 'done', doneSince: new Date(now.getTime() - DONE_VISIBLE_DAYS * 86_400_000).toISOString() } } : {}),
    };
  }

  /**
   * A conversation's open items due on or before `date` (overdue ones first), at most `limit`: what the Monday
   * digest shows. Read from the list index, so it costs the same in a conversation of 10 or 10 000 items.
   */
  async dueBy(tenantId: string, conversationKey: string, date: string, limit: number): Promise<ActionItem[]> {
    return this.storage.listForConversation(tenantId, conversationKey, { state: 'open', before: `${date} 99:99~`, limit });
  }

  /** Page `page` (0-based, `size` items) of a conversation's list; counted and cut by the store. */
  async pageForConversation(tenantId: string, conversationKey: string, filter: ListFilter, page: number, size: number): Promise<ItemPage> {
    return this.page(filter, page, size, {
      list: (query) => this.storage.listForConversation(tenantId, conversationKey, query),
      count: (query) => this.storage.countForConversation(tenantId, conversationKey, query),
    });
  }

  /**
   * Page `page` of a person's list across the tenant, or only in one conversation (`within`): in a channel or
   * group chat everyone reads the answer, so there it shows that conversation's items only.
   */
  async pageForPerson(tenantId: string, person: PersonRef, filter: ListFilter, page: number, size: number, within?: string): Promise<ItemPage> {
    const keys = personKeys(person);
    if (keys.length === 0) return { items: [], total: 0, page: 0 };
    return this.page(filter, page, size, {
      list: (query) => this.storage.listForPerson(tenantId, keys, query, within),
      count: (query) => this.storage.countForPerson(tenantId, keys, query, within),
    });
  }

  /**
   * Open items first (overdue ones lead: they are due earliest), then for "alla" those done in the last
   * DONE_VISIBLE_DAYS days. The store counts each part and reads only up to the end of the page asked for.
   */
  private async page(
    filter: ListFilter,
    requested: number,
    size: number,
    source: { list: (query: ItemQuery) => Promise<ActionItem[]>; count: (query: ItemQuery) => Promise<number> },
  ): Promise<ItemPage> {
    const { open, done } = this.queries(filter);
    const counted = { limit: LIST_COUNT_CAP + 1 };
    const [openFound, doneFound] = await Promise.all([source.count({ ...open, ...counted }), done ? source.count({ ...done, ...counted }) : Promise.resolve(0)]);
    const openCount = Math.min(openFound, LIST_COUNT_CAP);
    const more = openFound + doneFound > LIST_COUNT_CAP;
    const total = Math.min(openFound + doneFound, LIST_COUNT_CAP);
    const doneCount = total - openCount;
    const lastPage = Math.max(0, Math.ceil(total / size) - 1);
    const page = Math.min(Math.max(0, requested), lastPage);
    const from = page * size;
    const to = Math.min(total, from + size);
    const parts: Array<Promise<ActionItem[]>> = [];
    if (from < openCount) parts.push(source.list({ ...open, limit: Math.min(openCount, to) }).then((items) => items.slice(from)));
    if (done && to > openCount) {
      parts.push(source.list({ ...done, limit: to - openCount }).then((items) => items.slice(Math.max(0, from - openCount))));
    }
    const items = (await Promise.all(parts)).flat();
    return { items, total, page, ...(more ? { more } : {}) };
  }
}

class DueInputError extends Error {
  constructor(readonly input: string) {
    super(`not a date: ${input}`);
  }
}

/** A UUID-shaped id (version 5 style: SHA-256 of the key, not random) that is the same for the same key. */
export function uuidFromKey(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
