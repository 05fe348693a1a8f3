import { z } from 'zod';
import type { ItemPage } from '../../domain/action-items/action-item-service.js';
import type { MessageKey } from '../../i18n/index.js';
import { renderCard, type AdaptiveCard } from '../cards.js';
import { plainText, type CardContext } from '../card-context.js';
import { assigneeNames, dueText, isItemOverdue, type Notice } from './item-card.js';

/** A page of att-göra items ("uppgifter", "mina uppgifter"), each with its own Klar button. */

export const PAGE_SIZE = 8;

export const listSpec = z.object({
  scope: z.enum(['mine', 'conversation']),
  filter: z.enum(['open', 'overdue', 'all']),
  page: z.number().int().min(0).max(1000),
});
export type ListSpec = z.infer<typeof listSpec>;

const TITLES: Record<ListSpec['scope'], Record<ListSpec['filter'], MessageKey>> = {
  conversation: { open: 'list.title.conversation.open', overdue: 'list.title.conversation.overdue', all: 'list.title.conversation.all' },
  mine: { open: 'list.title.mine.open', overdue: 'list.title.mine.overdue', all: 'list.title.mine.all' },
};

export function listCard(list: ItemPage, spec: ListSpec, c: CardContext, notice?: Notice): AdaptiveCard {
  const { total, page } = list;
  const lastPage = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
  const shown = list.items.slice(0, PAGE_SIZE);
  const first = page * PAGE_SIZE + 1;
  const range = shown.length > 0 ? `${first}–${first + shown.length - 1}` : '0';
  return renderCard('action-item-list', {
    title: c.t(TITLES[spec.scope][spec.filter]),
    countText: c.t('list.count', { shown: range, total: list.more ? `${total}+` : total }),
    isEmpty: total === 0,
    emptyText: c.t(spec.scope === 'mine' ? 'list.empty.mine' : 'list.empty.conversation'),
    hasNotice: Boolean(notice),
    notice: notice?.text ?? '',
    noticeColor: notice?.tone === 'attention' ? 'Attention' : notice?.tone === 'good' ? 'Good' : 'Default',
    hasUndo: Boolean(notice?.undo),
    undo: { id: notice?.undo?.id ?? '', revision: notice?.undo?.revision ?? 0, list: { ...spec, page } },
    undoLabel: c.t('list.undo'),
    items: shown.map((item) => {
      const overdue = isItemOverdue(item, c);
      const due = overdue ? `${dueText(item, c)} (${c.t('item.status.overdue').toLocaleLowerCase(c.locale === 'sv' ? 'sv-SE' : 'en-GB')})` : dueText(item, c);
      return {
        id: item.id,
        revision: item.revision,
        title: plainText(item.title),
        line: c.t('list.rowLine', { assignees: plainText(assigneeNames(item.assignees)), due }),
        lineColor: overdue ? 'Attention' : 'Default',
        isOpen: item.status === 'open',
      };
    }),
    doneLabel: c.t('item.action.done'),
    doneStatus: c.t('item.status.done'),
    list: { ...spec, page },
    hasMore: page < lastPage,
    next: { ...spec, page: page + 1 },
    moreLabel: c.t('list.more'),
    refreshLabel: c.t('list.refresh'),
  });
}
