import { cancelled, recurrenceProblems, type Reminder, type ReminderStatus } from '../domain/reminders/reminder.js';
import { systemClock, type Clock } from '../domain/ports.js';
import { StoreError, type DocumentStore, type QueryOptions } from './document-store.js';
import { DocumentRepository, type DocumentOf, type Versioned } from './repository.js';

export const REMINDERS_CONTAINER = 'reminders';

export type ReminderDocument = DocumentOf<Reminder, 'reminder'>;

/** A reminder as read, with the ETag of that version (for an ETag-guarded `replace`). */
export type VersionedReminder = Versioned<Reminder>;

/**
 * Reminders, one partition per tenant (pk = tenant id): a reminder is a point read (its id comes from the
 * item, meeting or conversation it is about), and a conversation's reminders are an index look-up on
 * `conversationKey` within the tenant's partition.
 *
 * Due reminders: the scheduler's `dueCandidates` asks for pending reminders with `dueAt <= now`, ordered by
 * `dueAt`, at most `batch`: in SQLite an index on (status, dueAt) serves it, so a pass reads the due reminders and
 * nothing else, however many are scheduled later; in Cosmos DB it is a `SELECT TOP n … ORDER BY c.dueAt` the
 * server answers from its range index (the composite index on status + dueAt is declared in infra/).
 *
 * `dueAt` is stored as `Date.toISOString()` (fixed width, 'Z'), so comparing and ordering the strings is comparing
 * and ordering the instants, in SQLite and in Cosmos alike.
 */
export class ReminderRepository {
  private readonly reminders: DocumentRepository<Reminder, 'reminder'>;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock = systemClock,
  ) {
    this.reminders = new DocumentRepository(store, { container: REMINDERS_CONTAINER, type: 'reminder', partition: () => [], check });
  }

  async get(tenantId: string, id: string): Promise<VersionedReminder | undefined> {
    return this.reminders.get(tenantId, [], id);
  }

  /** Inserts or overwrites unconditionally (creating and editing a reminder; not for the scheduler's transitions). */
  async upsert(reminder: Reminder): Promise<VersionedReminder> {
    return this.reminders.upsert(reminder);
  }

  /** Inserts or overwrites several reminders of one tenant in one store call (one partition: the tenant's). */
  async upsertMany(reminders: Reminder[]): Promise<VersionedReminder[]> {
    return this.reminders.upsertMany(reminders);
  }

  /** Writes `reminder` only if the stored version still has `etag`; else ConflictError (also when it was deleted). */
  async replace(reminder: Reminder, etag: string): Promise<VersionedReminder> {
    return this.reminders.replace(reminder, etag);
  }

  /**
   * Cancels a reminder that is still to be sent (pending, or being sent right now — that send may still arrive).
   * Resolves the reminder as it is afterwards, or undefined when there is no such reminder in the tenant.
   */
  async cancel(tenantId: string, id: string): Promise<Reminder | undefined> {
    const now = this.clock.now();
    const { value } = await this.reminders.mutate(tenantId, [], id, (current) => (current ? cancelled(current, now) : undefined));
    return value?.value;
  }

  /**
   * Reminders of one channel or chat, soonest first; by default only those still to be sent. One index range per
   * status (conversation, status, dueAt), each cut to `limit` by the store, then merged.
   */
  async listForConversation(tenantId: string, conversationKey: string, options: { statuses?: ReminderStatus[]; limit?: number } = {}): Promise<Reminder[]> {
    const statuses = options.statuses ?? ['pending', 'sending'];
    const lists = await Promise.all(
      [...new Set(statuses)].map((status) =>
        this.reminders.query(tenantId, [], {
          where: [
            { field: 'conversationKey', op: '=', value: conversationKey },
            { field: 'status', op: '=', value: status },
            { field: 'dueAt', op: '>=', value: '' },
          ],
          orderBy: [{ field: 'dueAt' }],
          ...(options.limit !== undefined ? { limit: options.limit } : {}),
        }),
      ),
    );
    const merged = lists.flat().sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return options.limit !== undefined ? merged.slice(0, options.limit) : merged;
  }

  /**
   * For the scheduler: reminders of every tenant that are pending or being sent (possibly by a dead process) and
   * due at `now` (pending, or 'sending' under an expired lease), oldest first, at most `limit`.
   */
  async dueCandidates(now: Date, limit: number): Promise<VersionedReminder[]> {
    const at = now.toISOString();
    // Reminders held under a live lease by another process are left out, so an idle process does not re-read
    // them on every pass. One field ordered, fixed to strings by the `dueAt <=` condition: the index serves it.
    const query = (where: NonNullable<QueryOptions['where']>) =>
      this.reminders.container.queryAcross('', {
        where: [this.reminders.typeCondition(), ...where, { field: 'dueAt', op: '<=', value: at }],
        orderBy: [{ field: 'dueAt' }],
        limit,
      });
    const [pending, abandoned] = await Promise.all([
      query([{ field: 'status', op: '=', value: 'pending' }]),
      query([
        { field: 'status', op: '=', value: 'sending' },
        { field: 'lease.until', op: '<=', value: at },
      ]),
    ]);
    return [...abandoned, ...pending].slice(0, limit).map((doc) => this.reminders.versioned(doc));
  }
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function check(reminder: Reminder): void {
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
}
