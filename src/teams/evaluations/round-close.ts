import { samePerson } from '../../domain/people/person.js';
import type { Round } from '../../domain/scoring/round.js';
import { AppError } from '../../errors.js';
import { cardAction, type TurnScope } from '../router.js';
import { closeRoundFor } from './close.js';
import { personalRoundCard, sharedRoundCard } from './round-view.js';
import { roundRef } from './round-open.js';

/** The round, if it belongs to this conversation (else notFound). */
async function roundHere(scope: TurnScope, roundId: string): Promise<Round> {
  const round = await scope.services.evaluations.round(scope.tenantId, roundId);
  if (!round || round.conversationKey !== scope.conversationKey) throw new AppError('notFound');
  return round;
}

/** "Stäng rundan" on the creator's view: asks first ("2 av 5 har svarat. Stänga ändå?"). */
export const closeRoundAction = cardAction({
  verb: 'round.close',
  data: roundRef,
  async handle(scope, { roundId }) {
    const round = await roundHere(scope, roundId);
    if (!samePerson(round.createdBy, scope.sender)) return { kind: 'message', text: scope.t('error.closeRound.notCreator', { name: round.createdBy.name }) };
    if (round.status !== 'open') return { kind: 'card', card: await personalRoundCard(scope, round, { notice: { text: scope.t('error.closeRound.alreadyClosed'), tone: 'attention' } }) };
    return { kind: 'card', card: await personalRoundCard(scope, round, { confirmClose: true }) };
  },
});

/** "Ja, stäng rundan": closes, posts the result in the thread, and every viewer's card says it is closed. */
export const confirmCloseRoundAction = cardAction({
  verb: 'round.closeConfirmed',
  data: roundRef,
  async handle(scope, { roundId }) {
    await roundHere(scope, roundId);
    const problem = await closeRoundFor(scope, roundId);
    const round = (await scope.services.evaluations.round(scope.tenantId, roundId))!;
    if (problem) {
      if (!samePerson(round.createdBy, scope.sender)) return { kind: 'message', text: problem };
      return { kind: 'card', card: await personalRoundCard(scope, round, { notice: { text: problem, tone: 'attention' } }) };
    }
    return { kind: 'card', card: await personalRoundCard(scope, round), updateMessage: await sharedRoundCard(scope, round) };
  },
});
