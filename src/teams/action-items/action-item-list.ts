import { z } from 'zod';
import { listItems } from './act.js';
import { listCard, listSpec } from './list-card.js';
import { cardContextOf } from '../card-context.js';
import { cardAction } from '../router.js';

/** "Visa fler" and "Uppdatera" on a list card. */
export const listActionItemsAction = cardAction({
  verb: 'actionItem.list',
  data: z.object({ list: listSpec }),
  async handle(scope, { list }) {
    const card = listCard(await listItems(scope, list), list, cardContextOf(scope));
    return { kind: 'card', card, updateMessage: true };
  },
});
