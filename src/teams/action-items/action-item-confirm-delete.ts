import { actOnItem, itemRef } from './act.js';
import { cardAction } from '../router.js';

/** "Ja, ta bort": the item leaves the lists (soft delete, history kept); everyone's card says so. */
export const confirmDeleteActionItemAction = cardAction({
  verb: 'actionItem.confirmDelete',
  data: itemRef,
  handle: (scope, ref) => actOnItem(scope, ref, { type: 'delete' }, () => undefined),
});
