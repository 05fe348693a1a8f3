import type { ActionItem } from '../../domain/action-items/action-item.js';
import { formatDue, isOverdue, todayIn } from '../../domain/dates/due-date.js';
import { byOrganisation, formatAttendee, MEETING_LIMITS, MEETING_TYPES, type Meeting } from '../../domain/meetings/meeting.js';
import { todoLine, type MeetingDraft } from '../../domain/meetings/meeting-service.js';
import { matchOwner, MINUTES_MAX_CHARS, MINUTES_WARNINGS, type ParsedMinutes } from '../../domain/meetings/parse-minutes.js';
import { organisationName } from '../../domain/meetings/partners.js';
import { readTodoDue } from '../../domain/meetings/todo-due.js';
import type { MessageKey } from '../../i18n/index.js';
import { mentionId } from '../../domain/people/person.js';
import { capped, CardTooLargeError, renderCard, renderFitting, type AdaptiveCard } from '../cards.js';
import { plainText, type CardContext } from '../card-context.js';

/** Cards of the meetings feature: the form (new, preview of pasted minutes, edit), the summary, the lists. */

const bullets = (items: string[]) => items.map((item) => `- ${plainText(item).replace(/^\\- /, '')}`).join('\n');
/** Bullets of at most `limit` items, then "… och 37 till" with a pointer to the tab. */
const cappedBullets = (items: string[], limit: number, c: CardContext) => {
  const { shown, more } = capped(items, limit);
  return more > 0 ? `${bullets(shown)}\n\n${c.t('card.more', { count: more })}` : bullets(shown);
};
const dateText = (date: string, c: CardContext) => formatDue({ date }, c.locale, c.now, c.timeZone);

interface FormValues {
  title: string;
  kind: string;
  date: string;
  startTime?: string;
  endTime?: string;
  place?: string;
  participants: string;
  absent: string;
  decisions: string;
  todos: string;
  keyPoints: string;
  nextMeeting?: string;
  noteTaker?: string;
}

function formCard(values: FormValues, c: CardContext, options: { heading: string; intro?: string; warnings?: string[]; other?: string[]; meetingId?: string; revision?: number; draftId?: string; notice?: string }): AdaptiveCard {
  const other = options.other ?? [];
  const preview = other.join('\n\n');
  return renderCard('meeting-form', {
    ...values,
    startTime: values.startTime ?? '',
    endTime: values.endTime ?? '',
    place: values.place ?? '',
    nextMeeting: values.nextMeeting ?? '',
    noteTaker: values.noteTaker ?? '',
    heading: options.heading,
    hasIntro: Boolean(options.intro),
    intro: options.intro ?? '',
    hasNotice: Boolean(options.notice),
    notice: options.notice ?? '',
    hasWarnings: (options.warnings ?? []).length > 0,
    warnings: c.t('meeting.form.warnings', { warnings: (options.warnings ?? []).join('; ') }),
    kinds: MEETING_TYPES.map((value) => ({ title: c.t(`meetingType.${value}`), value })),
    hasOther: other.length > 0,
    // The whole text is kept with the meeting; the card shows the beginning (cards must stay under 28 KB).
    otherPreview: plainText(preview.length > 1_500 ? `${preview.slice(0, 1_500)}…` : preview),
    hasDraft: Boolean(options.draftId),
    meetingId: options.meetingId ?? '',
    revision: options.revision ?? 0,
    draftId: options.draftId ?? '',
    labels: {
      title: c.t('meeting.form.title'),
      titleError: c.t('meeting.form.titleError'),
      type: c.t('meeting.form.type'),
      date: c.t('meeting.form.date'),
      dateError: c.t('meeting.form.dateError'),
      startTime: c.t('meeting.form.startTime'),
      endTime: c.t('meeting.form.endTime'),
      place: c.t('meeting.form.place'),
      participants: c.t('meeting.form.participants'),
      absent: c.t('meeting.form.absent'),
      decisions: c.t('meeting.form.decisions'),
      todos: c.t('meeting.form.todos'),
      keyPoints: c.t('meeting.form.keyPoints'),
      nextMeeting: c.t('meeting.form.nextMeeting'),
      noteTaker: c.t('meeting.form.noteTaker'),
      other: c.t('meeting.form.other', { count: other.length }),
      save: c.t('meeting.form.save'),
      cancel: c.t('meeting.form.cancel'),
    },
  });
}

/** "nytt möte": an empty form, today's date, a Core Team meeting. */
export function newMeetingForm(c: CardContext, noteTaker: string): AdaptiveCard {
  return formCard(
    { title: '', kind: 'coreTeam', date: todayIn(c.now, c.timeZone), participants: '', absent: '', decisions: '', todos: '', keyPoints: '', noteTaker },
    c,
    { heading: c.t('meeting.form.newHeading') },
  );
}

type MinutesWarning = (typeof MINUTES_WARNINGS)[keyof typeof MINUTES_WARNINGS];

/** Every warning the reader gives has a text (a new warning without one fails to compile here). */
const WARNING_TEXT: Record<MinutesWarning, MessageKey> = {
  [MINUTES_WARNINGS.empty]: 'minutes.warning.empty',
  [MINUTES_WARNINGS.truncated]: 'minutes.warning.truncated',
  [MINUTES_WARNINGS.noDate]: 'minutes.warning.noDate',
  [MINUTES_WARNINGS.noParticipants]: 'minutes.warning.noParticipants',
  [MINUTES_WARNINGS.tooManyDates]: 'minutes.warning.tooManyDates',
};

/** A reader's warning in the reader's language; one we have no text for is said in general terms, never raw. */
function warningText(warning: string, c: CardContext): string {
  return c.t(WARNING_TEXT[warning as MinutesWarning] ?? 'minutes.warning.other');
}

/**
 * The preview of pasted minutes: everything understood, editable, before anything is saved. `texts`: another heading
 * and intro (the end of a live meeting, #17), and texts for warnings the reader does not give.
 */
export function previewForm(draft: MeetingDraft, c: CardContext, texts?: PreviewTexts): AdaptiveCard {
  // A meeting holds at most MEETING_LIMITS.lines per list; longer minutes are cut, and the card says so.
  for (const limit of [MEETING_LIMITS.lines, 50, 25, 12, 6]) {
    try {
      return previewFormWithin(draft, c, limit, texts);
    } catch (error) {
      if (!(error instanceof CardTooLargeError)) throw error;
    }
  }
  return previewFormWithin(draft, c, 3, texts);
}

type PreviewTexts = { heading: string; intro: string; warning?: (code: string) => string | undefined };

function previewFormWithin(draft: MeetingDraft, c: CardContext, limit: number, texts?: PreviewTexts): AdaptiveCard {
  const p: ParsedMinutes = draft.parsed;
  // The date is written once, as "senast YYYY-MM-DD" (the text's own "senast fredag" is taken out, read from the meeting day).
  const todo = (t: ParsedMinutes['todos'][number]) => {
    const title = readTodoDue(t.text, { ...(p.date ? { meetingDate: p.date } : {}), now: c.now, timeZone: c.timeZone }).title;
    return `${t.owner ? `${t.owner}: ` : ''}${title}${t.due ? ` senast ${t.due.date}` : ''}${t.note ? ` (${t.note})` : ''}`;
  };
  const next = p.nextMeeting ?? p.upcoming.find((u) => u.date && u.date >= todayIn(c.now, c.timeZone));
  // Partners as the bot writes them ("Eskilstuns kommun", "MdU" → "Eskilstuna kommun", "Mälardalens universitet").
  const attendee = (a: ParsedMinutes['participants'][number]) => formatAttendee({ name: a.name, ...(a.organisation ? { organisation: organisationName(a.organisation)! } : {}) });
  const noteTaker = p.noteTaker ? (matchOwner(p.noteTaker, p.participants)?.name ?? p.noteTaker) : undefined;
  const cuts: string[] = [];
  const cut = <T>(items: T[], label: MessageKey): T[] => {
    const { shown, more } = capped(items, limit);
    if (more > 0) cuts.push(c.t('meeting.preview.cut', { list: c.t(label), shown: shown.length, more }));
    return shown;
  };
  const participants = cut(p.participants, 'meeting.summary.participants');
  const absent = cut(p.absent, 'meeting.summary.absent');
  const decisions = cut(p.decisions, 'meeting.summary.decisions');
  const todos = cut(p.todos, 'meeting.summary.todos');
  const keyPoints = cut(p.keyPoints, 'meeting.summary.keyPoints');
  const warnings = [...cuts, ...p.warnings.map((w) => texts?.warning?.(w) ?? warningText(w, c))];
  if (p.yearUncertain && p.date) warnings.unshift(c.t('minutes.warning.yearUncertain', { year: p.date.slice(0, 4) }));
  return formCard(
    {
      title: p.title ?? '',
      kind: p.type,
      date: p.date ?? '',
      startTime: p.startTime,
      endTime: p.endTime,
      place: p.place,
      participants: participants.map(attendee).join('\n'),
      absent: absent.map(attendee).join('\n'),
      decisions: decisions.join('\n'),
      todos: todos.map(todo).join('\n'),
      keyPoints: keyPoints.join('\n'),
      nextMeeting: next?.date,
      noteTaker,
    },
    c,
    { heading: texts?.heading ?? c.t('meeting.form.previewHeading'), intro: texts?.intro ?? c.t('meeting.form.previewIntro'), warnings, other: capped(p.other, limit).shown, draftId: draft.id },
  );
}

export function editMeetingForm(meeting: Meeting, c: CardContext, notice?: string): AdaptiveCard {
  return formCard(
    {
      title: meeting.title,
      kind: meeting.kind,
      date: meeting.date,
      startTime: meeting.startTime,
      endTime: meeting.endTime,
      place: meeting.place,
      participants: meeting.participants.map(formatAttendee).join('\n'),
      absent: meeting.absent.map(formatAttendee).join('\n'),
      decisions: meeting.decisions.join('\n'),
      todos: meeting.todos.map(todoLine).join('\n'),
      keyPoints: meeting.keyPoints.join('\n'),
      nextMeeting: meeting.nextMeeting?.date,
      noteTaker: meeting.noteTaker,
    },
    c,
    { heading: c.t('meeting.form.editHeading'), meetingId: meeting.id, revision: meeting.revision, notice },
  );
}

/** Upcoming dates a "Påminn oss" button is offered for: dated, today or later. */
export function remindable(meeting: Meeting, c: Pick<CardContext, 'now' | 'timeZone'>): number[] {
  const today = todayIn(c.now, c.timeZone);
  return meeting.upcoming.flatMap((u, index) => (u.date && u.date >= today ? [index] : []));
}

/**
 * The summary of a saved meeting, for everyone in the conversation. Each upcoming date still ahead has a "Påminn oss"
 * button (`reminded`: the dates that already have their reminder show "Påminnelse satt" instead).
 */
export function summaryCard(meeting: Meeting, c: CardContext, options: { notice?: string; tone?: 'good' | 'attention'; reminded?: ReadonlySet<number> } = {}): AdaptiveCard {
  const canRemind = new Set(remindable(meeting, c));
  const when = meeting.startTime
    ? meeting.endTime
      ? c.t('meeting.summary.whenRange', { date: dateText(meeting.date, c), start: meeting.startTime.replace(':', '.'), end: meeting.endTime.replace(':', '.') })
      : c.t('meeting.summary.whenTime', { date: dateText(meeting.date, c), start: meeting.startTime.replace(':', '.') })
    : c.t('meeting.summary.when', { date: dateText(meeting.date, c) });
  const mentions = meeting.todos.flatMap((t) => {
    const id = t.owner ? mentionId(t.owner) : undefined;
    return t.owner && id ? [{ text: `<at>${t.owner.name.replace(/[<>]/g, '')}</at>`, id, name: t.owner.name.replace(/[<>]/g, '') }] : [];
  });
  const unique = mentions.filter((m, i) => mentions.findIndex((x) => x.id === m.id) === i);
  const footer = [
    meeting.nextMeeting ? c.t('meeting.summary.nextMeeting', { date: formatDue(meeting.nextMeeting, c.locale, c.now, c.timeZone) }) : undefined,
    meeting.noteTaker ? c.t('meeting.summary.noteTaker', { name: plainText(meeting.noteTaker) }) : undefined,
    meeting.other.length > 0 ? c.t('meeting.summary.other', { count: meeting.other.length }) : undefined,
  ].filter(Boolean);
  return renderFitting('meeting-summary', (limit) => ({
    meetingId: meeting.id,
    hasNotice: Boolean(options.notice),
    notice: options.notice ?? '',
    noticeColor: options.tone === 'attention' ? 'Attention' : 'Good',
    title: plainText(meeting.title),
    subtitle: [c.t(`meetingType.${meeting.kind}`), when, meeting.place ? plainText(meeting.place) : undefined].filter(Boolean).join(' · '),
    participants: byOrganisation(meeting.participants).map((g) => ({ organisation: g.organisation ? plainText(g.organisation) : c.t('meeting.summary.noOrganisation'), names: plainText(g.names.join(', ')) })),
    hasAbsent: meeting.absent.length > 0,
    absentText: `${c.t('meeting.summary.absent')}: ${plainText(meeting.absent.map((a) => a.name).join(', '))}`,
    decisionsText: meeting.decisions.length > 0 ? cappedBullets(meeting.decisions, limit, c) : c.t('meeting.summary.none'),
    todos: [...capped(meeting.todos, limit).shown.map((t) => {
      const who = t.owner
        ? `<at>${t.owner.name.replace(/[<>]/g, '')}</at>`
        : t.ownerName
          ? c.t('meeting.summary.todoUnmatched', { name: plainText(t.ownerName), creator: plainText(meeting.createdBy.name) })
          : c.t('meeting.summary.todoNoOwner');
      return {
        text: plainText(t.text),
        line: t.due ? `${who} · ${formatDue(t.due, c.locale, c.now, c.timeZone)}` : who,
        color: t.ownerName && !t.owner ? 'Warning' : 'Default',
      };
    }), ...(meeting.todos.length > limit ? [{ text: c.t('card.more', { count: meeting.todos.length - limit }), line: '', color: 'Default' }] : [])],
    mentions: unique.filter((m) => capped(meeting.todos, limit).shown.some((t) => t.owner && mentionId(t.owner) === m.id)),
    hasKeyPoints: meeting.keyPoints.length > 0,
    keyPointsText: cappedBullets(meeting.keyPoints.slice(0, 12), limit, c),
    hasUpcoming: meeting.upcoming.length > 0,
    upcoming: meeting.upcoming.slice(0, UPCOMING_SHOWN).map((u, index) => ({
      index,
      text: plainText(u.date ? `${u.text} (${formatDue({ date: u.date, ...(u.time ? { time: u.time } : {}) }, c.locale, c.now, c.timeZone)})` : u.text),
      canRemind: canRemind.has(index) && !options.reminded?.has(index),
      reminded: options.reminded?.has(index) ?? false,
    })),
    hasFooter: footer.length > 0,
    footer: footer.join(' · '),
    labels: {
      participants: c.t('meeting.summary.participants'),
      decisions: c.t('meeting.summary.decisions'),
      todos: c.t('meeting.summary.todos'),
      keyPoints: c.t('meeting.summary.keyPoints'),
      upcoming: c.t('meeting.summary.upcoming'),
      remind: c.t('meeting.summary.remind'),
      reminded: c.t('meeting.summary.reminded'),
      none: c.t('meeting.summary.none'),
      edit: c.t('meeting.summary.edit'),
    },
  }));
}

export const UPCOMING_SHOWN = 8;

/** "protokoll" alone in a channel or group chat: a large box to paste the minutes into. */
export function pasteMinutesCard(c: CardContext): AdaptiveCard {
  return renderCard('minutes-paste', {
    title: c.t('minutes.paste.title'),
    intro: c.t('minutes.paste.intro'),
    label: c.t('minutes.paste.label'),
    placeholder: c.t('minutes.paste.placeholder'),
    errorMessage: c.t('minutes.paste.error'),
    read: c.t('minutes.paste.read'),
    maxLength: MINUTES_MAX_CHARS,
  });
}

export function meetingListCard(meetings: Meeting[], c: CardContext): AdaptiveCard {
  return renderFitting('meeting-list', (limit) => ({
    title: c.t('meetings.title'),
    isEmpty: meetings.length === 0,
    emptyText: c.t('meetings.empty'),
    showLabel: c.t('meetings.show'),
    items: capped(meetings, limit).shown.map((m) => ({
      id: m.id,
      title: plainText(m.title),
      line: c.t('meetings.line', { date: dateText(m.date, c), type: c.t(`meetingType.${m.kind}`), decisions: m.decisions.length, todos: m.todos.length }),
    })),
  }));
}

export const DECISIONS_SHOWN = 15;

export function decisionListCard(found: Array<{ meeting: Meeting; decision: string }>, search: string, c: CardContext): AdaptiveCard {
  return renderFitting('decision-list', (limit) => ({
    title: search ? c.t('decisions.titleSearch', { search: plainText(search) }) : c.t('decisions.title'),
    isEmpty: found.length === 0,
    emptyText: c.t('decisions.empty'),
    items: found.slice(0, Math.min(DECISIONS_SHOWN, limit)).map(({ meeting, decision }) => ({
      decision: plainText(decision),
      line: c.t('decisions.line', { date: dateText(meeting.date, c), meeting: plainText(meeting.title) }),
    })),
    hasMore: found.length > Math.min(DECISIONS_SHOWN, limit),
    moreText: c.t('list.count', { shown: `1–${Math.min(DECISIONS_SHOWN, limit)}`, total: found.length }),
  }));
}

/** "uppföljning": each to-do of the meeting with the state of its action item now. */
export function followUpCard(meeting: Meeting | undefined, items: Map<string, ActionItem>, c: CardContext): AdaptiveCard {
  if (!meeting) return renderCard('notice', { text: c.t('followUp.empty') });
  const rows = meeting.todos.map((t) => {
    const item = t.actionItemId ? items.get(t.actionItemId) : undefined;
    const done = item?.status === 'done';
    const late = !done && item?.due ? isOverdue(item.due, c.now, c.timeZone) : false;
    const who = item ? item.assignees.map((p) => p.name).join(', ') : (t.ownerName ?? c.t('meeting.summary.todoNoOwner'));
    const due = item?.due ?? t.due;
    return {
      text: plainText(item?.title ?? t.text),
      line: plainText(due ? `${who} · ${formatDue(due, c.locale, c.now, c.timeZone)}` : who),
      status: done ? c.t('followUp.done') : late ? c.t('followUp.overdue') : c.t('followUp.open'),
      color: done ? 'Good' : late ? 'Attention' : 'Accent',
      done,
    };
  });
  return renderFitting('meeting-follow-up', (limit) => ({
    title: c.t('followUp.title', { meeting: `${plainText(meeting.title)} (${dateText(meeting.date, c)})` }),
    summary: c.t('followUp.summary', { open: rows.filter((r) => !r.done).length, total: rows.length }),
    isEmpty: rows.length === 0,
    emptyText: c.t('followUp.noTodos'),
    items: [
      ...capped(rows, limit).shown,
      ...(rows.length > limit ? [{ text: c.t('card.more', { count: rows.length - limit }), line: '', status: '', color: 'Default', done: false }] : []),
    ],
  }));
}

export function noticeCard(text: string): AdaptiveCard {
  return renderCard('notice', { text });
}
