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

interface ProcessedActivity extends BaseDocument {
  type: 'processedActivity';
  claimedAt: string;
  expiresAt: string;
}

export type Claim = { duplicate: boolean };

export class TurnLedger {
  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock,
    private readonly ttlMs = TURN_LEDGER_TTL_MS,
  ) {}

  private get container() {
    return this.store.container<ProcessedActivity>(PROCESSED_ACTIVITIES_CONTAINER);
  }

  /**
   * Claims the activity (one write); `duplicate` when it was claimed before and has not expired. The claim is made
   * before the turn runs, so a retry that arrives while the first attempt still runs is a duplicate as well.
   */
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
      claimedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlMs).toISOString(),
    };
    try {
      await this.container.create(doc);
      return { duplicate: false };
    } catch (error) {
      if (!isStoreError(error, 'Conflict')) throw error;
    }
    const existing = await this.container.get(pk, id);
    if (existing && Date.parse(existing.expiresAt) > now.getTime()) return { duplicate: true };
    // Expired but not swept yet: the id is free again.
    try {
      if (existing) await this.container.replace(doc, existing._etag);
      else await this.container.create(doc);
      return { duplicate: false };
    } catch (again) {
      if (isStoreError(again, 'PreconditionFailed') || isStoreError(again, 'Conflict')) return { duplicate: true };
      throw again;
    }
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
