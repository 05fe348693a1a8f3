import { z } from 'zod';
import { actOnItem, itemRef } from './act.js';
import { dueText } from './item-card.js';
import { cardAction } from '../router.js';

/** "Skjut upp": one day, one week, or to a picked date. */
export const snoozeActionItemAction = cardAction({
  verb: 'actionItem.snooze',
  data: itemRef.extend({
    days: z.union([z.literal(1), z.literal(7)]).optional(),
    snoozeDate: z.string().max(40).optional(),
  }),
  handle(scope, data) {
    const action = data.days !== undefined ? { type: 'snooze' as const, days: data.days } : { type: 'snoozeTo' as const, date: data.snoozeDate ?? '' };
    return actOnItem(scope, data, action, (item, c) => ({ text: c.t('item.notice.snoozed', { due: dueText(item, c) }), tone: 'good' }));
  },
});
