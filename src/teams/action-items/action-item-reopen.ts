import { actOnItem, itemRef } from './act.js';
import { cardAction } from '../router.js';

/** "Öppna igen" on a done item. */
export const reopenActionItemAction = cardAction({
  verb: 'actionItem.reopen',
  data: itemRef,
  handle: (scope, ref) => actOnItem(scope, ref, { type: 'reopen' }, (_item, c) => ({ text: c.t('item.notice.reopened'), tone: 'good' })),
});
