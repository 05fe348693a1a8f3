import { actorOf, itemForActor, itemRef } from './act.js';
import { editCard } from './item-card.js';
import { cardContextOf } from '../card-context.js';
import { cardAction } from '../router.js';

/** "Ändra": shows the edit form to the person who clicked (nobody else's card changes). */
export const editActionItemAction = cardAction({
  verb: 'actionItem.edit',
  data: itemRef,
  async handle(scope, ref) {
    return { kind: 'card', card: editCard(await itemForActor(scope, ref), cardContextOf(scope), [actorOf(scope).person]) };
  },
});
