import { AppError } from '../../errors.js';
import { actorOf, itemRef } from '../action-items/act.js';
import { confirmDeleteCard } from '../action-items/item-card.js';
import { cardContextOf } from '../card-context.js';
import { cardAction } from '../router.js';

/** "Ta bort": asks the clicker to confirm; nothing changes yet. */
export const deleteActionItemAction = cardAction({
  verb: 'actionItem.delete',
  data: itemRef,
  async handle(scope, ref) {
    const item = await scope.services.actionItems.find(scope.tenantId, ref.id, actorOf(scope));
    if (!item) throw new AppError('notFound');
    return { kind: 'card', card: confirmDeleteCard(item, cardContextOf(scope)) };
  },
});
