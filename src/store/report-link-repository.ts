import type { ReportLink, ReportLinkStorage } from '../domain/report/report-link.js';
import { partitionKey, type BaseDocument, type Container, type DocumentStore, type QueryOptions } from './document-store.js';
import { getTenantDocument } from './repository.js';

/** Board report download links waiting to be opened, one partition per tenant, each under its random token. */
export const REPORT_LINKS_CONTAINER = 'report-links';

type ReportLinkDocument = BaseDocument & ReportLink & { type: 'reportLink' };

export class ReportLinkRepository implements ReportLinkStorage {
  private readonly container: Container<ReportLinkDocument>;

  constructor(store: DocumentStore) {
    this.container = store.container<ReportLinkDocument>(REPORT_LINKS_CONTAINER);
  }

  async create(link: ReportLink): Promise<void> {
    await this.container.create({ ...link, pk: partitionKey(link.tenantId), type: 'reportLink' });
  }

  async get(tenantId: string, id: string): Promise<ReportLink | undefined> {
    return getTenantDocument(this.container, tenantId, id, 'reportLink');
  }

  async remove(tenantId: string, id: string): Promise<void> {
    await this.container.delete(partitionKey(tenantId), id);
  }

  async deleteExpired(tenantId: string | undefined, now: string): Promise<number> {
    const options: QueryOptions = { where: [{ field: 'type', op: '=', value: 'reportLink' }, { field: 'expiresAt', op: '<=', value: now }] };
    const expired = tenantId === undefined ? await this.container.queryAcross('', options) : await this.container.query(partitionKey(tenantId), options);
    let deleted = 0;
    for (const doc of expired) if (await this.container.delete(doc.pk, doc.id)) deleted++;
    return deleted;
  }
}
