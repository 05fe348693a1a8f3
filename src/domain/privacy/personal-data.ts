import type { ActionItem } from '../action-items/action-item.js';
import type { Conversation } from '../conversations/conversation.js';
import type { Initiative } from '../initiatives/initiative.js';
import type { MeetingDraft } from '../meetings/meeting-service.js';
import type { Meeting } from '../meetings/meeting.js';
import type { Reminder } from '../reminders/reminder.js';
import type { Answer, Round } from '../scoring/round.js';
import { actionItemMentions, initiativeMentions, isPrivateActionItem, isReminderForSubject, meetingMentions, reminderMentions, roundMentions } from './anonymise.js';
import { isSubject, type DataSubject } from './data-subject.js';

/**
 * What the bot stores about one person in one tenant, sorted into what is theirs alone (deleted on erasure) and
 * what is shared with others (anonymised on erasure), and the export a person downloads ("mina data").
 */

/** A stored member record: who the bot has met (see the members container). */
export interface MemberRecord {
  id: string;
  teamsId?: string;
  aadObjectId?: string;
  name: string;
  email?: string;
  updatedAt: string;
}

/** A stored conversation record, with the id it is stored under. */
export type ConversationRecord = Conversation & { id: string };

export interface ExportRecord {
  /** The random 32-hex token in the download link. */
  id: string;
  tenantId: string;
  /** The subject's keys, so erasure also removes exports still waiting to be downloaded. */
  subjectKeys: string[];
  createdAt: string;
  expiresAt: string;
  data: PersonalExport;
}

/** Everything the store returned that may be about the subject (narrowed by keys where the store can). */
export interface Candidates {
  members: MemberRecord[];
  conversations: ConversationRecord[];
  actionItems: ActionItem[];
  answers: Answer[];
  rounds: Round[];
  initiatives: Initiative[];
  meetings: Meeting[];
  drafts: MeetingDraft[];
  reminders: Reminder[];
  exports: Array<Omit<ExportRecord, 'data'>>;
}

/** The subject's records, each list holding only records that are about them. */
export interface PersonalRecords {
  /** Theirs alone: deleted on erasure. */
  own: {
    members: MemberRecord[];
    conversations: ConversationRecord[];
    /** Att-göra noted in their personal chat that name nobody else. */
    actionItems: ActionItem[];
    /** Reminders to their personal chat and those they set for themselves. */
    reminders: Reminder[];
    /** Meeting previews they have not saved. */
    drafts: MeetingDraft[];
    exports: Array<Omit<ExportRecord, 'data'>>;
  };
  /** Shared with others: anonymised on erasure. */
  shared: {
    actionItems: ActionItem[];
    answers: Answer[];
    rounds: Round[];
    initiatives: Initiative[];
    meetings: Meeting[];
    reminders: Reminder[];
  };
}

/** Sorts the candidates: only what is about the subject, each in the list of what happens to it on erasure. */
export function recordsAbout(candidates: Candidates, subject: DataSubject): PersonalRecords {
  const members = candidates.members.filter((m) => [m.teamsId, m.aadObjectId].some((key) => key && subject.keys.includes(key)));
  const conversations = candidates.conversations.filter(
    (c) => c.kind === 'personal' && [c.userId, c.userAadObjectId].some((key) => key && subject.keys.includes(key)),
  );
  const personalKeys = conversations.map((c) => c.key);
  const items = candidates.actionItems.filter((item) => actionItemMentions(item, subject) || isPrivateActionItem(item, subject, personalKeys));
  const privateItems = items.filter((item) => isPrivateActionItem(item, subject, personalKeys));
  const reminders = candidates.reminders.filter((r) => isReminderForSubject(r, subject, personalKeys));
  return {
    own: {
      members,
      conversations,
      actionItems: privateItems,
      reminders,
      drafts: candidates.drafts.filter((d) => isSubject(subject, d.createdBy)),
      exports: candidates.exports.filter((e) => e.subjectKeys.some((key) => subject.keys.includes(key))),
    },
    shared: {
      actionItems: items.filter((item) => !privateItems.includes(item)),
      answers: candidates.answers.filter((a) => isSubject(subject, a.evaluator)),
      rounds: candidates.rounds.filter((r) => roundMentions(r, subject)),
      initiatives: candidates.initiatives.filter((i) => initiativeMentions(i, subject)),
      meetings: candidates.meetings.filter((m) => meetingMentions(m, subject)),
      reminders: candidates.reminders.filter((r) => !reminders.includes(r) && reminderMentions(r, subject)),
    },
  };
}

/** The counts the "mina data" card shows. */
export interface PersonalDataSummary {
  itemsAssigned: number;
  itemsCreated: number;
  answers: number;
  meetings: number;
  reminders: number;
  members: number;
  conversations: number;
  /** Rounds, initiatives and unsaved meeting previews that name them. */
  other: number;
}

export function summarise(records: PersonalRecords, subject: DataSubject): PersonalDataSummary {
  const items = [...records.own.actionItems, ...records.shared.actionItems];
  return {
    itemsAssigned: items.filter((i) => i.assignees.some((p) => isSubject(subject, p))).length,
    itemsCreated: items.filter((i) => isSubject(subject, i.createdBy)).length,
    answers: records.shared.answers.length,
    meetings: records.shared.meetings.length,
    reminders: records.own.reminders.length + records.shared.reminders.length,
    members: records.own.members.length,
    conversations: records.own.conversations.length,
    other: records.shared.rounds.length + records.shared.initiatives.length + records.own.drafts.length,
  };
}

/** The downloadable export: the subject's records as stored, with other people reduced to their names. */
export interface PersonalExport {
  format: 'shk-core-team-bot/personal-data';
  version: 1;
  generatedAt: string;
  tenantId: string;
  person: { name: string; ids: string[] };
  summary: PersonalDataSummary;
  records: {
    memberRecords: MemberRecord[];
    personalConversations: ConversationRecord[];
    actionItems: ActionItem[];
    evaluationAnswers: Answer[];
    evaluationRounds: Array<Pick<Round, 'id' | 'initiativeName' | 'createdAt' | 'status' | 'anonymous'> & { roles: string[] }>;
    initiatives: Initiative[];
    meetings: Meeting[];
    meetingDrafts: MeetingDraft[];
    reminders: Reminder[];
  };
}

export function personalExport(records: PersonalRecords, subject: DataSubject, meta: { tenantId: string; name: string; now: Date }): PersonalExport {
  const redact = <T>(value: T): T => redactOthers(value, subject) as T;
  return {
    format: 'shk-core-team-bot/personal-data',
    version: 1,
    generatedAt: meta.now.toISOString(),
    tenantId: meta.tenantId,
    person: { name: meta.name, ids: subject.keys },
    summary: summarise(records, subject),
    records: {
      memberRecords: records.own.members,
      personalConversations: records.own.conversations,
      actionItems: redact([...records.own.actionItems, ...records.shared.actionItems]),
      evaluationAnswers: records.shared.answers,
      // Only the subject's part in a round: the other evaluators and the result are the other people's and the round's.
      evaluationRounds: records.shared.rounds.map((round) => ({
        id: round.id,
        initiativeName: round.initiativeName,
        createdAt: round.createdAt,
        status: round.status,
        anonymous: round.anonymous,
        roles: [
          ...(isSubject(subject, round.createdBy) ? ['creator'] : []),
          ...(round.evaluators.some((e) => isSubject(subject, e)) ? ['namedEvaluator'] : []),
          ...(typeof round.closedBy === 'object' && isSubject(subject, round.closedBy) ? ['closedBy'] : []),
        ],
      })),
      initiatives: redact(records.shared.initiatives),
      meetings: redact(records.shared.meetings),
      meetingDrafts: redact(records.own.drafts),
      reminders: redact([...records.own.reminders, ...records.shared.reminders]),
    },
  };
}

const PERSON_FIELDS = new Set(['id', 'aadObjectId', 'name', 'email']);

/** A PersonRef-shaped object (only person fields, a name and at least one id). */
function isPersonRef(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  return typeof value.name === 'string' && (typeof value.id === 'string' || typeof value.aadObjectId === 'string') && keys.every((k) => PERSON_FIELDS.has(k));
}

/** Other people inside the subject's records keep their name only: no Teams id, no object id, no e-mail. */
export function redactOthers(value: unknown, subject: DataSubject): unknown {
  if (Array.isArray(value)) return value.map((v) => redactOthers(v, subject));
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (isPersonRef(record) && !isSubject(subject, record as { name: string; id?: string; aadObjectId?: string })) return { name: record.name };
  return Object.fromEntries(
    Object.entries(record).map(([key, v]) => [
      key,
      key === 'assigneeKeys' && Array.isArray(v) ? v.filter((k) => subject.keys.includes(String(k))) : redactOthers(v, subject),
    ]),
  );
}
