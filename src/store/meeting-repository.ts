import type { Meeting } from '../domain/meetings/meeting.js';
import type { MeetingDraft, MeetingStorage } from '../domain/meetings/meeting-service.js';
import type { DocumentStore } from './document-store.js';
import { DocumentRepository, type Versioned } from './repository.js';

export const MEETINGS_CONTAINER = 'meetings';
export const MEETING_DRAFTS_CONTAINER = 'meeting-drafts';

/** Meetings (a dozen a year per Core Team) and import drafts, one partition per tenant. */
export class MeetingRepository implements MeetingStorage {
  private readonly meetings: DocumentRepository<Meeting, 'meeting'>;
  private readonly drafts: DocumentRepository<MeetingDraft, 'meetingDraft'>;

  constructor(store: DocumentStore) {
    this.meetings = new DocumentRepository(store, { container: MEETINGS_CONTAINER, type: 'meeting', partition: () => [] });
    this.drafts = new DocumentRepository(store, { container: MEETING_DRAFTS_CONTAINER, type: 'meetingDraft', partition: () => [] });
  }

  async createMeeting(meeting: Meeting): Promise<void> {
    await this.meetings.create(meeting);
  }

  async getMeeting(tenantId: string, id: string): Promise<Versioned<Meeting> | undefined> {
    return this.meetings.get(tenantId, [], id);
  }

  async replaceMeeting(meeting: Meeting, etag: string): Promise<void> {
    await this.meetings.replace(meeting, etag);
  }

  async listMeetings(tenantId: string, conversationKey: string): Promise<Meeting[]> {
    return this.listMeetingsIn(tenantId, [conversationKey]);
  }

  /** Meetings of several conversations in one query, newest first. */
  async listMeetingsIn(tenantId: string, conversationKeys: string[]): Promise<Meeting[]> {
    if (conversationKeys.length === 0) return [];
    return this.meetings.query(tenantId, [], {
      where: [{ field: 'conversationKey', op: 'in', value: conversationKeys }],
      orderBy: [{ field: 'date', direction: 'desc' }, { field: 'createdAt', direction: 'desc' }],
    });
  }

  async createDraft(draft: MeetingDraft): Promise<void> {
    await this.drafts.create(draft);
  }

  async getDraft(tenantId: string, id: string): Promise<MeetingDraft | undefined> {
    return (await this.drafts.get(tenantId, [], id))?.value;
  }

  async deleteDraft(tenantId: string, id: string): Promise<void> {
    await this.drafts.delete(tenantId, [], id);
  }
}
