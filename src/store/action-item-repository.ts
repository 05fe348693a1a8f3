import type { ActionItem } from '../domain/action-items/action-item.js';
import type { ActionItemStorage, ItemQuery } from '../domain/action-items/action-item-service.js';
import { conversationTag, listKey, listState, tagOfItemId } from '../domain/action-items/list-order.js';
import type { Condition, DocumentStore } from './document-store.js';
import { asConflict, DocumentRepository, type DocumentKind, type DocumentOf, type Versioned } from './repository.js';

export const ACTION_ITEMS_CONTAINER = 'action-items';

export type ActionItemDocument = DocumentOf<ActionItem, 'actionItem'>;

/** An item's partition: its tenant, then its conversation (`<tenant>|c|<conversation tag>`). */
export const itemPartition = (conversationKey: string): string[] => ['c', conversationTag(conversationKey)];

export const ACTION_ITEM_KIND: DocumentKind<ActionItem, 'actionItem'> = {
  container: ACTION_ITEMS_CONTAINER,
  type: 'actionItem',
  ownContainer: true,
  partition: (item) => itemPartition(item.conversationKey),
  derived: (item) => ({
    state: listState(item),
    listKey: listKey(item),
    ...(item.status === 'done' && item.completedAt ? { doneAt: item.completedAt } : {}),
  }),
};

/** The document stored for an item (also for code that writes items without this repository, e.g. migrations). */
export const actionItemDocument = (store: DocumentStore | undefined, item: ActionItem): ActionItemDocument =>
  new DocumentRepository(store ?? NO_STORE, ACTION_ITEM_KIND).toDocument(item);

const NO_STORE = { container: () => undefined } as unknown as DocumentStore;

/**
 * Att-göra items, one partition per conversation (tenant first): a conversation's list ("uppgifter", the digest, the
 * tab) is a single-partition query that reads one page, in list order, from an index on `ix.state` + `ix.listKey`,
 * and counts with the same index — its cost does not depend on the rest of the tenant. An item is a point read: new
 * ids carry their conversation's tag (`itemIdIn`); older ids are found by an id look-up across the tenant.
 * "mina uppgifter" is a query across the tenant's partitions on `assigneeKeys` (in SQLite an index look-up in
 * document_terms; in Cosmos DB served by the range index on the array, fanned out over the tenant's partitions).
 */
export class ActionItemRepository implements ActionItemStorage {
  private readonly items: DocumentRepository<ActionItem, 'actionItem'>;

  constructor(store: DocumentStore) {
    this.items = new DocumentRepository(store, ACTION_ITEM_KIND);
  }

  async get(tenantId: string, id: string): Promise<Versioned<ActionItem> | undefined> {
    const tag = tagOfItemId(id);
    if (tag) return this.items.get(tenantId, ['c', tag], id);
    // An id from before items had their conversation's partition: find its partition by the id.
    const [found] = await this.items.container.queryAcross(`${tenantId}|`, { where: [this.items.typeCondition(), { field: 'id', op: '=', value: id }], limit: 1 });
    return found && this.items.owns(tenantId, found) ? this.items.versioned(found) : undefined;
  }

  /** Stores a new item; ConflictError when an item with its id exists (a retried turn creating it again). */
  async create(item: ActionItem): Promise<Versioned<ActionItem>> {
    try {
      return await this.items.create(item);
    } catch (error) {
      throw asConflict(error);
    }
  }

  /** Writes a changed item if nobody else changed it since `etag` was read (else ConflictError). */
  async replace(item: ActionItem, etag: string): Promise<Versioned<ActionItem>> {
    return this.items.replace(item, etag);
  }

  async listForConversation(tenantId: string, conversationKey: string, query: ItemQuery): Promise<ActionItem[]> {
    return this.items.query(tenantId, itemPartition(conversationKey), listOptions(query));
  }

  async countForConversation(tenantId: string, conversationKey: string, query: ItemQuery): Promise<number> {
    return this.items.count(tenantId, itemPartition(conversationKey), conditions(query), query.limit);
  }

  /**
   * Items of several channels and chats (the tab's board over all of a person's conversations), in list order
   * across them: each conversation's page is one index range, and the pages are merged and cut to `limit`.
   */
  async listForConversations(tenantId: string, conversationKeys: string[], query: ItemQuery): Promise<ActionItem[]> {
    const lists = await Promise.all([...new Set(conversationKeys)].map((key) => this.listForConversation(tenantId, key, query)));
    if (lists.length === 1) return lists[0]!;
    const merged = lists
      .flat()
      .map((item) => ({ item, key: listKey(item) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .map(({ item }) => item);
    return query.limit === undefined ? merged : merged.slice(0, query.limit);
  }

  async countForConversations(tenantId: string, conversationKeys: string[], query: ItemQuery): Promise<number> {
    const counts = await Promise.all([...new Set(conversationKeys)].map((key) => this.countForConversation(tenantId, key, query)));
    return counts.reduce((a, b) => a + b, 0);
  }

  async listForPerson(tenantId: string, keys: string[], query: ItemQuery, conversationKey?: string): Promise<ActionItem[]> {
    if (keys.length === 0) return [];
    const options = { ...listOptions(query), where: [{ field: 'assigneeKeys', op: 'arrayContainsAny' as const, value: keys }, ...conditions(query)] };
    return conversationKey === undefined ? this.items.queryTenant(tenantId, options) : this.items.query(tenantId, itemPartition(conversationKey), options);
  }

  async countForPerson(tenantId: string, keys: string[], query: ItemQuery, conversationKey?: string): Promise<number> {
    if (keys.length === 0) return 0;
    const where: Condition[] = [{ field: 'assigneeKeys', op: 'arrayContainsAny', value: keys }, ...conditions(query)];
    return conversationKey === undefined ? this.items.countTenant(tenantId, where, query.limit) : this.items.count(tenantId, itemPartition(conversationKey), where, query.limit);
  }
}

function conditions(query: ItemQuery): Condition[] {
  const where: Condition[] = [
    { field: 'ix.state', op: '=', value: query.state },
    query.after === undefined ? { field: 'ix.listKey', op: '>=', value: '' } : { field: 'ix.listKey', op: '>', value: query.after },
  ];
  if (query.before !== undefined) where.push({ field: 'ix.listKey', op: '<', value: query.before });
  if (query.doneSince !== undefined) where.push({ field: 'ix.doneAt', op: '>=', value: query.doneSince });
  return where;
}

function listOptions(query: ItemQuery) {
  return {
    where: conditions(query),
    orderBy: [{ field: 'ix.listKey' }],
    ...(query.limit !== undefined && Number.isSafeInteger(query.limit) ? { limit: query.limit } : {}),
  };
}
