import type { Conversation } from '../../domain/conversations/conversation.js';
import type { ActionItem } from '../../domain/action-items/action-item.js';
import { formatDateTime, formatDue, isOverdue, todayIn, type DueDate } from '../../domain/dates/due-date.js';
import type { Initiative, LatestResult } from '../../domain/initiatives/initiative.js';
import type { Meeting } from '../../domain/meetings/meeting.js';
import { OrganisationDirectory } from '../../domain/people/organisation-directory.js';
import { foldForMatching, organisationIn, ORGANISATIONS } from '../../domain/people/organisation.js';
import type { PersonRef } from '../../domain/people/person.js';
import { CRITERIA_SETS, criteriaSet } from '../../domain/scoring/criteria.js';
import type { Round } from '../../domain/scoring/round.js';
import type { Translate } from '../../i18n/index.js';
import type {
  TabConversation,
  TabDue,
  TabInitiative,
  TabItem,
  TabMeeting,
  TabPerson,
  TabResult,
} from '../shared/api.js';

/**
 * Turns stored documents into what the tab shows: labels in the caller's language, dates in Swedish time,
 * people with their organisation. Pure functions over already-authorised data.
 */

export interface Presenter {
  locale: 'sv' | 'en';
  t: Translate;
  now: Date;
  timeZone: string;
}

export function conversationTitle(conversation: Conversation, p: Presenter): string {
  switch (conversation.kind) {
    case 'channel':
      if (conversation.teamName && conversation.channelName) return p.t('tabApi.conversation.channel', { team: conversation.teamName, channel: conversation.channelName });
      return conversation.teamName ?? conversation.channelName ?? p.t('tabApi.conversation.unnamedChannel');
    case 'groupChat':
      return conversation.chatName || p.t('tabApi.conversation.unnamedGroupChat');
    case 'personal':
      return p.t('tabApi.conversation.personal');
  }
}

export function toTabConversation(conversation: Conversation, p: Presenter): TabConversation {
  return { key: conversation.key, kind: conversation.kind, title: conversationTitle(conversation, p) };
}

export const organisationList = (p: Presenter) => ORGANISATIONS.map((id) => ({ id, name: p.t(`organisation.${id}`) }));

/** Where people work (moved to the domain: the board report uses it too). */
export { OrganisationDirectory };

export function personKey(person: PersonRef): string {
  return person.aadObjectId ?? person.id ?? `name:${person.name}`;
}

export function toTabPerson(person: PersonRef, organisations: OrganisationDirectory): TabPerson {
  const organisation = organisations.of(person);
  return { key: personKey(person), name: person.name, ...(organisation ? { organisation } : {}) };
}

/**
 * Due labels and overdue checks, once per distinct due date and request: a board of thousands of items has a
 * few dozen dates, and each zone-aware check costs far more than the lookup.
 */
const dueFacts = new WeakMap<Presenter, Map<string, { label: string; overdue: boolean }>>();

function factsOf(due: DueDate, p: Presenter): { label: string; overdue: boolean } {
  let memo = dueFacts.get(p);
  if (!memo) dueFacts.set(p, (memo = new Map()));
  const key = `${due.date} ${due.time ?? ''}`;
  let facts = memo.get(key);
  if (!facts) memo.set(key, (facts = { label: formatDue(due, p.locale, p.now, p.timeZone), overdue: isOverdue(due, p.now, p.timeZone) }));
  return facts;
}

export function toTabDue(due: DueDate, p: Presenter): TabDue {
  return { date: due.date, ...(due.time ? { time: due.time } : {}), label: factsOf(due, p).label };
}

export function itemOverdue(item: Pick<ActionItem, 'status' | 'due'>, p: Presenter): boolean {
  return item.status === 'open' && item.due !== undefined && factsOf(item.due, p).overdue;
}

export function toTabItem(item: ActionItem, p: Presenter, organisations: OrganisationDirectory, meetingDates: ReadonlyMap<string, string>): TabItem {
  return {
    id: item.id,
    conversationKey: item.conversationKey,
    title: item.title,
    status: item.status,
    assignees: item.assignees.map((person) => toTabPerson(person, organisations)),
    ...(item.due ? { due: toTabDue(item.due, p) } : {}),
    overdue: itemOverdue(item, p),
    ...(item.source.kind === 'meeting'
      ? { meeting: { id: item.source.meetingId, title: item.source.title, date: meetingDates.get(item.source.meetingId) ?? '' } }
      : {}),
    createdAt: item.createdAt,
    createdBy: item.createdBy.name,
    ...(item.completedAt ? { completedAt: item.completedAt } : {}),
    ...(item.completedBy ? { completedBy: item.completedBy.name } : {}),
    revision: item.revision,
  };
}

/** Board order: overdue first, then by due date (undated last), done at the end (latest first). */
export function boardOrder(a: TabItem, b: TabItem): number {
  const rank = (item: TabItem) => (item.status === 'done' ? 3 : item.overdue ? 0 : item.due ? 1 : 2);
  const dueKey = (item: TabItem) => (item.due ? `${item.due.date} ${item.due.time ?? '99:99'}` : '9999');
  return (
    rank(a) - rank(b) ||
    (a.status === 'done' ? (b.completedAt ?? '').localeCompare(a.completedAt ?? '') : dueKey(a).localeCompare(dueKey(b))) ||
    a.createdAt.localeCompare(b.createdAt)
  );
}

export const today = (p: Presenter) => todayIn(p.now, p.timeZone);

export function criterionLabel(setId: string, criterionId: string, p: Presenter): string {
  return criteriaSet(setId)?.criteria.find((c) => c.id === criterionId)?.name[p.locale] ?? criterionId;
}

export function tabCriteriaSets(p: Presenter) {
  return CRITERIA_SETS.map((set) => ({ id: set.id, name: set.name[p.locale], criteria: set.criteria.map((c) => ({ id: c.id, label: c.name[p.locale] })) }));
}

/** A result with its spread when the round's own result is at hand (min–max per criterion). */
export function toTabResult(result: LatestResult, round: Round | undefined, p: Presenter): TabResult {
  const set = criteriaSet(result.criteriaSetId);
  const ids = set ? set.criteria.map((c) => c.id) : Object.keys(result.means);
  const spread = new Map((round?.result?.criteria ?? []).map((c) => [c.criterionId, c]));
  return {
    roundId: result.roundId,
    criteriaSetId: result.criteriaSetId,
    closedAt: result.closedAt,
    closedLabel: formatDateTime(new Date(result.closedAt), p.locale, p.timeZone, p.now).replace(/\s(kl\.\s)?\d{2}[.:]\d{2}$/, ''),
    overallMean: result.overallMean,
    answers: result.answers,
    criteria: ids
      .filter((id) => result.means[id] !== undefined)
      .map((id) => {
        const s = spread.get(id);
        return { criterionId: id, label: criterionLabel(result.criteriaSetId, id, p), mean: result.means[id]!, ...(s && s.count >= 2 ? { min: s.min, max: s.max } : {}) };
      }),
  };
}

/** `rounds`: the rounds read for their spread (min–max, only from two answers on: one answer has no spread), by id; a result whose round is absent has means only. */
export function toTabInitiative(initiative: Initiative, rounds: ReadonlyMap<string, Round>, p: Presenter): TabInitiative {
  const history = initiative.results.filter((r) => r.roundId !== initiative.latestResult?.roundId);
  return {
    id: initiative.id,
    name: initiative.name,
    phase: initiative.phase,
    phaseLabel: p.t(`phase.${initiative.phase}`),
    focusAreaLabel: initiative.focusArea === 'other' && initiative.focusAreaText ? initiative.focusAreaText : p.t(`focusArea.${initiative.focusArea}`),
    ...(initiative.owner ? { owner: initiative.owner.name } : {}),
    ...(initiative.description ? { description: initiative.description } : {}),
    ...(initiative.latestResult ? { latest: toTabResult(initiative.latestResult, rounds.get(initiative.latestResult.roundId), p) } : {}),
    history: history.map((r) => toTabResult(r, rounds.get(r.roundId), p)),
  };
}

export function toTabMeeting(meeting: Meeting, items: ReadonlyMap<string, ActionItem>, p: Presenter, organisations: OrganisationDirectory): TabMeeting {
  const attendee = (a: { name: string; organisation?: string }) => {
    const organisation = organisationIn(a.organisation) ?? organisations.ofName(a.name);
    return { name: a.name, ...(organisation ? { organisation } : {}) };
  };
  return {
    id: meeting.id,
    conversationKey: meeting.conversationKey,
    title: meeting.title,
    kindLabel: p.t(`meetingType.${meeting.kind}`),
    date: meeting.date,
    dateLabel: formatDue({ date: meeting.date }, p.locale, p.now, p.timeZone),
    ...(meeting.startTime ? { time: meeting.endTime ? `${meeting.startTime}–${meeting.endTime}` : meeting.startTime } : {}),
    ...(meeting.place ? { place: meeting.place } : {}),
    participants: meeting.participants.map(attendee),
    absent: meeting.absent.map(attendee),
    decisions: meeting.decisions,
    keyPoints: meeting.keyPoints,
    other: meeting.other,
    todos: meeting.todos.map((todo) => {
      const item = todo.actionItemId ? items.get(todo.actionItemId) : undefined;
      const owner = todo.owner?.name ?? todo.ownerName;
      const due = item?.due ?? todo.due;
      return {
        text: todo.text,
        ...(owner ? { owner } : {}),
        ...(due ? { due: toTabDue(due, p) } : {}),
        ...(item ? { item: { id: item.id, status: item.status, overdue: itemOverdue(item, p) } } : {}),
      };
    }),
    ...(meeting.nextMeeting ? { nextMeeting: meeting.nextMeeting.text ?? formatDue(meeting.nextMeeting, p.locale, p.now, p.timeZone) } : {}),
    ...(meeting.noteTaker ? { noteTaker: meeting.noteTaker } : {}),
  };
}

/** Every word of the query occurs somewhere in the meeting (title, date, people, decisions, to-dos, notes). */
export function meetingMatches(meeting: TabMeeting, query: string): boolean {
  const words = foldForMatching(query).split(' ').filter(Boolean);
  if (words.length === 0) return true;
  const haystack = foldForMatching(
    [
      meeting.title,
      meeting.kindLabel,
      meeting.date,
      meeting.dateLabel,
      meeting.place ?? '',
      ...meeting.participants.map((a) => a.name),
      ...meeting.decisions,
      ...meeting.keyPoints,
      ...meeting.other,
      ...meeting.todos.map((todo) => `${todo.owner ?? ''} ${todo.text}`),
    ].join(' \n '),
  );
  return words.every((word) => haystack.includes(word));
}
