import { describe, expect, it } from 'vitest';
import { criteriaSet, DEFAULT_CRITERIA_SET } from '../../../src/domain/scoring/criteria.js';
import { anonymiseRound } from '../../../src/domain/privacy/anonymise.js';
import { dataSubject } from '../../../src/domain/privacy/data-subject.js';
import { answerId, computeResult, missingFromTally, resultFromTally, tallyKey, tallyOf, withAnswer, type Answer, type Round } from '../../../src/domain/scoring/round.js';

const SET = criteriaSet(DEFAULT_CRITERIA_SET)!;
const ROUND: Round = {
  id: '00000000-0000-4000-8000-000000000001',
  tenantId: 'tenant-a',
  initiativeId: 'i1',
  initiativeName: 'Måltider och möten',
  criteriaSetId: SET.id,
  conversationKey: 'channel:19:x',
  createdBy: { id: '29:petra', name: 'Petra' },
  createdAt: '2024-02-27T09:00:00.000Z',
  anonymous: false,
  evaluators: [],
  status: 'open',
};

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

function answer(evaluator: number, scores: number[], at: string, comment?: string): Answer {
  const person = { id: `29:evaluator-${evaluator}`, name: `Utvärderare ${evaluator}` };
  return {
    id: answerId(ROUND.id, person),
    tenantId: ROUND.tenantId,
    roundId: ROUND.id,
    evaluator: person,
    scores: Object.fromEntries(SET.criteria.map((c, i) => [c.id, scores[i]!])),
    comments: comment ? { [SET.criteria[0]!.id]: comment } : {},
    submittedAt: at,
    updatedAt: at,
  };
}

describe('A round tally gives exactly the result of averaging every answer', () => {
  it('for random answers with re-submits (the latest answer of each evaluator counts, once)', () => {
    const next = random(42);
    for (let trial = 0; trial < 20; trial++) {
      const latest = new Map<string, Answer>();
      let tally = tallyOf([]);
      for (let step = 0; step < 120; step++) {
        const evaluator = Math.floor(next() * 40);
        const a = answer(evaluator, SET.criteria.map(() => 1 + Math.floor(next() * 5)), new Date(Date.UTC(2024, 1, 27, 9, 0, step)).toISOString(), step % 7 === 0 ? `kommentar ${step}` : undefined);
        const kept = latest.get(a.id);
        const stored = kept ? { ...a, submittedAt: kept.submittedAt } : a;
        latest.set(a.id, stored);
        tally = withAnswer(tally, stored);
      }
      const answers = [...latest.values()];
      const fromTally = resultFromTally(ROUND, SET, tally, answers);
      const recomputed = computeResult(ROUND, SET, answers);
      // toEqual on numbers is Object.is: the means are bit for bit the same.
      expect(fromTally).toEqual(recomputed);
      expect(tally.answers).toBe(answers.length);
      expect(tallyOf(answers)).toEqual(tally);
    }
  });

  it('the same answer counted again leaves the tally as it was (a retried submit)', () => {
    const a = answer(1, [5, 4, 3, 2, 1], '2024-02-27T09:00:00.000Z');
    const once = withAnswer(withAnswer(tallyOf([]), answer(2, [1, 1, 1, 1, 1], '2024-02-27T09:00:00.000Z')), a);
    expect(withAnswer(once, a)).toEqual(once);
  });

  it('a re-submit takes the old scores out: min, max and mean follow the new ones', () => {
    const first = answer(1, [1, 1, 1, 1, 1], '2024-02-27T09:00:00.000Z');
    const tally = withAnswer(withAnswer(tallyOf([answer(2, [3, 3, 3, 3, 3], '2024-02-27T09:00:00.000Z')]), first), { ...first, scores: Object.fromEntries(SET.criteria.map((c) => [c.id, 5])) });
    const result = resultFromTally(ROUND, SET, tally);
    expect(tally.answers).toBe(2);
    expect(result.criteria.map((c) => [c.mean, c.min, c.max, c.count])).toEqual(SET.criteria.map(() => [4, 3, 5, 2]));
  });

  it('an empty tally has no means (NaN, as with no answers) and everyone named is missing', () => {
    const named = { ...ROUND, evaluators: [{ id: '29:evaluator-1', name: 'A' }, { id: '29:evaluator-2', name: 'B' }] };
    expect(resultFromTally(named, SET, tallyOf([]))).toEqual(computeResult(named, SET, []));
    const tally = tallyOf([answer(2, [3, 3, 3, 3, 3], '2024-02-27T09:00:00.000Z')]);
    expect(missingFromTally(named, tally).map((p) => p.id)).toEqual(['29:evaluator-1']);
  });
});

describe('Erasing an evaluator', () => {
  it('replaces their tally key by a neutral one: the counts and the result stay, no key of theirs remains', () => {
    const answers = [answer(1, [5, 4, 3, 2, 1], '2024-02-27T09:00:00.000Z'), answer(2, [1, 2, 3, 4, 5], '2024-02-27T09:01:00.000Z')];
    const tally = tallyOf(answers);
    const round = { ...ROUND, tally };
    const subject = dataSubject(answers[0]!.evaluator);
    const erased = anonymiseRound(round, subject, { id: '', name: 'Borttagen person' }, true)!;
    expect(erased.tally!.answers).toBe(2);
    expect(erased.tally!.histogram).toEqual(tally.histogram);
    expect(Object.keys(erased.tally!.entries)).not.toContain(tallyKey(answers[0]!.id));
    expect(Object.keys(erased.tally!.entries)).toContain(tallyKey(answers[1]!.id));
    expect(resultFromTally(erased, SET, erased.tally!)).toEqual(resultFromTally(round, SET, tally));
    // Applied again: nothing of theirs left to change.
    expect(anonymiseRound(erased, subject, { id: '', name: 'Borttagen person' }, false)).toBeUndefined();
  });
});
