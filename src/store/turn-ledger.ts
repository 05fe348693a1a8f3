import { createHash } from 'node:crypto';
import type { Clock } from '../domain/ports.js';
import { isStoreError, partitionKey, type BaseDocument, type DocumentStore } from './document-store.js';

/**
 * Activities already handled, by their Teams activity id, so a retried POST (Teams retries when it gets no answer in
 * time) never creates a second item, answer or meeting. Entries expire after `ttlMs` (an expired entry no longer
 * counts) and a background `sweep` deletes them, on SQLite and Cosmos alike.
 */
export const PROCESSED_ACTIVITIES_CONTAINER = 'processed-activities';

/** Teams retries within minutes; a day covers every retry with a wide margin. */
export const TURN_LEDGER_TTL_MS = 24 * 60 * 60_000;
/** A claim this old whose turn never finished (a crashed process) may be taken over by a retry. */
const STALE_CLAIM_MS = 5 * 60_000;

interface ProcessedActivity extends BaseDocument {
  type: 'processedActivity';
  state: 'started' | 'done';
  claimedAt: string;
  expiresAt: string;
}

export type Claim = { duplicate: false; done(): Promise<void> } | { duplicate: true };

export class TurnLedger {
  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock,
    private readonly ttlMs = TURN_LEDGER_TTL_MS,
  ) {}

  private get container() {
    return this.store.container<ProcessedActivity>(PROCESSED_ACTIVITIES_CONTAINER);
  }

  /** Claims the activity; `duplicate` when it was handled (or is being handled) already. */
  async claim(tenantId: string, conversationId: string, activityId: string): Promise<Claim> {
    const pk = partitionKey(tenantId);
    // Hashed: ids contain characters documents may not, and the record needs no readable ids.
    const id = createHash('sha256').update(`${conversationId}\u0000${activityId}`).digest('hex');
    const now = this.clock.now();
    const doc: ProcessedActivity = {
      id,
      pk,
      tenantId,
      type: 'processedActivity',
      state: 'started',
      claimedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlMs).toISOString(),
    };
    let claimed;
    try {
      claimed = await this.container.create(doc);
    } catch (error) {
      if (!isStoreError(error, 'Conflict')) throw error;
      const existing = await this.container.get(pk, id);
      const expired = existing && Date.parse(existing.expiresAt) <= now.getTime();
      const stale = existing?.state === 'started' && now.getTime() - Date.parse(existing.claimedAt) > STALE_CLAIM_MS;
      if (existing && !expired && !stale) return { duplicate: true };
      try {
        claimed = existing ? await this.container.replace(doc, existing._etag) : await this.container.create(doc);
      } catch (again) {
        if (isStoreError(again, 'PreconditionFailed') || isStoreError(again, 'Conflict')) return { duplicate: true };
        throw again;
      }
    }
    const etag = claimed._etag;
    return {
      duplicate: false,
      done: async () => {
        await this.container.replace({ ...doc, state: 'done' }, etag).catch(() => undefined);
      },
    };
  }

  /** Deletes expired entries (up to 1000 a pass). */
  async sweep(): Promise<number> {
    const expired = await this.container.queryAcross('', {
      where: [
        { field: 'type', op: '=', value: 'processedActivity' },
        { field: 'expiresAt', op: '<=', value: this.clock.now().toISOString() },
      ],
      limit: 1000,
    });
    let deleted = 0;
    for (const doc of expired) if (await this.container.delete(doc.pk, doc.id).catch(() => false)) deleted++;
    return deleted;
  }
}
