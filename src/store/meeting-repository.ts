import type { Meeting } from '../domain/meetings/meeting.js';
import type { MeetingDraft, MeetingStorage } from '../domain/meetings/meeting-service.js';
import { partitionKey, type BaseDocument, type Container, type DocumentStore } from './document-store.js';
import { domainObject, replaceOrConflict } from './documents.js';

export const MEETINGS_CONTAINER = 'meetings';
export const MEETING_DRAFTS_CONTAINER = 'meeting-drafts';

type MeetingDocument = BaseDocument & Meeting & { type: 'meeting' };
type DraftDocument = BaseDocument & MeetingDraft & { type: 'meetingDraft' };

/** Meetings (a dozen a year per Core Team) and import drafts, one partition per tenant. */
export class MeetingRepository implements MeetingStorage {
  private readonly meetings: Container<MeetingDocument>;
  private readonly drafts: Container<DraftDocument>;

  constructor(store: DocumentStore) {
    this.meetings = store.container<MeetingDocument>(MEETINGS_CONTAINER);
    this.drafts = store.container<DraftDocument>(MEETING_DRAFTS_CONTAINER);
  }

  async createMeeting(meeting: Meeting): Promise<void> {
    await this.meetings.create({ ...meeting, pk: partitionKey(meeting.tenantId), type: 'meeting' });
  }

  async getMeeting(tenantId: string, id: string): Promise<(Meeting & { _etag: string }) | undefined> {
    const found = await this.meetings.get(partitionKey(tenantId), id);
    if (!found || found.tenantId !== tenantId) return undefined;
    const { pk, type, ...meeting } = found;
    void pk; void type;
    return meeting;
  }

  async replaceMeeting(meeting: Meeting, etag: string): Promise<void> {
    await replaceOrConflict(this.meetings, { ...meeting, pk: partitionKey(meeting.tenantId), type: 'meeting' }, etag);
  }

  async listMeetings(tenantId: string, conversationKey: string): Promise<Meeting[]> {
    return this.listMeetingsIn(tenantId, [conversationKey]);
  }

  /** Meetings of several conversations in one query, newest first. */
  async listMeetingsIn(tenantId: string, conversationKeys: string[]): Promise<Meeting[]> {
    if (conversationKeys.length === 0) return [];
    const found = await this.meetings.query(partitionKey(tenantId), {
      where: [
        { field: 'type', op: '=', value: 'meeting' },
        { field: 'conversationKey', op: 'in', value: conversationKeys },
      ],
      orderBy: [{ field: 'date', direction: 'desc' }, { field: 'createdAt', direction: 'desc' }],
    });
    return found.map(domainObject);
  }

  async createDraft(draft: MeetingDraft): Promise<void> {
    await this.drafts.create({ ...draft, pk: partitionKey(draft.tenantId), type: 'meetingDraft' });
  }

  async getDraft(tenantId: string, id: string): Promise<MeetingDraft | undefined> {
    const found = await this.drafts.get(partitionKey(tenantId), id);
    return found && found.tenantId === tenantId ? domainObject(found) : undefined;
  }

  async deleteDraft(tenantId: string, id: string): Promise<void> {
    await this.drafts.delete(partitionKey(tenantId), id);
  }
}
