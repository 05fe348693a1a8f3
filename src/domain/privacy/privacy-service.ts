import { randomBytes } from 'node:crypto';
import type { ActionItem } from '../action-items/action-item.js';
import type { Initiative } from '../initiatives/initiative.js';
import type { Meeting } from '../meetings/meeting.js';
import type { PersonRef } from '../people/person.js';
import type { Clock } from '../ports.js';
import type { Reminder } from '../reminders/reminder.js';
import type { Answer, Round } from '../scoring/round.js';
import { anonymiseActionItem, anonymisedAnswer, anonymiseInitiative, anonymiseMeeting, anonymiseReminder, anonymiseRound, anonymousAnswerId } from './anonymise.js';
import { dataSubject, isSubject, neutralPerson, type DataSubject } from './data-subject.js';
import { personalExport, recordsAbout, summarise, type Candidates, type ExportRecord, type PersonalDataSummary, type PersonalRecords } from './personal-data.js';

/**
 * The data-protection use cases: what is stored about a person ("mina data"), a download of it, and erasure
 * ("radera mina data"): the person's own records are deleted, shared records are anonymised (see anonymise.ts).
 */

/** How long an export's download link works. */
export const EXPORT_TTL_MS = 15 * 60_000;

export const EXPORT_TOKEN = /^[0-9a-f]{32}$/;

/** Shared records the service anonymises in place, by kind. */
export interface SharedRecords {
  actionItem: ActionItem;
  round: Round;
  initiative: Initiative;
  meeting: Meeting;
  reminder: Reminder;
}

/** Records of the person's own that erasure deletes, by kind. */
export type OwnKind = 'member' | 'conversation' | 'actionItem' | 'reminder' | 'meetingDraft' | 'export';

export interface PrivacyStorage {
  /** Everything that may be about someone with one of `keys` in the tenant (the service filters precisely). */
  candidates(tenantId: string, keys: string[]): Promise<Candidates>;
  /**
   * ETag-guarded read-modify-write of one shared record; `change` gets the current version (re-read after a lost
   * race) and returns the next one, or undefined to leave it. Resolves the written version, or undefined.
   */
  update<K extends keyof SharedRecords>(tenantId: string, kind: K, id: string, change: (current: SharedRecords[K]) => SharedRecords[K] | undefined): Promise<SharedRecords[K] | undefined>;
  /**
   * Replaces an answer by `change(current, newId)` stored under a new id (the old id holds the evaluator's key),
   * crash-safely: a re-run completes an interrupted move instead of copying twice. Resolves whether it moved.
   */
  moveAnswer(tenantId: string, roundId: string, id: string, change: (current: Answer, newId: string) => Answer | undefined, newId: () => string): Promise<boolean>;
  /** Deletes one of the person's own records; resolves false when it was already gone. */
  remove(tenantId: string, kind: OwnKind, id: string): Promise<boolean>;
  createExport(record: ExportRecord): Promise<void>;
  getExport(tenantId: string, id: string): Promise<ExportRecord | undefined>;
  /** Deletes the tenant's exports (every tenant's without `tenantId`) that expired at or before `now`; resolves how many. */
  deleteExpiredExports(tenantId: string | undefined, now: string): Promise<number>;
}

export interface ErasureReport {
  deleted: { members: number; conversations: number; actionItems: number; reminders: number; drafts: number; exports: number };
  anonymised: { actionItems: number; answers: number; rounds: number; initiatives: number; meetings: number; reminders: number };
  /** The att-göra written, so the Teams layer can refresh their posted cards. */
  changedItems: ActionItem[];
}

export const totalOf = (counts: Record<string, number>): number => Object.values(counts).reduce((sum, n) => sum + n, 0);

export class PrivacyService {
  constructor(
    private readonly storage: PrivacyStorage,
    private readonly clock: Clock,
    private readonly newToken: () => string = () => randomBytes(16).toString('hex'),
  ) {}

  /** The subject and their records. Member records may know more ids or names than the turn; they widen the search. */
  async find(tenantId: string, person: PersonRef): Promise<{ subject: DataSubject; records: PersonalRecords }> {
    let subject = dataSubject(person);
    if (subject.keys.length === 0) return { subject, records: recordsAbout(emptyCandidates(), subject) };
    let candidates = await this.storage.candidates(tenantId, subject.keys);
    const wider = dataSubject(person, candidates.members.filter((m) => isSubject(subject, { name: m.name, id: m.teamsId, aadObjectId: m.aadObjectId })));
    if (wider.keys.length > subject.keys.length) candidates = await this.storage.candidates(tenantId, wider.keys);
    subject = wider;
    return { subject, records: recordsAbout(candidates, subject) };
  }

  async summary(tenantId: string, person: PersonRef): Promise<PersonalDataSummary> {
    const { subject, records } = await this.find(tenantId, person);
    return summarise(records, subject);
  }

  /** Stores an export of everything about the person under a random token, downloadable for EXPORT_TTL_MS. */
  async createExport(tenantId: string, person: PersonRef): Promise<{ token: string; expiresAt: string; summary: PersonalDataSummary }> {
    const now = this.clock.now();
    await this.storage.deleteExpiredExports(tenantId, now.toISOString());
    const { subject, records } = await this.find(tenantId, person);
    const data = personalExport(records, subject, { tenantId, name: person.name, now });
    const token = this.newToken();
    if (!EXPORT_TOKEN.test(token)) throw new RangeError('export token must be 32 hex characters');
    const expiresAt = new Date(now.getTime() + EXPORT_TTL_MS).toISOString();
    await this.storage.createExport({ id: token, tenantId, subjectKeys: subject.keys, createdAt: now.toISOString(), expiresAt, data });
    return { token, expiresAt, summary: data.summary };
  }

  /**
   * Background clean-up: deletes every tenant's expired exports, so a file nobody downloaded does not stay in the
   * store. (Each export is also deleted when it is read after expiry, by the next export in its tenant and by erasure.)
   */
  async sweepExpiredExports(): Promise<number> {
    return this.storage.deleteExpiredExports(undefined, this.clock.now().toISOString());
  }

  /** The export under `token`, while its link is valid; an expired one is deleted on the way. */
  async readExport(tenantId: string, token: string): Promise<ExportRecord | undefined> {
    if (!EXPORT_TOKEN.test(token) || tenantId.length === 0) return undefined;
    const found = await this.storage.getExport(tenantId, token);
    if (!found || found.tenantId !== tenantId) return undefined;
    if (Date.parse(found.expiresAt) <= this.clock.now().getTime()) {
      await this.storage.remove(tenantId, 'export', token);
      return undefined;
    }
    return found;
  }

  /**
   * Erases the person: shared records first (anonymised, each ETag-guarded and re-applied after a lost race), then
   * their own records (deleted). Idempotent: run again, it finds nothing left to change. `neutralName` is the name
   * that replaces theirs ("Borttagen person"), in the language of the person asking.
   */
  async erase(tenantId: string, person: PersonRef, neutralName: string): Promise<ErasureReport> {
    const { subject, records } = await this.find(tenantId, person);
    const neutral = neutralPerson(neutralName);
    const now = this.clock.now();
    const report: ErasureReport = {
      deleted: { members: 0, conversations: 0, actionItems: 0, reminders: 0, drafts: 0, exports: 0 },
      anonymised: { actionItems: 0, answers: 0, rounds: 0, initiatives: 0, meetings: 0, reminders: 0 },
      changedItems: [],
    };
    const { shared, own } = records;

    for (const item of shared.actionItems) {
      const written = await this.storage.update(tenantId, 'actionItem', item.id, (current) => anonymiseActionItem(current, subject, neutral));
      if (written) {
        report.anonymised.actionItems++;
        report.changedItems.push(written);
      }
    }
    // Rounds before answers: whether the subject answered decides whether their name is taken off the result's comments.
    const answeredRounds = new Set(shared.answers.map((a) => a.roundId));
    const roundsToCheck = new Set([...shared.rounds.map((r) => r.id), ...answeredRounds]);
    for (const id of roundsToCheck) {
      if (await this.storage.update(tenantId, 'round', id, (current) => anonymiseRound(current, subject, neutral, answeredRounds.has(id)))) report.anonymised.rounds++;
    }
    for (const answer of shared.answers) {
      const moved = await this.storage.moveAnswer(
        tenantId,
        answer.roundId,
        answer.id,
        (current, newId) => (isSubject(subject, current.evaluator) ? anonymisedAnswer(current, neutral, newId) : undefined),
        () => anonymousAnswerId(answer.roundId, this.newToken()),
      );
      if (moved) report.anonymised.answers++;
    }
    for (const initiative of shared.initiatives) {
      if (await this.storage.update(tenantId, 'initiative', initiative.id, (current) => anonymiseInitiative(current, subject, neutral))) report.anonymised.initiatives++;
    }
    for (const meeting of shared.meetings) {
      if (await this.storage.update(tenantId, 'meeting', meeting.id, (current) => anonymiseMeeting(current, subject, neutral))) report.anonymised.meetings++;
    }
    for (const reminder of shared.reminders) {
      if (await this.storage.update(tenantId, 'reminder', reminder.id, (current) => anonymiseReminder(current, subject, neutral, now))) report.anonymised.reminders++;
    }

    const remove = async (kind: OwnKind, ids: string[]) => {
      let removed = 0;
      for (const id of ids) if (await this.storage.remove(tenantId, kind, id)) removed++;
      return removed;
    };
    report.deleted.actionItems = await remove('actionItem', own.actionItems.map((i) => i.id));
    report.deleted.reminders = await remove('reminder', own.reminders.map((r) => r.id));
    report.deleted.drafts = await remove('meetingDraft', own.drafts.map((d) => d.id));
    report.deleted.exports = await remove('export', own.exports.map((e) => e.id));
    report.deleted.members = await remove('member', own.members.map((m) => m.id));
    report.deleted.conversations = await remove('conversation', own.conversations.map((c) => c.id));
    return report;
  }
}

function emptyCandidates(): Candidates {
  return { members: [], conversations: [], actionItems: [], answers: [], rounds: [], initiatives: [], meetings: [], drafts: [], reminders: [], exports: [] };
}
