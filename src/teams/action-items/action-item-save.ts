import { z } from 'zod';
import { TITLE_MAX_LENGTH } from '../../domain/action-items/action-item.js';
import type { PersonRef } from '../../domain/people/person.js';
import { AppError } from '../../errors.js';
import { actOnItem, actorOf, itemForActor, itemRef } from './act.js';
import { personChoiceValue } from './item-card.js';
import { cardAction } from '../router.js';

/** "Spara" on the edit form: title, due date and assignees (people picker: AAD ids, comma-separated). */
export const saveActionItemAction = cardAction({
  verb: 'actionItem.save',
  data: itemRef.extend({
    title: z.string().max(TITLE_MAX_LENGTH * 2),
    due: z.string().max(40).optional(),
    assignees: z.string().max(4000).optional(),
  }),
  async handle(scope, data) {
    const actor = actorOf(scope);
    const item = await itemForActor(scope, data);
    let assignees: PersonRef[] | undefined;
    if (data.assignees !== undefined) {
      const keys = [...new Set(data.assignees.split(',').map((k) => k.trim()).filter(Boolean))];
      assignees = [];
      for (const key of keys) {
        const known = item.assignees.find((p) => personChoiceValue(p) === key) ?? (personChoiceValue(actor.person) === key ? actor.person : undefined);
        const person = known ?? (await scope.people.resolve(key));
        if (!person) throw new AppError('invalidInput', { reason: scope.t('item.edit.assigneesLabel') });
        assignees.push(person);
      }
    }
    return actOnItem(
      scope,
      data,
      { type: 'edit', title: data.title, due: data.due ?? null, ...(assignees ? { assignees } : {}) },
      (_item, c) => ({ text: c.t('item.notice.saved'), tone: 'good' }),
    );
  },
});
