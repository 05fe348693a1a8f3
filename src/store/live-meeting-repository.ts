import type { LiveMeeting } from '../domain/meetings/live-meeting.js';
import type { LiveMeetingStorage } from '../domain/meetings/live-meeting-service.js';
import type { DocumentStore } from './document-store.js';
import { DocumentRepository, type Versioned } from './repository.js';

export const LIVE_MEETINGS_CONTAINER = 'live-meetings';

/**
 * Meetings while they happen (#17): one document per occurrence, one partition per tenant (a handful a month per
 * Core Team), ETag-guarded through the shared repository core.
 */
export class LiveMeetingRepository implements LiveMeetingStorage {
  private readonly meetings: DocumentRepository<LiveMeeting, 'liveMeeting'>;

  constructor(store: DocumentStore) {
    this.meetings = new DocumentRepository(store, { container: LIVE_MEETINGS_CONTAINER, type: 'liveMeeting', partition: () => [] });
  }

  async get(tenantId: string, id: string): Promise<Versioned<LiveMeeting> | undefined> {
    return this.meetings.get(tenantId, [], id);
  }

  async create(meeting: LiveMeeting): Promise<void> {
    await this.meetings.create(meeting);
  }

  async replace(meeting: LiveMeeting, etag: string): Promise<void> {
    await this.meetings.replace(meeting, etag);
  }

  async listForConversation(tenantId: string, conversationKey: string): Promise<LiveMeeting[]> {
    return this.meetings.query(tenantId, [], {
      where: [{ field: 'conversationKey', op: '=', value: conversationKey }],
      orderBy: [{ field: 'startedAt', direction: 'desc' }],
    });
  }
}
