import { itemForActor, itemRef } from './act.js';
import { confirmDeleteCard } from './item-card.js';
import { cardContextOf } from '../card-context.js';
import { cardAction } from '../router.js';

/** "Ta bort": asks the clicker to confirm; nothing changes yet. */
export const deleteActionItemAction = cardAction({
  verb: 'actionItem.delete',
  data: itemRef,
  async handle(scope, ref) {
    return { kind: 'card', card: confirmDeleteCard(await itemForActor(scope, ref), cardContextOf(scope)) };
  },
});
