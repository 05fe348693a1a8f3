import { errorKey } from '../failure.js';
import type { TurnScope } from '../router.js';
import { publishResult } from './round-messages.js';

/** Closes a round for the person in this turn and publishes the result; returns a message when refused. */
export async function closeRoundFor(scope: TurnScope, roundId: string): Promise<string | undefined> {
  const outcome = await scope.services.evaluations.closeRound(scope.tenantId, roundId, scope.sender, scope.locale);
  if (!outcome.ok) {
    const round = outcome.error.detail;
    return scope.t(errorKey('closeRound', outcome.error), { name: round?.createdBy.name ?? '', text: round?.initiativeName ?? '' });
  }
  await publishResult(scope.services, outcome.value.round, scope);
  return undefined;
}
