import type { ActionItem } from '../../domain/action-items/action-item.js';
import { addDays, formatDateTime, formatDue, isOverdue, todayIn } from '../../domain/dates/due-date.js';
import type { Meeting } from '../../domain/meetings/meeting.js';
import { mentionId, type PersonRef } from '../../domain/people/person.js';
import type { Recurrence, Reminder } from '../../domain/reminders/reminder.js';
import { renderCard, type AdaptiveCard } from '../cards.js';
import { plainText, type CardContext } from '../card-context.js';
import { assigneeNames, dueText, isItemOverdue } from '../action-items/item-card.js';

/** The cards reminders arrive as, and the list of upcoming reminders ("påminnelser"). */

const plainName = (name: string) => name.replace(/[<>]/g, '').trim() || '?';

function mentions(people: PersonRef[]) {
  return people.flatMap((p) => {
    const id = mentionId(p);
    return id ? [{ text: `<at>${plainName(p.name)}</at>`, id, name: plainName(p.name) }] : [];
  });
}

interface Base {
  reminder: Reminder;
  late: boolean;
  /** People to @mention (when the reminder goes to a shared conversation instead of their personal chat). */
  mention?: PersonRef[];
  notice?: string;
}

function againChoices(c: CardContext) {
  return [
    { title: c.t('reminder.action.again1h'), minutes: 60 },
    { title: c.t('reminder.action.again1d'), minutes: 1_440 },
    { title: c.t('reminder.action.again1w'), minutes: 10_080 },
  ];
}

/** `primary`: the main button (Klar for an item); `again`: offer "Påminn igen" (items and own reminders). */
function card(base: Base, c: CardContext, fields: { heading?: string; title: string; subtitle?: string; subtitleColor?: string; rows?: Array<{ title: string; line: string; color: string; hasDone?: boolean; done?: object }>; primary?: Array<{ verb: string; title: string; data: object }>; again?: boolean; stop?: boolean }): AdaptiveCard {
  const who = mentions(base.mention ?? []);
  return renderCard('reminder', {
    hasNotice: Boolean(base.notice),
    notice: base.notice ?? '',
    heading: fields.heading ?? c.t('reminder.heading'),
    title: fields.title,
    hasSubtitle: Boolean(fields.subtitle),
    subtitle: fields.subtitle ?? '',
    subtitleColor: fields.subtitleColor ?? 'Default',
    hasWho: who.length > 0,
    who: who.map((m) => m.text).join(', '),
    mentions: who,
    rows: fields.rows ?? [],
    late: base.late,
    lateText: c.t('reminder.late'),
    reminderId: base.reminder.id,
    primary: fields.primary ?? [],
    hasAgain: Boolean(fields.again),
    hasStop: fields.stop !== false,
    again: fields.again ? againChoices(c) : [],
    labels: { again: c.t('reminder.action.again'), stop: c.t('reminder.action.stop'), done: c.t('reminder.action.done') },
  });
}

export function itemReminderCard(base: Base, item: ActionItem, c: CardContext): AdaptiveCard {
  const overdue = isItemOverdue(item, c);
  const dueToday = item.due?.date === todayIn(c.now, c.timeZone);
  const subtitle = overdue && !dueToday ? c.t('reminder.item.overdue', { due: dueText(item, c) }) : dueToday ? c.t('reminder.item.due') : c.t('reminder.item.early', { due: dueText(item, c) });
  return card(base, c, {
    title: plainText(item.title),
    subtitle,
    subtitleColor: overdue || dueToday ? 'Attention' : 'Default',
    primary: [{ verb: 'actionItem.complete', title: c.t('reminder.action.done'), data: { id: item.id, revision: item.revision } }],
    again: true,
  });
}

/**
 * "påminn mig/oss …": what it is about (the text) and who asked for it. A one-off is done once it has come:
 * its button is Klar (not "Sluta påminna", which is for recurring ones).
 */
export function customReminderCard(base: Base, text: string, c: CardContext): AdaptiveCard {
  const { payload, recurrence } = base.reminder;
  const by = payload.person as PersonRef | undefined;
  const forMe = payload.audience === 'me';
  const subtitle = by?.name ? c.t(forMe ? 'reminder.custom.askedByYou' : 'reminder.custom.askedBy', { name: plainName(by.name) }) : undefined;
  return card(base, c, {
    title: plainText(text),
    ...(subtitle ? { subtitle } : {}),
    again: true,
    ...(recurrence ? {} : { stop: false, primary: [{ verb: 'reminder.stop', title: c.t('reminder.action.done'), data: { reminderId: base.reminder.id, view: 'done' } }] }),
  });
}

/** A row for an open item with its own Klar button; the click answers with the channel's open items. */
function itemRow(item: ActionItem, c: CardContext) {
  return {
    title: plainText(item.title),
    line: `${plainText(assigneeNames(item.assignees))} · ${dueText(item, c)}`,
    color: isItemOverdue(item, c) ? 'Attention' : 'Default',
    hasDone: true,
    done: { id: item.id, revision: item.revision, list: { scope: 'conversation', filter: 'open', page: 0 } },
  };
}

/** Monday's digest: overdue first, then what is due by Sunday. Undefined when there is nothing to say. */
/** Items a digest shows at most. */
export const DIGEST_ROWS = 20;

export function digestCard(base: Base, items: ActionItem[], c: CardContext): AdaptiveCard | undefined {
  const sunday = addDays(todayIn(c.now, c.timeZone), 6);
  const relevant = items.filter((i) => i.status === 'open' && i.due && (isOverdue(i.due, c.now, c.timeZone) || i.due.date <= sunday));
  if (relevant.length === 0) return undefined;
  return card(base, c, {
    heading: c.t('reminder.heading'),
    title: c.t('reminder.digest.heading'),
    subtitle: c.t('reminder.digest.intro'),
    rows: relevant.slice(0, DIGEST_ROWS).map((i) => itemRow(i, c)),
  });
}

export function meetingReminderCard(base: Base, meeting: Meeting, nextMeeting: string, open: ActionItem[], c: CardContext): AdaptiveCard {
  return card(base, c, {
    title: c.t('reminder.meeting.heading', { date: formatDue({ date: nextMeeting }, c.locale, c.now, c.timeZone) }),
    subtitle: open.length > 0 ? c.t('reminder.meeting.intro', { meeting: plainText(meeting.title) }) : c.t('reminder.meeting.noOpen'),
    rows: open.slice(0, 20).map((i) => itemRow(i, c)),
  });
}

const WEEKDAY_DATES = ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07'];

/** "varje måndag kl. 09.00", "första tisdagen varje månad kl. 09.00", "every Monday at 09:00". */
export function recurrenceText(recurrence: Recurrence, c: CardContext): string {
  const time = c.locale === 'sv' ? recurrence.time.replace(':', '.') : recurrence.time;
  if (recurrence.rule === 'daily') return c.t('reminder.recurrence.daily', { time });
  const weekday = new Intl.DateTimeFormat(c.locale === 'sv' ? 'sv-SE' : 'en-GB', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${WEEKDAY_DATES[recurrence.weekday - 1]}T12:00:00Z`));
  if (recurrence.rule === 'weekly') return c.t('reminder.recurrence.weekly', { weekday, time });
  const nth = c.t(`reminder.ordinal.${recurrence.nth}`);
  return c.t('reminder.recurrence.monthly', { nth, weekday, time });
}

export interface ReminderListOptions {
  notice?: string;
  /** In a shared conversation the per-item reminders (they go to each person's own chat) are counted, not listed. */
  summariseAutomatic?: boolean;
  /** "Ta bort" was pressed on this one: ask first. */
  confirmRemove?: string;
}

export function reminderListCard(reminders: Array<{ reminder: Reminder; what: string }>, c: CardContext, options: ReminderListOptions = {}): AdaptiveCard {
  const own = reminders.filter((r) => r.reminder.kind !== 'actionItem');
  const automatic = reminders.filter((r) => r.reminder.kind === 'actionItem');
  const listed = options.summariseAutomatic ? own : [...own, ...automatic];
  const hidden = options.summariseAutomatic ? automatic.length : 0;
  return renderCard('reminder-list', {
    hasNotice: Boolean(options.notice),
    notice: options.notice ?? '',
    title: c.t('reminders.title'),
    isEmpty: listed.length === 0 && hidden === 0,
    emptyText: c.t('reminders.empty'),
    removeLabel: c.t('reminders.remove'),
    hasAutomatic: hidden > 0,
    automaticText: hidden === 1 ? c.t(listed.length > 0 ? 'reminders.automaticMoreOne' : 'reminders.automaticOnlyOne') : c.t(listed.length > 0 ? 'reminders.automaticMore' : 'reminders.automaticOnly', { count: hidden }),
    items: listed.slice(0, 25).map(({ reminder, what }) => ({
      id: reminder.id,
      what: plainText(what),
      when: [c.t(`reminders.kind.${reminder.kind}`), reminder.recurrence ? recurrenceText(reminder.recurrence, c) : formatDateTime(new Date(reminder.dueAt), c.locale, c.timeZone, c.now)].join(' · '),
      asking: reminder.id === options.confirmRemove,
      notAsking: reminder.id !== options.confirmRemove,
      question: c.t('reminders.confirmRemove', { what: plainText(what) }),
    })),
    labels: { yes: c.t('reminders.confirmYes'), cancel: c.t('reminders.cancel') },
  });
}
