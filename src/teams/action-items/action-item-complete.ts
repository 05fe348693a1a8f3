import { actOnItem, itemRef } from './act.js';
import { cardAction } from '../router.js';

/** "Klar" on an item card or a list row. */
export const completeActionItemAction = cardAction({
  verb: 'actionItem.complete',
  data: itemRef,
  handle: (scope, ref) => actOnItem(scope, ref, { type: 'complete' }, (_item, c) => ({ text: c.t('item.notice.done'), tone: 'good' })),
});
