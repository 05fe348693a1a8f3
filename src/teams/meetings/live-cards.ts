import type { ActionItem } from '../../domain/action-items/action-item.js';
import { formatDateTime, formatDue, isOverdue } from '../../domain/dates/due-date.js';
import { notesOf, type LiveMeeting } from '../../domain/meetings/live-meeting.js';
import type { Meeting } from '../../domain/meetings/meeting.js';
import type { Round } from '../../domain/scoring/round.js';
import { renderCard, type AdaptiveCard } from '../cards.js';
import { plainText, type CardContext } from '../card-context.js';

/** Cards of the meeting while it happens: "Inför mötet" and "Mötesanteckningar" (#17). */

const bullets = (items: string[]) => items.map((item) => `- ${plainText(item).replace(/^\\- /, '')}`).join('\n');
const plainName = (name: string) => name.replace(/[<>]/g, '').trim() || '?';

export interface Brief {
  live: LiveMeeting;
  /** The last saved meeting of this conversation before this one. */
  previous?: Meeting;
  /** Its to-dos' action items that are still open. */
  openTodos: ActionItem[];
  /** Open items of the conversation due in the next 14 days (not already in openTodos). */
  deadlines: ActionItem[];
  rounds: Round[];
}

export type Notice = { text: string; tone: 'good' | 'attention' | 'default' };
const COLOR = { good: 'Good', attention: 'Attention', default: 'Default' } as const;

function title(live: LiveMeeting, c: CardContext): string {
  return plainText(live.title || c.t('live.brief.untitled'));
}

/** "Inför mötet": what is open from last time, what is due soon, and Börja anteckna. */
export function briefCard(brief: Brief, c: CardContext, notice?: Notice): AdaptiveCard {
  const { live, previous } = brief;
  const itemLine = (item: ActionItem) => {
    const who = item.assignees.map((p) => plainName(p.name)).join(', ') || c.t('live.notes.noOwner');
    return item.due ? `${who} · ${formatDue(item.due, c.locale, c.now, c.timeZone)}` : who;
  };
  const late = (item: ActionItem) => (item.due && isOverdue(item.due, c.now, c.timeZone) ? 'Attention' : 'Default');
  return renderCard('meeting-brief', {
    liveId: live.id,
    hasNotice: Boolean(notice),
    notice: notice?.text ?? '',
    noticeColor: COLOR[notice?.tone ?? 'default'],
    title: c.t('live.brief.title'),
    subtitle: c.t('live.brief.subtitle', { title: title(live, c), when: formatDateTime(new Date(live.startedAt), c.locale, c.timeZone, c.now) }),
    todosEmpty: previous ? c.t('live.brief.noOpenTodos') : c.t('live.brief.noPrevious'),
    todos: brief.openTodos.slice(0, 15).map((item) => ({ id: item.id, revision: item.revision, text: plainText(item.title), line: itemLine(item), color: late(item) })),
    decisionsText: previous && previous.decisions.length > 0 ? bullets(previous.decisions.slice(0, 10)) : c.t('live.brief.noDecisions'),
    deadlinesText:
      brief.deadlines.length > 0
        ? bullets(brief.deadlines.slice(0, 10).map((item) => `${item.title} – ${itemLine(item)}`))
        : c.t('live.brief.noDeadlines'),
    roundsText:
      brief.rounds.length > 0
        ? bullets(
            brief.rounds.slice(0, 8).map((round) =>
              round.deadline
                ? c.t('live.brief.roundLine', { name: round.initiativeName, deadline: formatDue(round.deadline, c.locale, c.now, c.timeZone) })
                : c.t('live.brief.roundNoDeadline', { name: round.initiativeName }),
            ),
          )
        : c.t('live.brief.noRounds'),
    noteTakerText: live.noteTaker ? c.t('live.brief.noteTaker', { name: plainText(live.noteTaker.name) }) : c.t('live.brief.noNoteTaker'),
    showTakeNotes: live.status === 'open' && !live.noteTaker,
    labels: {
      // "(Core Team möte, 27 februari)": the date only when the title does not already say it.
      todos: previous
        ? c.t('live.brief.openTodos', { meeting: /\d/.test(previous.title) ? plainText(previous.title) : `${plainText(previous.title)}, ${formatDue({ date: previous.date }, c.locale, c.now, c.timeZone)}` })
        : c.t('live.brief.openTodos', { meeting: '–' }).replace(/ \(–\)$/, ''),
      decisions: c.t('live.brief.decisions'),
      deadlines: c.t('live.brief.deadlines'),
      rounds: c.t('live.brief.rounds'),
      complete: c.t('live.brief.complete'),
      takeNotes: c.t('live.brief.takeNotes'),
    },
  });
}

/**
 * "Mötesanteckningar". The shared card is the same for everyone (no Avsluta); the note-taker's view adds
 * Avsluta. With Universal Actions the note-taker's client fetches that view itself (`refresh.userIds`); where it
 * cannot, the note-taker gets it as the answer to any click on the card.
 */
export function notesCard(live: LiveMeeting, c: CardContext, options: { forNoteTaker?: boolean; notice?: Notice } = {}): AdaptiveCard {
  const decisions = notesOf(live, 'decision');
  const todos = notesOf(live, 'todo');
  const notes = notesOf(live, 'note');
  const ended = live.status === 'ended';
  const card = renderCard('meeting-notes', {
    liveId: live.id,
    hasNotice: Boolean(options.notice),
    notice: options.notice?.text ?? '',
    noticeColor: COLOR[options.notice?.tone ?? 'default'],
    title: c.t('live.notes.title'),
    subtitle: live.noteTaker
      ? c.t('live.notes.subtitle', { title: title(live, c), name: plainText(live.noteTaker.name) })
      : c.t('live.notes.subtitleNobody', { title: title(live, c) }),
    isEmpty: live.notes.length === 0,
    emptyText: c.t('live.notes.empty'),
    hasDecisions: decisions.length > 0,
    decisionsText: bullets(decisions.map((n) => n.text)),
    todos: todos.map((n) => ({
      text: plainText(n.text),
      line: c.t('live.notes.todoLine', {
        owner: n.ownerName ? plainText(n.ownerName) : c.t('live.notes.noOwner'),
        due: n.due ? formatDue(n.due, c.locale, c.now, c.timeZone) : c.t('live.notes.noDue'),
      }),
    })),
    hasNotes: notes.length > 0,
    notesText: bullets(notes.map((n) => n.text)),
    isEnded: ended,
    endedText: live.noteTaker ? c.t('live.notes.ended', { name: plainText(live.noteTaker.name) }) : c.t('live.notes.endedNobody'),
    showFinish: !ended && Boolean(options.forNoteTaker),
    labels: {
      decisions: c.t('live.notes.decisions'),
      todos: c.t('live.notes.todos'),
      notes: c.t('live.notes.notes'),
      kind: c.t('live.notes.kind'),
      kindDecision: c.t('live.notes.kind.decision'),
      kindTodo: c.t('live.notes.kind.todo'),
      kindNote: c.t('live.notes.kind.note'),
      text: c.t('live.notes.text'),
      textPlaceholder: c.t('live.notes.textPlaceholder'),
      add: c.t('live.notes.add'),
      finish: c.t('live.notes.finish'),
      review: c.t('live.notes.review'),
    },
  });
  // Universal Actions' per-user view: the note-taker's client asks for its own version (Avsluta, the form).
  // https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/user-specific-views
  if (live.noteTaker?.id) {
    card.refresh = { action: { type: 'Action.Execute', verb: 'meeting.live.view', data: { liveId: live.id } }, userIds: [live.noteTaker.id] };
  }
  return card;
}
