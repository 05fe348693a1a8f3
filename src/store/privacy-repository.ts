import type { ActionItem } from '../domain/action-items/action-item.js';
import type { Initiative } from '../domain/initiatives/initiative.js';
import type { MeetingDraft } from '../domain/meetings/meeting-service.js';
import type { Meeting } from '../domain/meetings/meeting.js';
import type { Candidates, ConversationRecord, ExportRecord, MemberRecord } from '../domain/privacy/personal-data.js';
import type { OwnKind, PrivacyStorage, SharedRecords } from '../domain/privacy/privacy-service.js';
import type { Reminder } from '../domain/reminders/reminder.js';
import type { Answer, Round } from '../domain/scoring/round.js';
import { tagOfItemId } from '../domain/action-items/list-order.js';
import { ACTION_ITEMS_CONTAINER, actionItemDocument } from './action-item-repository.js';
import { CONVERSATIONS_CONTAINER } from './conversation-repository.js';
import { isStoreError, partitionKey, tenantPrefix, type BaseDocument, type Container, type DocumentStore, type QueryOptions, type Stored } from './document-store.js';
import { domainObject, getTenantDocument } from './repository.js';
import { MEETING_DRAFTS_CONTAINER, MEETINGS_CONTAINER } from './meeting-repository.js';
import { MEMBERS_CONTAINER } from './member-repository.js';
import { mutateDocument as mutate } from './repository.js';
import { REMINDERS_CONTAINER } from './reminder-repository.js';
import { ANSWERS_CONTAINER, INITIATIVES_CONTAINER, ROUNDS_CONTAINER } from './scoring-repository.js';

/** Personal-data exports waiting to be downloaded, one partition per tenant, each under its random token. */
export const EXPORTS_CONTAINER = 'exports';

type Doc<T, Type extends string> = BaseDocument & T & { type: Type };
type AnswerDocument = Doc<Answer, 'answer'> & { erasure?: { copyId: string } };
type ExportDocument = Doc<ExportRecord, 'personalExport'>;
type MemberDocument = BaseDocument & Omit<MemberRecord, 'id'> & { type: 'member' };
type ConversationDocument = Doc<Omit<ConversationRecord, 'id'>, 'conversation'>;

const SHARED_CONTAINERS: Record<keyof SharedRecords, string> = {
  actionItem: ACTION_ITEMS_CONTAINER,
  round: ROUNDS_CONTAINER,
  initiative: INITIATIVES_CONTAINER,
  meeting: MEETINGS_CONTAINER,
  reminder: REMINDERS_CONTAINER,
};

const OWN_CONTAINERS: Record<OwnKind, string> = {
  member: MEMBERS_CONTAINER,
  conversation: CONVERSATIONS_CONTAINER,
  actionItem: ACTION_ITEMS_CONTAINER,
  reminder: REMINDERS_CONTAINER,
  meetingDraft: MEETING_DRAFTS_CONTAINER,
  export: EXPORTS_CONTAINER,
};

/**
 * The store side of data protection: reads everything that may be about a person across a tenant's containers,
 * and writes the anonymised versions ETag-guarded. Everything but answers is in the tenant's own partition;
 * answers (a partition per round) are found with one query across the tenant's partitions, by evaluator key.
 * Not a hot path: a person asks for this rarely, and a tenant holds hundreds of records, not millions.
 */
export class PrivacyRepository implements PrivacyStorage {
  constructor(private readonly store: DocumentStore) {}

  private container<T extends BaseDocument>(name: string): Container<T> {
    return this.store.container<T>(name);
  }

  async candidates(tenantId: string, keys: string[]): Promise<Candidates> {
    const pk = partitionKey(tenantId);
    const all = <T extends BaseDocument>(name: string, type: string, where: NonNullable<QueryOptions['where']> = []) =>
      this.container<T>(name).query(pk, { where: [{ field: 'type', op: '=', value: type }, ...where] });
    const anyKey = async <T extends BaseDocument>(query: (field: string) => Promise<Array<Stored<T>>>, fields: string[]) => {
      const byId = new Map<string, Stored<T>>();
      for (const found of await Promise.all(fields.map(query))) for (const doc of found) byId.set(`${doc.pk}/${doc.id}`, doc);
      return [...byId.values()];
    };
    const [members, conversations, actionItems, answers, rounds, initiatives, meetings, drafts, reminders, exports] = await Promise.all([
      anyKey((field) => all<MemberDocument>(MEMBERS_CONTAINER, 'member', [{ field, op: 'in', value: keys }]), ['teamsId', 'aadObjectId']),
      anyKey(
        (field) => all<ConversationDocument>(CONVERSATIONS_CONTAINER, 'conversation', [{ field: 'kind', op: '=', value: 'personal' }, { field, op: 'in', value: keys }]),
        ['userId', 'userAadObjectId'],
      ),
      // Items have a partition per conversation: every one of the tenant's.
      this.container<Doc<ActionItem, 'actionItem'>>(ACTION_ITEMS_CONTAINER).queryAcross(tenantPrefix(tenantId), { where: [{ field: 'type', op: '=', value: 'actionItem' }] }),
      anyKey(
        (field) =>
          this.container<AnswerDocument>(ANSWERS_CONTAINER).queryAcross(tenantPrefix(tenantId), {
            where: [{ field: 'type', op: '=', value: 'answer' }, { field, op: 'in', value: keys }],
          }),
        ['evaluator.id', 'evaluator.aadObjectId'],
      ),
      all<Doc<Round, 'round'>>(ROUNDS_CONTAINER, 'round'),
      all<Doc<Initiative, 'initiative'>>(INITIATIVES_CONTAINER, 'initiative'),
      all<Doc<Meeting, 'meeting'>>(MEETINGS_CONTAINER, 'meeting'),
      all<Doc<MeetingDraft, 'meetingDraft'>>(MEETING_DRAFTS_CONTAINER, 'meetingDraft'),
      all<Doc<Reminder, 'reminder'>>(REMINDERS_CONTAINER, 'reminder'),
      anyKey((key) => all<ExportDocument>(EXPORTS_CONTAINER, 'personalExport', [{ field: 'subjectKeys', op: 'arrayContains', value: key }]), keys),
    ]);
    const mine = <T extends { tenantId: string }>(docs: T[]) => docs.filter((doc) => doc.tenantId === tenantId);
    return {
      members: mine(members).map((doc) => ({ ...domainObject(doc), id: doc.id }) as MemberRecord),
      conversations: mine(conversations).map((doc) => ({ ...domainObject(doc), id: doc.id }) as ConversationRecord),
      actionItems: mine(actionItems).map(domainObject),
      answers: mine(answers).map((doc) => {
        const { erasure, ...answer } = domainObject(doc);
        void erasure;
        return answer;
      }),
      rounds: mine(rounds).map(domainObject),
      initiatives: mine(initiatives).map(domainObject),
      meetings: mine(meetings).map(domainObject),
      drafts: mine(drafts).map(domainObject),
      reminders: mine(reminders).map(domainObject),
      exports: mine(exports).map((doc) => {
        const { data, ...record } = domainObject(doc);
        void data;
        return record;
      }),
    };
  }

  async update<K extends keyof SharedRecords>(
    tenantId: string,
    kind: K,
    id: string,
    change: (current: SharedRecords[K]) => SharedRecords[K] | undefined,
  ): Promise<SharedRecords[K] | undefined> {
    type D = Doc<SharedRecords[K], string>;
    const pk = await this.partitionOf(tenantId, SHARED_CONTAINERS[kind], id);
    if (!pk) return undefined;
    const { document, changed } = await mutate(this.container<D>(SHARED_CONTAINERS[kind]), pk, id, (current) => {
      if (!current || current.tenantId !== tenantId) return undefined;
      const next = change(domainObject(current) as unknown as SharedRecords[K]);
      if (!next) return undefined;
      // Items carry derived list fields (and their partition follows their conversation, which does not change).
      if (kind === 'actionItem') return actionItemDocument(undefined, next as unknown as ActionItem) as unknown as D;
      return { ...next, pk: current.pk, type: current.type } as unknown as D;
    });
    return changed && document ? (domainObject(document) as unknown as SharedRecords[K]) : undefined;
  }

  /**
   * Moves an answer to a new id in three steps, each safe to repeat: (1) note the new id on the old answer
   * (ETag-guarded), (2) create the changed copy under it (already there: fine), (3) delete the old answer guarded by
   * the ETag of step 1. A crash between steps leaves the note, so the next run finishes the same move.
   */
  async moveAnswer(tenantId: string, roundId: string, id: string, change: (current: Answer, newId: string) => Answer | undefined, newId: () => string): Promise<boolean> {
    const answers = this.container<AnswerDocument>(ANSWERS_CONTAINER);
    const pk = partitionKey(tenantId, 'round', roundId);
    const lostRace = (error: unknown) => isStoreError(error, 'PreconditionFailed') || isStoreError(error, 'NotFound');
    for (let attempt = 1; attempt <= 5; attempt++) {
      let current = await answers.get(pk, id);
      if (!current || current.tenantId !== tenantId) return false;
      const { erasure, ...answer } = domainObject(current);
      const copyId = erasure?.copyId ?? newId();
      const copy = change(answer, copyId);
      if (!copy) return false;
      if (!erasure) {
        try {
          current = await answers.replace({ ...current, erasure: { copyId } }, current._etag);
        } catch (error) {
          if (lostRace(error)) continue;
          throw error;
        }
      }
      await answers.create({ ...copy, pk, type: 'answer' }).catch((error: unknown) => {
        if (!isStoreError(error, 'Conflict')) throw error;
      });
      try {
        await answers.delete(pk, id, current._etag);
        return true; // deleted now, or (false) another run finished the same move a moment ago
      } catch (error) {
        if (isStoreError(error, 'NotFound')) return true;
        if (!isStoreError(error, 'PreconditionFailed')) throw error;
        // Answered again after the note: the copy holds the old scores. Drop it and move the new version.
        await answers.delete(pk, copyId);
      }
    }
    return false;
  }

  async remove(tenantId: string, kind: OwnKind, id: string): Promise<boolean> {
    const container = this.container<BaseDocument>(OWN_CONTAINERS[kind]);
    const pk = await this.partitionOf(tenantId, OWN_CONTAINERS[kind], id);
    const found = pk ? await container.get(pk, id) : undefined;
    if (!pk || !found || found.tenantId !== tenantId) return false;
    return container.delete(pk, id);
  }

  /** The partition a document of the tenant is in: the tenant's own, or for an item its conversation's. */
  private async partitionOf(tenantId: string, container: string, id: string): Promise<string | undefined> {
    if (container !== ACTION_ITEMS_CONTAINER) return partitionKey(tenantId);
    const tag = tagOfItemId(id);
    if (tag) return partitionKey(tenantId, ...['c', tag]);
    const [found] = await this.container<BaseDocument>(container).queryAcross(tenantPrefix(tenantId), { where: [{ field: 'id', op: '=', value: id }], limit: 1 });
    return found?.pk;
  }

  async createExport(record: ExportRecord): Promise<void> {
    await this.container<ExportDocument>(EXPORTS_CONTAINER).create({ ...record, pk: partitionKey(record.tenantId), type: 'personalExport' });
  }

  async getExport(tenantId: string, id: string): Promise<ExportRecord | undefined> {
    return getTenantDocument(this.container<ExportDocument>(EXPORTS_CONTAINER), tenantId, id, 'personalExport');
  }

  async deleteExpiredExports(tenantId: string | undefined, now: string): Promise<number> {
    const exports = this.container<ExportDocument>(EXPORTS_CONTAINER);
    const options: QueryOptions = {
      where: [
        { field: 'type', op: '=', value: 'personalExport' },
        { field: 'expiresAt', op: '<=', value: now },
      ],
    };
    // Without a tenant: background work across every tenant's partition (a handful of small documents).
    const expired = tenantId === undefined ? await exports.queryAcross('', options) : await exports.query(partitionKey(tenantId), options);
    let deleted = 0;
    for (const doc of expired) if (await exports.delete(doc.pk, doc.id)) deleted++;
    return deleted;
  }
}
