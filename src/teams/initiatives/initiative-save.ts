import { z } from 'zod';
import { DESCRIPTION_MAX_LENGTH, FOCUS_AREAS, NAME_MAX_LENGTH, PHASES } from '../../domain/initiatives/initiative.js';
import type { PersonRef } from '../../domain/people/person.js';
import { AppError } from '../../errors.js';
import { cardContextOf } from '../card-context.js';
import { errorKey } from '../failure.js';
import { cardAction } from '../router.js';
import { initiativeCard } from '../evaluations/scoring-cards.js';

/** "Spara" on the initiative form: creates or updates; everyone then sees the initiative card. */
export const saveInitiativeAction = cardAction({
  verb: 'initiative.save',
  data: z.object({
    initiativeId: z.union([z.literal(''), z.string().regex(/^[0-9a-f-]{36}$/)]).default(''),
    name: z.string().max(NAME_MAX_LENGTH * 4),
    focusArea: z.enum(FOCUS_AREAS),
    focusAreaText: z.string().max(NAME_MAX_LENGTH * 4).optional(),
    phase: z.enum(PHASES),
    owner: z.string().max(200).optional(),
    description: z.string().max(DESCRIPTION_MAX_LENGTH * 2).optional(),
  }),
  async handle(scope, data) {
    const { evaluations } = scope.services;
    let owner: PersonRef | undefined;
    if (data.owner) {
      const me = scope.sender;
      owner = (me.aadObjectId ?? me.id) === data.owner ? me : await scope.people.resolve(data.owner);
      if (!owner) return { kind: 'message', text: scope.t('error.initiative.unknownOwner') };
    }
    const saved = await evaluations.saveInitiative(
      scope.tenantId,
      data.initiativeId || undefined,
      { name: data.name, focusArea: data.focusArea, focusAreaText: data.focusAreaText, phase: data.phase, owner, description: data.description },
      scope.sender,
    );
    if (!saved.ok) {
      const { code } = saved.error;
      if (code === 'notFound') throw new AppError('notFound');
      return { kind: 'message', text: scope.t(errorKey('initiative', { code }), { name: data.name.trim(), length: data.description?.length ?? 0, max: DESCRIPTION_MAX_LENGTH }) };
    }
    const c = cardContextOf(scope);
    return { kind: 'card', card: initiativeCard(saved.value, c, scope.t('initiative.saved')), updateMessage: initiativeCard(saved.value, c) };
  },
});
