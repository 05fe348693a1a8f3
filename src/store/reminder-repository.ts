import { cancelled, recurrenceProblems, type Reminder, type ReminderStatus } from '../domain/reminders/reminder.js';
import { systemClock, type Clock } from '../domain/ports.js';
import { partitionKey, StoreError, type BaseDocument, type Container, type DocumentStore, type QueryOptions, type Stored } from './document-store.js';
import { replaceOrConflict } from './documents.js';
import { mutate } from './mutate.js';

export const REMINDERS_CONTAINER = 'reminders';

export type ReminderDocument = BaseDocument & Reminder & { type: 'reminder' };

/** A reminder as read, with the ETag of that version (for an ETag-guarded `replace`). */
export interface VersionedReminder {
  reminder: Reminder;
  etag: string;
}

/**
 * Reminders, one partition per tenant (pk = tenant id): a conversation's reminders are a single-partition query and
 * a reminder is a point read. The scheduler's `dueCandidates` is the one cross-partition query (background work).
 *
 * `dueAt` is stored as `Date.toISOString()` (fixed width, 'Z'), so comparing and ordering the strings is comparing
 * and ordering the instants, in SQLite and in Cosmos alike.
 */
export class ReminderRepository {
  private readonly container: Container<ReminderDocument>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock = systemClock,
  ) {
    this.container = store.container<ReminderDocument>(REMINDERS_CONTAINER);
  }

  async get(tenantId: string, id: string): Promise<VersionedReminder | undefined> {
    const found = await this.container.get(partitionKey(tenantId), id);
    // A forged id can only reach the caller's own tenant partition; this guards the invariant anyway.
    return found && found.tenantId === tenantId && found.type === 'reminder' ? versioned(found) : undefined;
  }

  /** Inserts or overwrites unconditionally (creating and editing a reminder; not for the scheduler's transitions). */
  async upsert(reminder: Reminder): Promise<VersionedReminder> {
    return versioned(await this.container.upsert(toDocument(reminder)));
  }

  /** Writes `reminder` only if the stored version still has `etag`; else ConflictError (also when it was deleted). */
  async replace(reminder: Reminder, etag: string): Promise<VersionedReminder> {
    return versioned(await replaceOrConflict(this.container, toDocument(reminder), etag));
  }

  /**
   * Cancels a reminder that is still to be sent (pending, or being sent right now — that send may still arrive).
   * Resolves the reminder as it is afterwards, or undefined when there is no such reminder in the tenant.
   */
  async cancel(tenantId: string, id: string): Promise<Reminder | undefined> {
    const now = this.clock.now();
    const { document } = await mutate(this.container, partitionKey(tenantId), id, (current) => {
      if (!current || current.tenantId !== tenantId || current.type !== 'reminder') return undefined;
      const next = cancelled(fromDocument(current), now);
      return next ? toDocument(next) : undefined;
    });
    return document && document.tenantId === tenantId && document.type === 'reminder' ? fromDocument(document) : undefined;
  }

  /** Reminders of one channel or chat, soonest first; by default only those still to be sent. */
  async listForConversation(tenantId: string, conversationKey: string, options: { statuses?: ReminderStatus[] } = {}): Promise<Reminder[]> {
    const statuses = options.statuses ?? ['pending', 'sending'];
    const found = await this.container.query(partitionKey(tenantId), {
      where: [
        { field: 'type', op: '=', value: 'reminder' },
        { field: 'conversationKey', op: '=', value: conversationKey },
        { field: 'status', op: 'in', value: statuses },
      ],
      orderBy: [{ field: 'dueAt' }],
    });
    return found.map(fromDocument);
  }

  /**
   * For the scheduler: reminders of every tenant that are pending or being sent (possibly by a dead process) and
   * due at `now` (pending, or 'sending' under an expired lease), oldest first, at most `limit`.
   */
  async dueCandidates(now: Date, limit: number): Promise<VersionedReminder[]> {
    const at = now.toISOString();
    // Ties on dueAt ("every Monday 09:00") are broken by id (random), so a batch mixes tenants and conversations
    // instead of taking one tenant's conversations at a time. Reminders held under a live lease by another
    // process are left out, so an idle process does not re-read them on every pass.
    const query = (where: NonNullable<QueryOptions['where']>) =>
      this.container.queryAcross('', {
        where: [{ field: 'type', op: '=', value: 'reminder' }, { field: 'dueAt', op: '<=', value: at }, ...where],
        orderBy: [{ field: 'dueAt' }, { field: 'id' }],
        limit,
      });
    const [pending, abandoned] = await Promise.all([
      query([{ field: 'status', op: '=', value: 'pending' }]),
      query([
        { field: 'status', op: '=', value: 'sending' },
        { field: 'lease.until', op: '<=', value: at },
      ]),
    ]);
    return [...abandoned, ...pending].slice(0, limit).map(versioned);
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function toDocument(reminder: Reminder): ReminderDocument {
  for (const field of ['dueAt', 'createdAt', 'updatedAt'] as const) {
    if (typeof reminder[field] !== 'string' || !ISO_INSTANT.test(reminder[field])) {
      throw new StoreError('InvalidDocument', `Reminder ${field} must be an ISO instant (Date.toISOString()): ${JSON.stringify(reminder[field])}`);
    }
  }
  if (typeof reminder.conversationKey !== 'string' || reminder.conversationKey.length === 0) {
    throw new StoreError('InvalidDocument', 'Reminder has no conversationKey');
  }
  if (reminder.recurrence) {
    const problems = recurrenceProblems(reminder.recurrence);
    if (problems.length > 0) throw new StoreError('InvalidDocument', `Invalid recurrence: ${problems.join('; ')}`);
  }
  return { ...reminder, pk: partitionKey(reminder.tenantId), type: 'reminder' };
}

export function fromDocument(document: ReminderDocument | Stored<ReminderDocument>): Reminder {
  const { pk, type, _etag, ...reminder } = document as Stored<ReminderDocument>;
  void pk; void type; void _etag;
  return reminder;
}

const versioned = (document: Stored<ReminderDocument>): VersionedReminder => ({ reminder: fromDocument(document), etag: document._etag });
