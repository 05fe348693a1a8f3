import type { ActionItem } from '../../domain/action-items/action-item.js';
import { formatDateTime, formatDue, isOverdue, todayIn } from '../../domain/dates/due-date.js';
import { mentionId, type PersonRef } from '../../domain/people/person.js';
import { renderCard, type AdaptiveCard } from '../cards.js';
import { plainText, type CardContext } from '../card-context.js';

/** The Adaptive Cards of one att-göra: the item itself, its edit form, the delete confirmation. */

export type NoticeTone = 'good' | 'attention' | 'default';
export interface Notice {
  text: string;
  tone: NoticeTone;
  /** On a list: the item just marked done, so its row can offer Ångra. */
  undo?: { id: string; revision: number };
}

const NOTICE_COLOR: Record<NoticeTone, string> = { good: 'Good', attention: 'Attention', default: 'Default' };

function mentionsOf(people: PersonRef[]): Array<{ text: string; id: string; name: string }> {
  return people.flatMap((person) => {
    const id = mentionId(person);
    return id ? [{ text: `<at>${mentionName(person.name)}</at>`, id, name: mentionName(person.name) }] : [];
  });
}

/** Names go inside <at> tags; keep them free of markup. */
/** A name inside mention markup (rendered as a mention, not as markdown). */
const mentionName = (name: string) => plainText(name.replace(/[<>]/g, '')).replace(/\\/g, '').trim() || '?';
/** A name shown as text: markdown, bidi overrides and control characters neutralised. */
const plainName = (name: string) => plainText(name.replace(/[<>]/g, '')).trim() || '?';

export function assigneeNames(people: PersonRef[]): string {
  return people.map((p) => plainName(p.name)).join(', ');
}

export function dueText(item: Pick<ActionItem, 'due'>, c: CardContext): string {
  return item.due ? formatDue(item.due, c.locale, c.now, c.timeZone) : c.t('item.noDue');
}

export function isItemOverdue(item: ActionItem, c: CardContext): boolean {
  return item.status === 'open' && item.due !== undefined && isOverdue(item.due, c.now, c.timeZone);
}

export function itemCard(item: ActionItem, c: CardContext, notice?: Notice): AdaptiveCard {
  const overdue = isItemOverdue(item, c);
  const mentioned = mentionsOf(item.assignees);
  const facts = [
    { title: c.t(item.assignees.length > 1 ? 'item.label.assigneesMany' : 'item.label.assignees'), value: mentioned.length === item.assignees.length ? mentioned.map((m) => m.text).join(', ') : assigneeNames(item.assignees) },
    { title: c.t('item.label.due'), value: dueText(item, c) },
    { title: c.t('item.label.createdBy'), value: c.t('item.createdByLine', { name: plainName(item.createdBy.name), when: formatDateTime(new Date(item.createdAt), c.locale, c.timeZone) }) },
    ...(item.status === 'done' && item.completedBy && item.completedAt
      ? [{ title: c.t('item.label.completedBy'), value: c.t('item.createdByLine', { name: plainName(item.completedBy.name), when: formatDateTime(new Date(item.completedAt), c.locale, c.timeZone) }) }]
      : []),
    {
      title: c.t('item.label.source'),
      value:
        item.source.kind === 'meeting'
          ? c.t('item.source.meeting', { title: plainText(item.source.title) })
          : item.source.url
            ? `${c.t('item.source.message')} · [${c.t('msgAction.openMessage')}](${item.source.url.replace(/[()\s]/g, encodeURIComponent)})`
            : c.t('item.source.message'),
    },
  ];
  return renderCard('action-item', {
    id: item.id,
    revision: item.revision,
    title: plainText(item.title),
    isOpen: item.status === 'open',
    isDone: item.status === 'done',
    statusText: item.status === 'done' ? c.t('item.status.done') : overdue ? c.t('item.status.overdue') : c.t('item.status.open'),
    statusColor: item.status === 'done' ? 'Good' : overdue ? 'Attention' : 'Accent',
    facts,
    hasNotice: Boolean(notice),
    notice: notice?.text ?? '',
    noticeColor: NOTICE_COLOR[notice?.tone ?? 'default'],
    mentions: mentioned,
    minDate: todayIn(c.now, c.timeZone),
    sourceUrl: item.source.kind === 'meeting' && item.source.url ? item.source.url : '',
    labels: {
      done: c.t('item.action.done'),
      reopen: c.t('item.action.reopen'),
      snooze: c.t('item.action.snooze'),
      snoozeDay: c.t('item.action.snoozeDay'),
      snoozeWeek: c.t('item.action.snoozeWeek'),
      snoozeTo: c.t('item.action.snoozeTo'),
      snoozeDateLabel: c.t('item.action.snoozeDateLabel'),
      edit: c.t('item.action.edit'),
      delete: c.t('item.action.delete'),
    },
  });
}

/** A person the edit form can offer: the value is what comes back on save. */
export interface PersonChoice {
  title: string;
  value: string;
}

export function personChoiceValue(person: PersonRef): string {
  return person.aadObjectId ?? person.id ?? '';
}

export function editCard(item: ActionItem, c: CardContext, knownPeople: PersonRef[]): AdaptiveCard {
  const choices = new Map<string, PersonChoice>();
  for (const person of [...item.assignees, ...knownPeople]) {
    const value = personChoiceValue(person);
    if (value && !choices.has(value)) choices.set(value, { title: plainName(person.name), value });
  }
  return renderCard('action-item-edit', {
    id: item.id,
    revision: item.revision,
    heading: c.t('item.edit.heading'),
    titleLabel: c.t('item.edit.titleLabel'),
    titleValue: item.title,
    titleError: c.t('item.edit.titleError'),
    dueLabel: c.t('item.edit.dueLabel'),
    dueValue: item.due?.date ?? '',
    minDate: todayIn(c.now, c.timeZone),
    assigneesLabel: c.t('item.edit.assigneesLabel'),
    assigneesPlaceholder: c.t('item.edit.assigneesPlaceholder'),
    assigneesValue: item.assignees.map(personChoiceValue).filter(Boolean).join(','),
    choices: [...choices.values()],
    save: c.t('item.action.save'),
    cancel: c.t('item.action.cancel'),
  });
}

export function confirmDeleteCard(item: ActionItem, c: CardContext): AdaptiveCard {
  return renderCard('action-item-confirm-delete', {
    id: item.id,
    revision: item.revision,
    title: plainText(item.title),
    question: c.t('item.confirmDelete.question', { title: plainText(item.title) }),
    confirm: c.t('item.action.confirmDelete'),
    cancel: c.t('item.action.cancel'),
  });
}

export function deletedCard(item: ActionItem, c: CardContext): AdaptiveCard {
  const last = item.history[item.history.length - 1];
  return renderCard('action-item-deleted', {
    text: c.t('item.deleted.text', {
      title: plainText(item.title),
      name: plainName(last?.by.name ?? ''),
      when: formatDateTime(new Date(item.deletedAt ?? item.updatedAt), c.locale, c.timeZone),
    }),
  });
}
