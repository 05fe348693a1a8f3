import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PersonRef } from '../../src/domain/people/person.js';
import { FixedClock } from '../../src/domain/ports.js';
import { PrivacyService } from '../../src/domain/privacy/privacy-service.js';
import type { Answer } from '../../src/domain/scoring/round.js';
import { partitionKey } from '../../src/store/document-store.js';
import { PrivacyRepository } from '../../src/store/privacy-repository.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { PEOPLE, TENANT } from '../helpers/activities.js';

const NOW = '2024-02-27T09:00:00.000Z';
const ROUND = 'r1';

const answer = (evaluator: PersonRef, id: string, score: number): Answer => ({
  id, tenantId: TENANT, roundId: ROUND, evaluator, scores: { citizenValue: score }, comments: {}, submittedAt: NOW, updatedAt: NOW,
});

describe('Moving an anonymised answer to a new id (the old id holds the evaluator\'s key)', () => {
  let dir: string;
  let store: SqliteStore;
  let service: PrivacyService;
  const answers = () => store.container<any>('answers');
  const pk = partitionKey(TENANT, 'round', ROUND);
  let tokens = 0;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shk-privacy-'));
    store = SqliteStore.open({ file: join(dir, 'store.sqlite') });
    service = new PrivacyService(new PrivacyRepository(store), new FixedClock(NOW), () => (++tokens).toString(16).padStart(32, '0'));
    await answers().create({ ...answer(PEOPLE.petra, `${ROUND}.${PEOPLE.petra.aadObjectId}`, 4), pk, type: 'answer' });
    await answers().create({ ...answer(PEOPLE.johan, `${ROUND}.${PEOPLE.johan.aadObjectId}`, 2), pk, type: 'answer' });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('moves it once: same scores, neutral evaluator, random id; a second erasure changes nothing', async () => {
    const report = await service.erase(TENANT, PEOPLE.petra, 'Borttagen person');
    expect(report.anonymised.answers).toBe(1);
    const stored = await answers().query(pk);
    expect(stored.map((a) => [a.evaluator.name, a.scores.citizenValue]).sort()).toEqual([['Borttagen person', 4], ['Johan Lindström', 2]]);
    expect(JSON.stringify(stored)).not.toContain(PEOPLE.petra.aadObjectId);
    const again = await service.erase(TENANT, PEOPLE.petra, 'Borttagen person');
    expect(again.anonymised.answers).toBe(0);
    expect((await answers().query(pk)).map((a) => a._etag).sort()).toEqual(stored.map((a) => a._etag).sort());
  });

  it('a move interrupted after the copy was written is finished by the next erasure, without a second copy', async () => {
    // What a crash between "copy" and "delete" leaves: the note on the old answer and the copy under the noted id.
    const old = await answers().get(pk, `${ROUND}.${PEOPLE.petra.aadObjectId}`);
    const copyId = `${ROUND}.erased-${'f'.repeat(32)}`;
    await answers().replace({ ...old!, erasure: { copyId } }, old!._etag);
    await answers().create({ ...answer({ name: 'Borttagen person' }, copyId, 4), pk, type: 'answer' });
    expect(await answers().query(pk)).toHaveLength(3);

    await service.erase(TENANT, PEOPLE.petra, 'Borttagen person');
    const stored = await answers().query(pk);
    expect(stored).toHaveLength(2);
    expect(stored.map((a) => a.id).sort()).toEqual([copyId, `${ROUND}.${PEOPLE.johan.aadObjectId}`].sort());
  });

  it('the sweep deletes expired exports of every tenant and leaves valid ones', async () => {
    const clock = new FixedClock(NOW);
    const sweeping = new PrivacyService(new PrivacyRepository(store), clock);
    const first = await sweeping.createExport(TENANT, PEOPLE.petra);
    await sweeping.createExport('72f988bf-0000-4000-8000-000000000002', { id: '29:other', name: 'Annan' });
    clock.advance(10 * 60_000);
    const fresh = await sweeping.createExport(TENANT, PEOPLE.johan);
    clock.advance(6 * 60_000);
    expect(await sweeping.sweepExpiredExports()).toBe(2);
    const left = await store.container<any>('exports').queryAcross('', {});
    expect(left.map((e) => e.id)).toEqual([fresh.token]);
    expect(await sweeping.readExport(TENANT, first.token)).toBeUndefined();
    expect(await sweeping.readExport(TENANT, fresh.token)).toBeDefined();
  });
});
