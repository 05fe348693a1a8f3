import { criteriaSet } from '../../domain/scoring/criteria.js';
import { meansOf } from '../../domain/scoring/evaluation-service.js';
import { computeResult, missingEvaluators, type Round } from '../../domain/scoring/round.js';
import { samePerson } from '../../domain/people/person.js';
import { plainText, cardContextOf } from '../card-context.js';
import type { AdaptiveCard } from '../cards.js';
import type { TurnScope } from '../router.js';
import { roundCard, type RoundView } from './scoring-cards.js';

/**
 * The round card as the person in this turn sees it: their answer (and the current mean unless anonymous),
 * Bedöm if they have not answered, the round's controls if they started it. One read of the answers.
 */
export async function personalRoundCard(scope: TurnScope, round: Round, extra: Omit<RoundView, 'viewer' | 'answer' | 'current' | 'missing'> = {}): Promise<AdaptiveCard> {
  const answers = await scope.services.evaluations.answers(round);
  const viewer = scope.sender;
  const answer = answers.find((a) => samePerson(a.evaluator, viewer));
  const current = { means: meansOf(computeResult(round, criteriaSet(round.criteriaSetId)!, answers)), count: answers.length };
  const isCreator = samePerson(round.createdBy, viewer);
  const count = round.status === 'open' ? answers.length : (round.result?.answers ?? answers.length);
  return roundCard(round, count, cardContextOf(scope), {
    viewer,
    ...(answer ? { answer } : {}),
    current,
    ...(isCreator ? { missing: missingEvaluators(round, answers) } : {}),
    ...extra,
  });
}

/** The shared round card (what everyone sees before their own view arrives), with the current count. */
export async function sharedRoundCard(scope: TurnScope, round: Round): Promise<AdaptiveCard> {
  const count = round.status === 'open' ? await scope.services.evaluations.answerCount(round.tenantId, round.id) : (round.result?.answers ?? 0);
  return roundCard(round, count, cardContextOf(scope));
}

/** "Du är inte utvärderare i den här rundan (utvärderare: …)". */
export function notAnEvaluatorText(scope: TurnScope, round: Round): string {
  return scope.t('evaluate.error.notAnEvaluatorNamed', { names: round.evaluators.map((p) => plainText(p.name)).join(', ') });
}
