import { createHash } from 'node:crypto';
import { cancelled, isClaimable, recurrenceProblems, type Reminder, type ReminderStatus } from '../domain/reminders/reminder.js';
import { ConflictError, systemClock, type Clock } from '../domain/ports.js';
import { isStoreError, StoreError, type BaseDocument, type Container, type DocumentStore, type QueryOptions, type Stored } from './document-store.js';
import { DocumentRepository, type DocumentOf, type Versioned } from './repository.js';

export const REMINDERS_CONTAINER = 'reminders';

export type ReminderDocument = DocumentOf<Reminder, 'reminder'>;

/** A reminder as read, with the ETag of that version (for an ETag-guarded `replace`). */
export type VersionedReminder = Versioned<Reminder>;

/** The due entry a candidate was found through (time-bucketed due index): handed back to `replace`. */
export interface DueSlot {
  pk: string;
  id: string;
  etag: string;
}

/** A due reminder as the scheduler gets it: with the entry it was found through (due index only). */
export type DueCandidate = VersionedReminder & { due?: DueSlot };

/**
 * The due index's documents live in the reminders container under a pseudo-tenant no Teams tenant id can be
 * (those are GUIDs; the repositories' tenant and type checks keep them apart anyway): one partition per UTC hour.
 */
const DUE_TENANT = '_due';
const DUE_ENTRY = 'reminderDue';
const CURSOR_PK = `${DUE_TENANT}|cursor`;
const CURSOR_ID = 'cursor';
const HOUR_MS = 3_600_000;
/**
 * How long a write may take between computing an entry and the store applying it (plus clock skew between
 * instances): the cursor never passes the hour of `now - DUE_SETTLE_MS`, and an entry found stale is deleted only
 * when it was written longer ago than this (a writer writes the entry first, the reminder right after).
 */
export const DUE_SETTLE_MS = 10 * 60_000;
/** With no cursor yet (a new deployment), the first pass looks this far back. */
const FIRST_LOOKBACK_MS = 7 * 24 * HOUR_MS;

/**
 * One entry of the due index: "look at reminder (tenant, id) at `at`". Its id is derived from the reminder and
 * its `dueAt`, so writing it again for the same occurrence is idempotent; a claim pushes `at` to the lease's end
 * in place; the partition is the UTC hour it was filed under (`at`, or the writer's now when already past).
 */
export interface DueEntryDocument extends BaseDocument {
  type: typeof DUE_ENTRY;
  reminderTenantId: string;
  reminderId: string;
  dueAt: string;
  at: string;
  writtenAt: string;
}

interface DueCursorDocument extends BaseDocument {
  type: 'reminderDueCursor';
  /** The oldest hour bucket that may hold entries. */
  from: string;
}

/** `YYYY-MM-DDTHH` (UTC) of an instant. */
export const dueBucket = (ms: number): string => new Date(ms).toISOString().slice(0, 13);
export const duePartition = (bucket: string): string => `${DUE_TENANT}|${bucket}`;
const nextBucket = (bucket: string): string => dueBucket(Date.parse(`${bucket}:00:00.000Z`) + HOUR_MS);
const entryId = (tenantId: string, id: string, dueAt: string): string =>
  createHash('sha256').update(`${tenantId}\u0000${id}\u0000${dueAt}`).digest('hex').slice(0, 40);

const spreadOf = (tenantId: string, id: string): string => createHash('sha256').update(`${tenantId}\u0000${id}`).digest('hex').slice(0, 8);

/** When the scheduler should look at a reminder next (undefined: never again unless it is written anew). */
function wakeAt(reminder: Reminder): string | undefined {
  if (reminder.status !== 'pending' && reminder.status !== 'sending') return undefined;
  const until = reminder.lease?.until;
  return until !== undefined && until > reminder.dueAt ? until : reminder.dueAt;
}

/** Counts of the last `dueCandidates` (for tests and the bench: what a pass read). */
export interface DueScan {
  /** Single-partition queries and counts on the due index (bucket partitions). */
  queries: number;
  /** Entries the queries returned. */
  entries: number;
  /** Reminders point-read for them. */
  reads: number;
  /** Stale entries dropped. */
  dropped: number;
}

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
  private readonly index: Container<DueEntryDocument>;
  /** Due reminders through the time-bucketed due index (default on Cosmos DB) instead of one indexed query. */
  readonly dueIndex: boolean;
  /** What the last `dueCandidates` read. */
  lastScan: DueScan = { queries: 0, entries: 0, reads: 0, dropped: 0 };

  constructor(
    store: DocumentStore,
    private readonly clock: Clock = systemClock,
    options: { dueIndex?: boolean } = {},
  ) {
    // `ix.spread`: a hash of the reminder, the due query's tie-break, so reminders due at the same instant come
    // interleaved across tenants and conversations instead of one tenant's chats per batch.
    this.reminders = new DocumentRepository(store, { container: REMINDERS_CONTAINER, type: 'reminder', partition: () => [], check, derived: (r) => ({ spread: spreadOf(r.tenantId, r.id) }) });
    this.index = store.container<DueEntryDocument>(REMINDERS_CONTAINER);
    this.dueIndex = options.dueIndex ?? store.kind === 'cosmos';
  }

  async get(tenantId: string, id: string): Promise<VersionedReminder | undefined> {
    return this.reminders.get(tenantId, [], id);
  }

  /** Inserts or overwrites unconditionally (creating and editing a reminder; not for the scheduler's transitions). */
  async upsert(reminder: Reminder): Promise<VersionedReminder> {
    if (!this.dueIndex) return this.reminders.upsert(reminder);
    const [written] = await this.withEntries([reminder]);
    return written!;
  }

  /** Inserts or overwrites several reminders of one tenant in one store call (one partition: the tenant's). */
  async upsertMany(reminders: Reminder[]): Promise<VersionedReminder[]> {
    if (!this.dueIndex) return this.reminders.upsertMany(reminders);
    return this.withEntries(reminders);
  }

  /**
   * Writes reminders with their due entries, entries first (a reminder is never due without one). Usually one
   * store call: the entries and the reminders in one `upsertAcross`, entries ahead, so in the one physical
   * partition range of a container of SHK's size a reminder is written only after its entries. Should that call
   * fail (on a container split into several ranges a reminder might then be written without its entry), the same
   * upserts are made again one partition at a time, entries first: upserts, so writing twice is harmless.
   */
  private async withEntries(reminders: Reminder[]): Promise<VersionedReminder[]> {
    if (reminders.length === 0) return [];
    const documents = reminders.map((r) => this.reminders.toDocument(r));
    const entries = reminders.map((r) => this.entryFor(r)).filter((e): e is DueEntryDocument => e !== undefined);
    if (entries.length + documents.length <= 100) {
      try {
        const stored = await this.index.upsertAcross([...entries, ...documents] as DueEntryDocument[]);
        return (stored.slice(entries.length) as unknown as Array<Stored<ReminderDocument>>).map((d) => this.reminders.versioned(d));
      } catch (error) {
        if (isStoreError(error, 'InvalidDocument')) throw error;
      }
    }
    const byBucket = new Map<string, DueEntryDocument[]>();
    for (const entry of entries) byBucket.set(entry.pk, [...(byBucket.get(entry.pk) ?? []), entry]);
    for (const bucket of byBucket.values()) {
      for (let i = 0; i < bucket.length; i += 100) await this.index.upsertMany(bucket.slice(i, i + 100));
    }
    return this.reminders.upsertMany(reminders);
  }

  /**
   * Writes `reminder` only if the stored version still has `etag`; else ConflictError (also when it was deleted).
   * With the due index and `due` (the entry a candidate was found through, as `dueCandidates` or the previous
   * `replace` returned it): a claim ('sending') first pushes that entry to the lease's end, guarded by its ETag (so
   * of several processes only one gets this far); any other state first files the entry of its next wake-up, and
   * the old entry is deleted once the reminder is written. Resolves with the entry to hand to the next `replace`.
   */
  async replace(reminder: Reminder, etag: string, due?: DueSlot): Promise<DueCandidate> {
    if (!this.dueIndex) return this.reminders.replace(reminder, etag);
    check(reminder);
    const entry = this.entryFor(reminder);
    let slot: DueSlot | undefined;
    if (entry && due && reminder.status === 'sending') {
      try {
        const pushed = await this.index.replace({ ...entry, pk: due.pk, id: due.id }, due.etag);
        slot = { pk: pushed.pk, id: pushed.id, etag: pushed._etag };
      } catch (error) {
        if (isStoreError(error, 'PreconditionFailed') || isStoreError(error, 'NotFound')) {
          throw new ConflictError(`Reminder ${reminder.id} was taken by another process`, { cause: error });
        }
        throw error;
      }
    } else if (entry) {
      const filed = await this.index.upsert(entry);
      slot = { pk: filed.pk, id: filed.id, etag: filed._etag };
    }
    const written = await this.reminders.replace(reminder, etag);
    if (due && !(slot && slot.pk === due.pk && slot.id === due.id)) await this.dropEntry(due);
    return slot ? { ...written, due: slot } : written;
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
  async dueCandidates(now: Date, limit: number): Promise<DueCandidate[]> {
    if (this.dueIndex) return this.dueFromIndex(now, limit);
    const at = now.toISOString();
    // Reminders held under a live lease by another process are left out, so an idle process does not re-read
    // them on every pass. One field ordered, fixed to strings by the `dueAt <=` condition: the index serves it.
    const query = (where: NonNullable<QueryOptions['where']>) =>
      this.reminders.container.queryAcross('', {
        where: [this.reminders.typeCondition(), ...where, { field: 'dueAt', op: '<=', value: at }],
        orderBy: [{ field: 'dueAt' }, { field: 'ix.spread' }],
        limit,
      });
    const [pending, abandoned] = await Promise.all([
      query([{ field: 'status', op: '=', value: 'pending' }]),
      query([
        { field: 'status', op: '=', value: 'sending' },
        { field: 'lease.until', op: '<=', value: at },
      ]),
    ]);
    const found = [...abandoned, ...pending].slice(0, limit);
    this.lastScan = { queries: 2, entries: 0, reads: abandoned.length + pending.length, dropped: 0 };
    return found.map((doc) => this.reminders.versioned(doc));
  }

  /** The entry that makes the scheduler look at `reminder` when it is next due (none when it is finished). */
  private entryFor(reminder: Reminder): DueEntryDocument | undefined {
    const wake = wakeAt(reminder);
    if (wake === undefined) return undefined;
    const now = this.clock.now().getTime();
    return {
      id: entryId(reminder.tenantId, reminder.id, reminder.dueAt),
      // Already past: filed under the current hour, which the scheduler reads (it never skips the last hours).
      pk: duePartition(dueBucket(Math.max(Date.parse(wake), now))),
      tenantId: DUE_TENANT,
      type: DUE_ENTRY,
      reminderTenantId: reminder.tenantId,
      reminderId: reminder.id,
      dueAt: reminder.dueAt,
      at: wake,
      writtenAt: new Date(now).toISOString(),
    };
  }

  /** Deletes an entry if it is still the version given (a failure is harmless: a stale entry is dropped when met). */
  private async dropEntry(slot: DueSlot): Promise<boolean> {
    return this.index.delete(slot.pk, slot.id, slot.etag).catch(() => false);
  }

  /**
   * Due reminders through the due index: the entries with `at <= now` of the hour partitions from the cursor (the
   * oldest hour that may hold entries) to now, each a single-partition `TOP n … ORDER BY at` query, then a point
   * read of each entry's reminder. Entries whose reminder has moved on (another dueAt, finished, deleted) are
   * dropped; the cursor moves past hours found empty (never past `now - DUE_SETTLE_MS`).
   */
  private async dueFromIndex(now: Date, limit: number): Promise<DueCandidate[]> {
    const scan: DueScan = { queries: 0, entries: 0, reads: 0, dropped: 0 };
    this.lastScan = scan;
    const nowMs = now.getTime();
    const at = now.toISOString();
    const cursor = (await this.index.get(CURSOR_PK, CURSOR_ID)) as Stored<DueCursorDocument> | undefined;
    const last = dueBucket(nowMs);
    const settled = dueBucket(nowMs - DUE_SETTLE_MS);
    let from = typeof cursor?.from === 'string' ? cursor.from : dueBucket(nowMs - FIRST_LOOKBACK_MS);
    if (from > last) from = last;
    const entries: Array<Stored<DueEntryDocument>> = [];
    let oldest: string | undefined;
    for (let bucket = from; bucket <= last && entries.length < limit; bucket = nextBucket(bucket)) {
      scan.queries++;
      const found = await this.index.query(duePartition(bucket), {
        where: [{ field: 'at', op: '<=', value: at }],
        orderBy: [{ field: 'at' }],
        limit: limit - entries.length,
      });
      entries.push(...found);
      if (oldest === undefined && (found.length > 0 || bucket >= settled)) oldest = bucket;
      else if (oldest === undefined) {
        // An old hour with nothing due: is it empty (entries pushed to a lease's end may still wait there)?
        scan.queries++;
        if ((await this.index.count(duePartition(bucket), { limit: 1 })) > 0) oldest = bucket;
      }
    }
    scan.entries = entries.length;
    if (oldest !== undefined && (cursor === undefined || oldest > cursor.from)) {
      const next: DueCursorDocument = { id: CURSOR_ID, pk: CURSOR_PK, tenantId: DUE_TENANT, type: 'reminderDueCursor', from: oldest };
      await (this.index as unknown as Container<DueCursorDocument>).upsert(next);
    }

    const reminders = await Promise.all(entries.map((entry) => this.get(entry.reminderTenantId, entry.reminderId)));
    scan.reads = entries.length;
    const candidates: DueCandidate[] = [];
    const seen = new Set<string>();
    const drops: Array<Promise<boolean>> = [];
    entries.forEach((entry, i) => {
      const current = reminders[i];
      const stale = !current || wakeAt(current.value) === undefined || current.value.dueAt !== entry.dueAt;
      if (stale) {
        // Written long enough ago that the write it announced has landed: the reminder has moved on.
        if (Date.parse(entry.writtenAt) <= nowMs - DUE_SETTLE_MS) {
          scan.dropped++;
          drops.push(this.dropEntry({ pk: entry.pk, id: entry.id, etag: entry._etag }));
        }
        return;
      }
      const key = `${entry.reminderTenantId}\u0000${entry.reminderId}`;
      if (!isClaimable(current.value, now) || seen.has(key)) return; // under a live lease (a claim raced this read)
      seen.add(key);
      candidates.push({ ...current, due: { pk: entry.pk, id: entry.id, etag: entry._etag } });
    });
    await Promise.all(drops);
    return candidates;
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
