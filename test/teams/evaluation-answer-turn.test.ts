import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../src/domain/ports.js';
import { criteriaSet, DEFAULT_CRITERIA_SET } from '../../src/domain/scoring/criteria.js';
import { ScoringRepository } from '../../src/store/scoring-repository.js';
import { cardAction, message, PEOPLE, TENANT, where } from '../helpers/activities.js';
import { countingStore, type CountingStore } from '../helpers/counting-store.js';
import { cosmosTestStore, sqliteTestStore, type TestStore } from '../helpers/test-stores.js';
import { chooseNewInitiative } from '../helpers/rounds.js';
import { cardOf, cardText, startTestBot, type TestBot } from '../helpers/test-app.js';

/**
 * The whole answer turn through POST /api/messages (Action.Execute `round.submit` on the round card), with the
 * bot's store counted: the same store calls for the 1st and the 50th answer, on SQLite and on Cosmos; the coalesced
 * round-card progress update reads the round and the conversation, never the answers; a retried activity is
 * answered from the turn ledger and counts nothing twice.
 */
const SET = criteriaSet(DEFAULT_CRITERIA_SET)!;
/** Long enough that the progress update never falls inside the turn it follows, even on a loaded machine. */
const PROGRESS_DELAY_MS = 1_000;

/** The answer turn: claim the activity, the conversation reference, then the answer's three. */
const ANSWER_TURN = {
  'processed-activities.create': 1,
  'conversations.get': 1,
  'rounds.get': 1,
  'rounds.replace': 1,
  'answers.upsert': 1,
};

function describeOn(kind: 'sqlite' | 'cosmos', open: () => Promise<TestStore>): void {
  describe(`The answer turn's store calls on ${kind}`, () => {
    let bot: TestBot;
    let counting: CountingStore;
    let close: () => Promise<void>;
    const at = where.channel('1709100000000');
    const people = Array.from({ length: 50 }, (_, i) => ({ id: `29:turn-evaluator-${i}`, name: `Utvärderare ${i}`, aadObjectId: `00000000-0000-4000-a000-${String(i).padStart(12, '0')}` }));
    let roundId = '';
    let cardActivityId = '';

    beforeAll(async () => {
      const opened = await open();
      close = opened.close;
      counting = countingStore(opened.store);
      bot = await startTestBot({ overrides: { store: counting.store, clock: new FixedClock('2024-02-28T09:00:00Z'), roundProgressDelayMs: PROGRESS_DELAY_MS } });
      const since = bot.connector.sent.length;
      await bot.post(message('bedöm Räknade svar', { serviceUrl: bot.connector.url, from: PEOPLE.petra, at, mentionBot: true }));
      await chooseNewInitiative(bot, { since, from: PEOPLE.petra, at });
      roundId = cardOf(bot.connector.sent.at(-1)!.body).refresh.action.data.roundId;
      const round = (await new ScoringRepository(opened.store).getRound(TENANT, roundId))!.value;
      cardActivityId = round.card!.activityId;
    }, 60_000);
    afterAll(async () => {
      await bot?.stop();
      await close?.();
    });

    const answer = (i: number, shift = 0) =>
      cardAction('round.submit', { roundId, ...Object.fromEntries(SET.criteria.map((c, k) => [`score_${c.id}`, String(((i + k + shift) % 5) + 1)])) }, { serviceUrl: bot.connector.url, from: people[i]!, at, replyToId: cardActivityId });
    /** Posts one activity and returns the store calls its turn made (the progress update comes later). */
    const turn = async (activity: Record<string, unknown>) => {
      counting.reset();
      const response = await bot.post(activity);
      return { response, calls: counting.calls() };
    };
    const progressShowing = (count: number) =>
      bot.connector.waitFor(() => bot.connector.updates.some((u) => u.activityId === cardActivityId && cardText(cardOf(u.body)).includes(`${count} har svarat`)), 10_000);

    it('the 1st and the 50th answer make the same 5 store calls (3 of them the answer\'s); the progress update 2, none of them answers', async () => {
      const first = await turn(answer(0));
      expect(first.response.body.statusCode).toBe(200);
      expect(cardText(first.response.body.value)).toContain('bygger på 1 svar');
      expect(first.calls).toEqual(ANSWER_TURN);
      counting.reset();
      await progressShowing(1);
      expect(counting.calls()).toEqual({ 'rounds.get': 1, 'conversations.get': 1 });

      for (let i = 1; i < 49; i++) expect((await bot.post(answer(i))).body.statusCode).toBe(200);
      await progressShowing(49);
      const fiftieth = await turn(answer(49));
      expect(cardText(fiftieth.response.body.value)).toContain('bygger på 50 svar');
      expect(fiftieth.calls).toEqual(ANSWER_TURN);
      counting.reset();
      await progressShowing(50);
      expect(counting.calls()).toEqual({ 'rounds.get': 1, 'conversations.get': 1 });
    });

    it('a re-submit replaces (same calls, "uppdaterad", still 50); the same activity retried is answered from the ledger and counts nothing', async () => {
      const resubmit = answer(7, 2);
      const replaced = await turn(resubmit);
      expect(replaced.calls).toEqual(ANSWER_TURN);
      expect(cardText(replaced.response.body.value)).toContain('uppdaterad');
      expect(cardText(replaced.response.body.value)).toContain('bygger på 50 svar');
      const tallyBefore = (await new ScoringRepository(counting.store).getRound(TENANT, roundId))!.value.tally;
      const retried = await turn(resubmit);
      expect(retried.response.body.statusCode).toBe(200);
      expect(retried.response.body.type).toBe('application/vnd.microsoft.activity.message');
      expect(retried.calls).toEqual({ 'processed-activities.create': 1, 'processed-activities.get': 1 });
      expect((await new ScoringRepository(counting.store).getRound(TENANT, roundId))!.value.tally).toEqual(tallyBefore);
      expect(tallyBefore!.answers).toBe(50);
    });
  });
}

describeOn('sqlite', () => sqliteTestStore('shk-answer-turn-'));
describeOn('cosmos', () => cosmosTestStore('shk-answer-turn-test'));
