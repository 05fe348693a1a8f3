import type { ActionItem } from '../domain/action-items/action-item.js';
import type { ActionItemStorage } from '../domain/action-items/action-item-service.js';
import { partitionKey, type BaseDocument, type Container, type DocumentStore, type QueryOptions, type Stored } from './document-store.js';
import { replaceOrConflict } from './documents.js';

export const ACTION_ITEMS_CONTAINER = 'action-items';

export type ActionItemDocument = BaseDocument & ActionItem & { type: 'actionItem' };

/**
 * Att-göra items, one partition per tenant: "my tasks" across every channel of the tenant and a channel's list
 * are both single-partition queries, and an item is a point read. (A Core Team tenant has hundreds of items,
 * far below a logical partition's 20 GB.)
 */
export class ActionItemRepository implements ActionItemStorage {
  private readonly container: Container<ActionItemDocument>;

  constructor(store: DocumentStore) {
    this.container = store.container<ActionItemDocument>(ACTION_ITEMS_CONTAINER);
  }

  async get(tenantId: string, id: string): Promise<Stored<ActionItemDocument> | undefined> {
    const found = await this.container.get(partitionKey(tenantId), id);
    // A forged id can only ever reach the caller's own tenant partition; this guards the invariant anyway.
    return found && found.tenantId === tenantId ? found : undefined;
  }

  async create(item: ActionItem): Promise<Stored<ActionItemDocument>> {
    return this.container.create(toDocument(item));
  }

  /** Writes a changed item if nobody else changed it since `etag` was read (else StoreError PreconditionFailed). */
  async replace(item: ActionItem, etag: string): Promise<Stored<ActionItemDocument>> {
    return replaceOrConflict(this.container, toDocument(item), etag);
  }

  /** Items of one channel or chat (deleted ones never). */
  async listForConversation(tenantId: string, conversationKey: string, options: ListOptions = {}): Promise<ActionItem[]> {
    return this.list(tenantId, [{ field: 'conversationKey', op: '=', value: conversationKey }], options);
  }

  /** Items of several channels and chats in one query (the tab's board over all of a person's conversations). */
  async listForConversations(tenantId: string, conversationKeys: string[], options: ListOptions = {}): Promise<ActionItem[]> {
    if (conversationKeys.length === 0) return [];
    return this.list(tenantId, [{ field: 'conversationKey', op: 'in', value: conversationKeys }], options);
  }

  /** Items any of whose assignees is one of `keys` (a person's AAD id and Teams id), across the tenant. */
  async listForPerson(tenantId: string, keys: string[], options: ListOptions = {}): Promise<ActionItem[]> {
    const results = await Promise.all(keys.map((key) => this.list(tenantId, [{ field: 'assigneeKeys', op: 'arrayContains', value: key }], options)));
    const byId = new Map<string, ActionItem>();
    for (const item of results.flat()) byId.set(item.id, item);
    return [...byId.values()];
  }

  private async list(tenantId: string, where: NonNullable<QueryOptions['where']>, options: ListOptions): Promise<ActionItem[]> {
    const conditions: NonNullable<QueryOptions['where']> = [...where, { field: 'type', op: '=', value: 'actionItem' }, { field: 'deletedAt', op: 'exists', value: false }];
    if (options.status) conditions.push({ field: 'status', op: '=', value: options.status });
    const open = await this.container.query(partitionKey(tenantId), { where: conditions });
    return open.filter((item) => item.status === 'open' || !options.doneSince || (item.completedAt ?? '') >= options.doneSince).map(fromDocument);
  }
}

export interface ListOptions {
  status?: 'open' | 'done';
  /** With no status filter: done items only when completed at or after this ISO instant. */
  doneSince?: string;
}

function toDocument(item: ActionItem): ActionItemDocument {
  return { ...item, pk: partitionKey(item.tenantId), type: 'actionItem' };
}

export function fromDocument(document: ActionItemDocument | Stored<ActionItemDocument>): ActionItem {
  const { pk, type, _etag, ...item } = document as Stored<ActionItemDocument>;
  void pk; void type; void _etag;
  return item;
}
