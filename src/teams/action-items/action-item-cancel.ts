import { itemForActor, itemRef } from './act.js';
import { itemCard } from './item-card.js';
import { cardContextOf } from '../card-context.js';
import { cardAction } from '../router.js';

/** "Avbryt" on the edit form or the delete question: back to the item as it is now. */
export const cancelActionItemAction = cardAction({
  verb: 'actionItem.cancel',
  data: itemRef,
  async handle(scope, ref) {
    return { kind: 'card', card: itemCard(await itemForActor(scope, ref), cardContextOf(scope)) };
  },
});
