import type { ActionItem } from '../action-items/action-item.js';
import type { Meeting } from '../meetings/meeting.js';
import type { Initiative } from '../initiatives/initiative.js';
import { personKeys, type PersonRef } from '../people/person.js';
import { leaseHeld, type Reminder } from '../reminders/reminder.js';
import { answerId, tallyKey, type Answer, type Round } from '../scoring/round.js';
import { isSubject, isSubjectName, type DataSubject } from './data-subject.js';

/**
 * How a shared record is anonymised when its subject asks to be erased. Shared records (att-göra, evaluation
 * answers and rounds, initiatives, meetings, reminders set for a group) belong to the organisation: they are kept,
 * and wherever they name the subject the PersonRef is replaced by a neutral one (a name, no ids).
 *
 * Every function is pure, re-applicable and idempotent: it returns the changed record, or `undefined` when there is
 * nothing of the subject in it (so an erasure run twice writes nothing the second time). Free text (titles,
 * decisions, comments) is kept as written.
 */

const swap = (subject: DataSubject, neutral: PersonRef, person: PersonRef): PersonRef => (isSubject(subject, person) ? neutral : person);

/** Att-göra: assignees (and their keys), creator, completer and every history entry's `by`. */
export function anonymiseActionItem(item: ActionItem, subject: DataSubject, neutral: PersonRef): ActionItem | undefined {
  if (!actionItemMentions(item, subject)) return undefined;
  const assignees = item.assignees.map((p) => swap(subject, neutral, p));
  const next: ActionItem = {
    ...item,
    assignees,
    assigneeKeys: assignees.flatMap(personKeys),
    createdBy: swap(subject, neutral, item.createdBy),
    history: item.history.map((entry) => ({ ...entry, by: swap(subject, neutral, entry.by) })),
  };
  if (item.completedBy) next.completedBy = swap(subject, neutral, item.completedBy);
  return next;
}

export function actionItemMentions(item: ActionItem, subject: DataSubject): boolean {
  return (
    item.assignees.some((p) => isSubject(subject, p)) ||
    item.assigneeKeys.some((key) => subject.keys.includes(key)) ||
    isSubject(subject, item.createdBy) ||
    isSubject(subject, item.completedBy) ||
    item.history.some((entry) => isSubject(subject, entry.by))
  );
}

/**
 * An att-göra that is the subject's alone: noted in their personal chat with the bot, and nobody else is on it.
 * Nobody else can see it, so it is deleted rather than anonymised.
 */
export function isPrivateActionItem(item: ActionItem, subject: DataSubject, personalConversationKeys: string[]): boolean {
  if (!personalConversationKeys.includes(item.conversationKey)) return false;
  const people = [...item.assignees, item.createdBy, ...(item.completedBy ? [item.completedBy] : []), ...item.history.map((h) => h.by)];
  return people.every((p) => isSubject(subject, p));
}

/**
 * An evaluation answer: the evaluator becomes the neutral person; scores and comments stay, they are part of the
 * round's result. The answer's id was derived from the evaluator's key, so the anonymised answer gets `newId`.
 */
export function anonymisedAnswer(answer: Answer, neutral: PersonRef, newId: string): Answer {
  return { ...answer, id: newId, evaluator: neutral };
}

/** The id an anonymised answer is stored under: the round and a random part, nothing of the evaluator. */
export const anonymousAnswerId = (roundId: string, random: string): string => `${roundId}.erased-${random.replace(/[^A-Za-z0-9-]/g, '')}`;

/**
 * A round: its creator, closer and named evaluators; in a closed round that was not anonymous, the evaluator's name
 * on the result's comments (only when the subject answered it, so a namesake's comments are left alone).
 */
export function anonymiseRound(round: Round, subject: DataSubject, neutral: PersonRef, subjectAnswered: boolean): Round | undefined {
  const closedBySubject = typeof round.closedBy === 'object' && isSubject(subject, round.closedBy);
  const inComments = subjectAnswered && (round.result?.comments ?? []).some((c) => isSubjectName(subject, c.by));
  // The tally counts each answer under a digest of its id (which holds the evaluator's key): a digest of a known id
  // still points at the person, so it is replaced by a neutral key; the scores stay in the result.
  const subjectKeys = new Set(subject.keys.map((key) => tallyKey(answerId(round.id, { id: key, name: '' }))));
  const tallyIds = Object.keys(round.tally?.entries ?? {}).filter((id) => subjectKeys.has(id));
  if (!isSubject(subject, round.createdBy) && !closedBySubject && !round.evaluators.some((e) => isSubject(subject, e)) && !inComments && tallyIds.length === 0) return undefined;
  const next: Round = {
    ...round,
    createdBy: swap(subject, neutral, round.createdBy),
    evaluators: round.evaluators.map((e) => swap(subject, neutral, e)),
  };
  if (closedBySubject) next.closedBy = neutral;
  if (inComments && round.result) {
    next.result = { ...round.result, comments: round.result.comments.map((c) => (isSubjectName(subject, c.by) ? { ...c, by: neutral.name } : c)) };
  }
  if (round.tally && tallyIds.length > 0) {
    const entries = { ...round.tally.entries };
    let n = Object.keys(entries).length;
    for (const id of tallyIds) {
      while (entries[`erased-${n}`] !== undefined) n++;
      entries[`erased-${n}`] = entries[id]!;
      delete entries[id];
    }
    next.tally = { ...round.tally, entries };
  }
  return next;
}

export function roundMentions(round: Round, subject: DataSubject): boolean {
  return isSubject(subject, round.createdBy) || (typeof round.closedBy === 'object' && isSubject(subject, round.closedBy)) || round.evaluators.some((e) => isSubject(subject, e));
}

/** An initiative: its owner and creator. */
export function anonymiseInitiative(initiative: Initiative, subject: DataSubject, neutral: PersonRef): Initiative | undefined {
  if (!initiativeMentions(initiative, subject)) return undefined;
  const next: Initiative = { ...initiative, createdBy: swap(subject, neutral, initiative.createdBy) };
  if (initiative.owner) next.owner = swap(subject, neutral, initiative.owner);
  return next;
}

export function initiativeMentions(initiative: Initiative, subject: DataSubject): boolean {
  return isSubject(subject, initiative.createdBy) || isSubject(subject, initiative.owner);
}

/**
 * A meeting: participants and absentees are bare names, matched on the subject's names (their organisation stays:
 * it is the organisation's record that it was represented); to-do owners by key, or by the full name as written;
 * the note-taker by name; the creator and history by key.
 */
export function anonymiseMeeting(meeting: Meeting, subject: DataSubject, neutral: PersonRef): Meeting | undefined {
  if (!meetingMentions(meeting, subject)) return undefined;
  const attendee = <A extends { name: string }>(a: A): A => (isSubjectName(subject, a.name) ? { ...a, name: neutral.name } : a);
  const next: Meeting = {
    ...meeting,
    participants: meeting.participants.map(attendee),
    absent: meeting.absent.map(attendee),
    todos: meeting.todos.map((todo) => {
      const mine = isSubject(subject, todo.owner) || isSubjectName(subject, todo.ownerName);
      if (!mine) return todo;
      return { ...todo, ...(todo.owner ? { owner: neutral } : {}), ...(todo.ownerName !== undefined ? { ownerName: neutral.name } : {}) };
    }),
    createdBy: swap(subject, neutral, meeting.createdBy),
    history: meeting.history.map((entry) => ({ ...entry, by: swap(subject, neutral, entry.by) })),
  };
  if (isSubjectName(subject, meeting.noteTaker)) next.noteTaker = neutral.name;
  return next;
}

export function meetingMentions(meeting: Meeting, subject: DataSubject): boolean {
  return (
    meeting.participants.some((a) => isSubjectName(subject, a.name)) ||
    meeting.absent.some((a) => isSubjectName(subject, a.name)) ||
    meeting.todos.some((todo) => isSubject(subject, todo.owner) || isSubjectName(subject, todo.ownerName)) ||
    isSubjectName(subject, meeting.noteTaker) ||
    isSubject(subject, meeting.createdBy) ||
    meeting.history.some((entry) => isSubject(subject, entry.by))
  );
}

/** Who a reminder's payload names (custom reminders: the person who asked for it). */
const reminderPerson = (reminder: Reminder): PersonRef | undefined => reminder.payload.person as PersonRef | undefined;

/**
 * A reminder addressed to the subject: anything posted to their personal chat with the bot, and the reminders they
 * set for themselves ("påminn mig"). These are deleted.
 */
export function isReminderForSubject(reminder: Reminder, subject: DataSubject, personalConversationKeys: string[]): boolean {
  if (personalConversationKeys.includes(reminder.conversationKey)) return true;
  return reminder.kind === 'custom' && reminder.payload.audience === 'me' && isSubject(subject, reminderPerson(reminder));
}

export function reminderMentions(reminder: Reminder, subject: DataSubject): boolean {
  return isSubject(subject, reminderPerson(reminder));
}

/**
 * A reminder the subject set for a group ("påminn oss"): it is the group's, so it stays, with the neutral person as
 * the one who asked. Left alone while a scheduler holds it for sending (changing it then would make the scheduler
 * drop its outcome and send it again); erasing again later completes it.
 */
export function anonymiseReminder(reminder: Reminder, subject: DataSubject, neutral: PersonRef, now: Date): Reminder | undefined {
  if (!reminderMentions(reminder, subject)) return undefined;
  if (reminder.status === 'sending' && leaseHeld(reminder, now)) return undefined;
  return { ...reminder, payload: { ...reminder.payload, person: neutral } };
}
