import { z } from 'zod';
import { AppError } from '../../errors.js';
import { cardContextOf } from '../card-context.js';
import { cardAction } from '../router.js';
import { initiativeFormCard } from '../evaluations/scoring-cards.js';

/** "Ändra" on an initiative card: the form, for the clicker. */
export const editInitiativeAction = cardAction({
  verb: 'initiative.edit',
  data: z.object({ initiativeId: z.string().regex(/^[0-9a-f-]{36}$/, 'initiativeId') }),
  async handle(scope, { initiativeId }) {
    const initiative = await scope.services.evaluations.initiative(scope.tenantId, initiativeId);
    if (!initiative) throw new AppError('notFound');
    return { kind: 'card', card: initiativeFormCard(initiative, cardContextOf(scope), [scope.sender]) };
  },
});
