import type { MessageKey } from '../../i18n/index.js';
import type { TurnScope } from '../router.js';
import { publishResult } from './round-messages.js';

const PROBLEMS: Record<'notFound' | 'notCreator' | 'alreadyClosed', MessageKey> = {
  notFound: 'evaluate.error.notFound',
  notCreator: 'evaluate.error.notCreator',
  alreadyClosed: 'evaluate.error.alreadyClosed',
};

/** Closes a round for the person in this turn and publishes the result; returns a message when refused. */
export async function closeRoundFor(scope: TurnScope, roundId: string): Promise<string | undefined> {
  const outcome = await scope.services.evaluations.closeRound(scope.tenantId, roundId, scope.sender, scope.locale);
  if (!outcome.ok) {
    return scope.t(PROBLEMS[outcome.problem], { name: outcome.round?.createdBy.name ?? '', text: outcome.round?.initiativeName ?? '' });
  }
  await publishResult(scope.services, outcome.round, scope);
  return undefined;
}
