import { tenantPrefix, type DocumentStore } from '../../src/store/document-store.js';

/** An att-göra document as stored (items have a partition per conversation; found here by id). */
export async function storedItem(store: DocumentStore, tenantId: string, id: string): Promise<any> {
  const [found] = await store.container<any>('action-items').queryAcross(tenantPrefix(tenantId), { where: [{ field: 'id', op: '=', value: id }] });
  return found;
}
