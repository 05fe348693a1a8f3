import type { LiveMeeting } from '../domain/meetings/live-meeting.js';
import type { LiveMeetingStorage } from '../domain/meetings/live-meeting-service.js';
import { ConflictError } from '../domain/ports.js';
import { isStoreError, partitionKey, type BaseDocument, type Container, type DocumentStore } from './document-store.js';
import { domainObject, replaceOrConflict } from './documents.js';

export const LIVE_MEETINGS_CONTAINER = 'live-meetings';

type LiveMeetingDocument = BaseDocument & LiveMeeting & { type: 'liveMeeting' };

/** Meetings while they happen (#17): one document per occurrence, one partition per tenant, ETag-guarded. */
export class LiveMeetingRepository implements LiveMeetingStorage {
  private readonly container: Container<LiveMeetingDocument>;

  constructor(store: DocumentStore) {
    this.container = store.container<LiveMeetingDocument>(LIVE_MEETINGS_CONTAINER);
  }

  async get(tenantId: string, id: string): Promise<(LiveMeeting & { _etag: string }) | undefined> {
    const found = await this.container.get(partitionKey(tenantId), id);
    if (!found || found.tenantId !== tenantId) return undefined;
    return { ...domainObject(found), _etag: found._etag };
  }

  async create(meeting: LiveMeeting): Promise<void> {
    try {
      await this.container.create({ ...meeting, pk: partitionKey(meeting.tenantId), type: 'liveMeeting' });
    } catch (error) {
      if (isStoreError(error, 'Conflict')) throw new ConflictError(error.message, { cause: error });
      throw error;
    }
  }

  async replace(meeting: LiveMeeting, etag: string): Promise<void> {
    await replaceOrConflict(this.container, { ...meeting, pk: partitionKey(meeting.tenantId), type: 'liveMeeting' }, etag);
  }

  async listForConversation(tenantId: string, conversationKey: string): Promise<LiveMeeting[]> {
    const found = await this.container.query(partitionKey(tenantId), {
      where: [
        { field: 'type', op: '=', value: 'liveMeeting' },
        { field: 'conversationKey', op: '=', value: conversationKey },
      ],
      orderBy: [{ field: 'startedAt', direction: 'desc' }],
    });
    return found.map(domainObject);
  }
}
