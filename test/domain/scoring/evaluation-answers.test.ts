import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChartStore } from '../../../src/charts/chart-store.js';
import type { PersonRef } from '../../../src/domain/people/person.js';
import { FixedClock } from '../../../src/domain/ports.js';
import { criteriaSet, DEFAULT_CRITERIA_SET } from '../../../src/domain/scoring/criteria.js';
import { EvaluationService } from '../../../src/domain/scoring/evaluation-service.js';
import { computeResult, resultFromTally, type Round } from '../../../src/domain/scoring/round.js';
import { ScoringRepository } from '../../../src/store/scoring-repository.js';
import { countingStore, type CountingStore } from '../../helpers/counting-store.js';
import { cosmosTestStore, sqliteTestStore, type TestStore } from '../../helpers/test-stores.js';

/**
 * An evaluation answer on the real stores (SQLite, and @azure/cosmos against cosmosdb-server), counted: three store
 * calls whatever the round's size, no vote lost when answers race (also between two processes' services), a
 * re-submit replaces, the same submit again changes nothing, and the tally gives what averaging all answers gives.
 */
const SET = criteriaSet(DEFAULT_CRITERIA_SET)!;
const TENANT = 'tenant-answers';
const CONVERSATION = 'channel:19:answers@thread.tacv2';
const PETRA: PersonRef = { id: '29:petra-edoff', aadObjectId: 'aad-petra', name: 'Petra Edoff' };

const person = (i: number): PersonRef => ({ id: `29:evaluator-${i}`, aadObjectId: `aad-evaluator-${i}`, name: `Utvärderare ${i}` });
/** Evaluator i's scores, as the form sends them (strings). */
const scoresOf = (i: number, shift = 0): Record<string, string> => Object.fromEntries(SET.criteria.map((c, k) => [c.id, String(((i + k + shift) % 5) + 1)]));

function describeOn(kind: 'sqlite' | 'cosmos', open: () => Promise<TestStore>): void {
  describe(`Evaluation answers on ${kind}`, () => {
    let counting: CountingStore;
    let close: () => Promise<void>;
    let clock: FixedClock;
    const services: EvaluationService[] = [];
    let n = 0;

    /** A service as one bot process has it (its own in-process queue per round). */
    const service = () => {
      const repository = new ScoringRepository(counting.store);
      return new EvaluationService(repository, new ChartStore(counting.store, clock), clock, 'Europe/Stockholm', () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`);
    };

    beforeAll(async () => {
      const opened = await open();
      counting = countingStore(opened.store);
      close = opened.close;
      clock = new FixedClock('2024-02-27T09:00:00Z');
      services.push(service(), service());
    }, 60_000);
    afterAll(async () => close?.());

    const start = async (text = 'Måltider och möten', evaluators: PersonRef[] = []): Promise<Round> => {
      const outcome = await services[0]!.startRound({ tenantId: TENANT, conversationKey: CONVERSATION, text, evaluators, createdBy: PETRA, initiative: { create: { focusArea: 'elderly', phase: 'concept' } } });
      if (!outcome.ok) throw new Error(`startRound: ${outcome.error.code}`);
      return outcome.value.round;
    };
    const submit = (round: Round, i: number, via = services[0]!, shift = 0) => via.submitAnswer(TENANT, round.id, CONVERSATION, person(i), { scores: scoresOf(i, shift) });
    const counted = async <T>(work: () => Promise<T>): Promise<{ value: T; calls: Record<string, number>; total: number }> => {
      counting.reset();
      const value = await work();
      return { value, calls: counting.calls(), total: counting.total() };
    };
    const storedRound = async (round: Round) => (await new ScoringRepository(counting.store).getRound(TENANT, round.id))!.value;

    it('an answer is three store calls with 0 answers before it and with 49: read the round, write the round, write the answer', async () => {
      const round = await start();
      const first = await counted(() => submit(round, 0));
      expect(first.value.ok).toBe(true);
      expect(first.calls).toEqual({ 'rounds.get': 1, 'rounds.replace': 1, 'answers.upsert': 1 });
      for (let i = 1; i < 49; i++) expect((await submit(round, i)).ok).toBe(true);
      const fiftieth = await counted(() => submit(round, 49));
      expect(fiftieth.calls).toEqual(first.calls);
      expect(fiftieth.value.ok && fiftieth.value.value.count).toBe(50);
      // The progress as the round card shows it: one read of the round, no answer read.
      const count = await counted(() => services[0]!.answerCount(TENANT, round.id));
      expect(count.value).toBe(50);
      expect(count.calls).toEqual({ 'rounds.get': 1 });
    });

    it('answers racing in two processes: none lost, the tally equals recomputing from every answer, and close uses it', async () => {
      const round = await start('Trygg hemgång');
      const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => submit(round, i, services[i % 2]!)));
      expect(outcomes.every((o) => o.ok)).toBe(true);
      const answers = await new ScoringRepository(counting.store).listAnswers(TENANT, round.id);
      expect(answers).toHaveLength(30);
      const stored = await storedRound(round);
      expect(stored.tally!.answers).toBe(30);
      expect(resultFromTally(stored, SET, stored.tally!, answers)).toEqual(computeResult(stored, SET, answers));
      const closed = await services[1]!.closeRound(TENANT, round.id, PETRA, 'sv');
      expect(closed.ok).toBe(true);
      const result = closed.ok ? closed.value.round.result! : undefined;
      const recomputed = computeResult(stored, SET, answers);
      expect(result?.criteria).toEqual(recomputed.criteria);
      expect(result?.overallMean).toBe(recomputed.overallMean);
      expect(result?.answers).toBe(30);
      // Too late now: refused, and nothing written.
      const late = await counted(() => submit(round, 31));
      expect(late.value.ok ? 'ok' : late.value.error.code).toBe('closed');
      expect(late.calls).toEqual({ 'rounds.get': 1 });
    });

    it('an answer and a close racing: the answer is counted in the result or refused, never lost', async () => {
      const round = await start('Digitala möten');
      for (let i = 0; i < 5; i++) await submit(round, i);
      const [answered, closed] = await Promise.all([submit(round, 5, services[0]), services[1]!.closeRound(TENANT, round.id, PETRA, 'sv')]);
      expect(closed.ok).toBe(true);
      const result = closed.ok ? closed.value.round.result! : undefined;
      expect(result?.answers).toBe(answered.ok ? 6 : 5);
      const stored = await storedRound(round);
      expect(stored.status).toBe('closed');
      expect(stored.result?.answers).toBe(result?.answers);
    });

    it('a re-submit replaces the scores; the same submit again leaves the tally as it was', async () => {
      const round = await start('Kulturstråket');
      await submit(round, 1);
      await submit(round, 2);
      const again = await counted(() => submit(round, 1, services[0], 3));
      expect(again.total).toBe(3);
      expect(again.value.ok && again.value.value.replaced).toBe(true);
      expect(again.value.ok && again.value.value.count).toBe(2);
      const before = (await storedRound(round)).tally;
      const retried = await submit(round, 1, services[1], 3);
      expect(retried.ok && retried.value.count).toBe(2);
      expect((await storedRound(round)).tally).toEqual(before);
      const answers = await new ScoringRepository(counting.store).listAnswers(TENANT, round.id);
      expect(answers.find((a) => a.evaluator.id === person(1).id)?.scores).toEqual(Object.fromEntries(Object.entries(scoresOf(1, 3)).map(([k, v]) => [k, Number(v)])));
      const stored = await storedRound(round);
      expect(resultFromTally(stored, SET, stored.tally!, answers)).toEqual(computeResult(stored, SET, answers));
    });

    it('a round stored before tallies existed is counted once from its answers, then never listed again', async () => {
      const round = await start('Äldre rundan');
      for (let i = 0; i < 4; i++) await submit(round, i);
      // As an older build stored it: the same round and answers, no tally.
      const repository = new ScoringRepository(counting.store);
      const current = (await repository.getRound(TENANT, round.id))!;
      const { tally: _tally, ...old } = current.value;
      void _tally;
      await repository.replaceRound(old as Round, current.etag);
      const first = await counted(() => submit(round, 4));
      expect(first.calls).toEqual({ 'rounds.get': 1, 'answers.query': 1, 'rounds.replace': 1, 'answers.upsert': 1 });
      expect(first.value.ok && first.value.value.count).toBe(5);
      const next = await counted(() => submit(round, 5));
      expect(next.calls).toEqual({ 'rounds.get': 1, 'rounds.replace': 1, 'answers.upsert': 1 });
      const stored = await storedRound(round);
      const answers = await repository.listAnswers(TENANT, round.id);
      expect(stored.tally!.answers).toBe(6);
      expect(resultFromTally(stored, SET, stored.tally!, answers)).toEqual(computeResult(stored, SET, answers));
    });

    it('who has not answered comes from the tally, without reading answers', async () => {
      const round = await start('Namngivna', [person(1), person(2), person(3)]);
      await submit(round, 2);
      const stored = await storedRound(round);
      const missing = await counted(() => services[0]!.missing(stored));
      expect(missing.value.map((p) => p.id)).toEqual([person(1).id, person(3).id]);
      expect(missing.total).toBe(0);
    });
  });
}

describeOn('sqlite', () => sqliteTestStore('shk-answers-'));
describeOn('cosmos', () => cosmosTestStore('shk-answers-test'));
