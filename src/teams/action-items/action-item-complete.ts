import { actOnItem, itemRef } from './act.js';
import { cardAction } from '../router.js';
import { plainText } from '../card-context.js';

/** Longest part of a title quoted in "”Skicka mail …” är klar". */
const QUOTE_MAX = 40;

/** "Klar" on an item card or a list row; on a list the notice says which item, with Ångra. */
export const completeActionItemAction = cardAction({
  verb: 'actionItem.complete',
  data: itemRef,
  handle: (scope, ref) =>
    actOnItem(scope, ref, { type: 'complete' }, (item, c) => {
      if (!ref.list) return { text: c.t('item.notice.done'), tone: 'good' };
      // Cut at a word boundary: "Skicka mail om ensamhetspengen …", never "Skicka ma …".
      const cut = item.title.slice(0, QUOTE_MAX + 1);
      const title = item.title.length > QUOTE_MAX ? `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : QUOTE_MAX).trimEnd()} …` : item.title;
      return { text: c.t('list.notice.done', { title: plainText(title) }), tone: 'good', undo: { id: item.id, revision: item.revision } };
    }),
});
