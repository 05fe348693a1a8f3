import type { Answer, Round } from '../../domain/scoring/round.js';
import { samePerson, type PersonRef } from '../../domain/people/person.js';
import { plainText, cardContextOf } from '../card-context.js';
import type { AdaptiveCard } from '../cards.js';
import type { TurnScope } from '../router.js';
import { roundCard, type RoundView } from './scoring-cards.js';

/**
 * The round card as the person in this turn sees it: their answer (and the current mean unless anonymous),
 * Bedöm if they have not answered, the round's controls if they started it. The counts, means and who is missing
 * come from the round's tally; the viewer's own answer is one point read (none just after they answered).
 */
export async function personalRoundCard(
  scope: TurnScope,
  round: Round,
  extra: Omit<RoundView, 'viewer' | 'answer' | 'current' | 'missing'> = {},
  /** What the caller already knows (just after an answer was stored), to spare a read. */
  known?: { answer: Answer; current: { means: Record<string, number>; count: number } },
): Promise<AdaptiveCard> {
  const viewer = scope.sender;
  const isCreator = samePerson(round.createdBy, viewer);
  let answer = known?.answer;
  let current = known?.current;
  let missing: PersonRef[] | undefined;
  const { evaluations } = scope.services;
  if (!known) {
    answer = await evaluations.answerOf(round.tenantId, round.id, viewer);
    current = await evaluations.currentMeans(round);
  }
  if (isCreator) missing = await evaluations.missing(round);
  const count = round.status === 'open' ? current!.count : (round.result?.answers ?? current!.count);
  return roundCard(round, count, cardContextOf(scope), {
    viewer,
    ...(answer ? { answer } : {}),
    ...(current ? { current } : {}),
    ...(missing ? { missing } : {}),
    ...extra,
  });
}

/** The shared round card (what everyone sees before their own view arrives), with the current count. */
export async function sharedRoundCard(scope: TurnScope, round: Round): Promise<AdaptiveCard> {
  const count = round.status === 'open' ? await scope.services.evaluations.countOf(round) : (round.result?.answers ?? 0);
  return roundCard(round, count, cardContextOf(scope));
}

/** "Du är inte utvärderare i den här rundan (utvärderare: …)". */
export function notAnEvaluatorText(scope: TurnScope, round: Round): string {
  return scope.t('evaluate.error.notAnEvaluatorNamed', { names: round.evaluators.map((p) => plainText(p.name)).join(', ') });
}
