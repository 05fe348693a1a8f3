import type { ActionItem } from '../action-items/action-item.js';
import { addDays, dueInstant, todayIn, type DueDate } from '../dates/due-date.js';
import { FOCUS_AREAS, PHASES, type FocusArea, type Initiative, type LatestResult, type Phase } from '../initiatives/initiative.js';
import type { Meeting } from '../meetings/meeting.js';
import { ORGANISATIONS, type OrganisationId } from '../people/organisation.js';
import type { PersonRef } from '../people/person.js';
import type { Reminder } from '../reminders/reminder.js';
import { criteriaSet } from '../scoring/criteria.js';
import type { Round } from '../scoring/round.js';
import type { ReportPeriod } from './report-period.js';

/**
 * The board report (processledarrapport) as content, before any layout or language: what the process leader puts
 * in front of the board. Pure: everything is passed in, already limited to what the reader may see.
 *
 * Att-göra are counted as they stood at the report's reference instant (the end of the period, or now when the
 * period reaches today): done = completed within the period; open = not completed by then; of the open ones,
 * overdue = past their due moment, at risk = due within AT_RISK_DAYS, on time = the rest.
 */

/** Open att-göra due within this many days of the reference day count as at risk. */
export const AT_RISK_DAYS = 7;
/** Coming dates shown: at most this many, within this many days. */
export const COMING_MAX = 15;
export const COMING_DAYS = 120;

export type Tone = 'onTime' | 'atRisk' | 'overdue';

export interface ReportCriterion {
  criterionId: string;
  mean: number;
  min?: number;
  max?: number;
}

export interface ReportResult {
  roundId: string;
  criteriaSetId: string;
  closedAt: string;
  closedDate: string;
  overallMean: number;
  answers: number;
  criteria: ReportCriterion[];
  /** Lowest and highest single score over every criterion (when the round's answers are known). */
  spread?: { min: number; max: number };
  /** Overall mean minus the previous round's (same criteria set only). */
  change?: number;
  previousClosedDate?: string;
  inPeriod: boolean;
}

export interface ReportInitiative {
  id: string;
  name: string;
  phase: Phase;
  owner?: string;
  latest?: ReportResult;
}

export interface ReportFocusArea {
  focusArea: FocusArea;
  /** The free-text name of an 'other' focus area. */
  text?: string;
  /** Initiatives in phase order (Idé → Uppföljning), then by name. */
  initiatives: ReportInitiative[];
  byPhase: Record<Phase, number>;
}

export interface ReportDecisionGroup {
  meetingId: string;
  title: string;
  kind: Meeting['kind'];
  date: string;
  decisions: string[];
}

export type OrganisationKey = OrganisationId | 'unknown';

export interface OrganisationTally {
  organisation: OrganisationKey;
  done: number;
  onTime: number;
  atRisk: number;
  overdue: number;
}

export interface OverdueItem {
  id: string;
  title: string;
  owners: string[];
  organisations: OrganisationKey[];
  due: DueDate;
  daysLate: number;
}

export interface ComingDate {
  date: string;
  time?: string;
  text: string;
  kind: 'nextMeeting' | 'meetingDate' | 'reminder' | 'actionItem';
  /** KPR (kommunala pensionärsrådet) or another fixed deadline named in the text. */
  kpr: boolean;
}

export type SummaryPoint =
  | { kind: 'period'; basis: ReportPeriod['basis']; boardMeetingDate?: string }
  | { kind: 'portfolio'; initiatives: number; focusAreas: number; phases: Array<{ phase: Phase; count: number }> }
  | { kind: 'evaluated'; rounds: number; initiatives: number }
  | { kind: 'best'; name: string; mean: number }
  | { kind: 'change'; name: string; change: number }
  | { kind: 'decisions'; decisions: number; meetings: number }
  | { kind: 'actionItems'; done: number; open: number; overdue: number; tone: Tone }
  | { kind: 'overdueOrganisations'; organisations: OrganisationKey[] }
  | { kind: 'next'; date: string; text: string; meeting: boolean };

export interface BoardReport {
  tenantId: string;
  generatedAt: string;
  /** Today in the team's time zone when the report was made. */
  today: string;
  period: ReportPeriod;
  /** The day att-göra are counted at (the period's end, or today). */
  asOf: string;
  summary: SummaryPoint[];
  focusAreas: ReportFocusArea[];
  decisions: ReportDecisionGroup[];
  actionItems: { byOrganisation: OrganisationTally[]; totals: Omit<OrganisationTally, 'organisation'>; overdue: OverdueItem[] };
  coming: ComingDate[];
  /** Nothing at all in the store for this reader (no initiatives, meetings, att-göra or reminders). */
  empty: boolean;
}

export interface BoardReportInput {
  tenantId: string;
  period: ReportPeriod;
  now: Date;
  timeZone: string;
  initiatives: readonly Initiative[];
  /** Rounds read for their spread (min–max), by id; a missing one gives means only. */
  rounds: ReadonlyMap<string, Round>;
  meetings: readonly Meeting[];
  items: readonly ActionItem[];
  reminders: readonly Reminder[];
  /** The organisation of a person as the product knows it (e-mail domain, minutes). */
  organisationOf(person: PersonRef): OrganisationId | undefined;
}

const DAY_MS = 86_400_000;
const KPR = /(?<![\p{L}])(?:kpr|pensionärsråd\p{L}*)(?![\p{L}])/iu;

export function buildBoardReport(input: BoardReportInput): BoardReport {
  const { period, now, timeZone } = input;
  const today = todayIn(now, timeZone);
  const asOf = period.to < today ? period.to : today;
  const reference = period.to < today ? dueInstant({ date: period.to }, timeZone) : now;
  const startOfPeriod = dueInstant({ date: addDays(period.from, -1) }, timeZone).getTime() + 1;
  const inPeriod = (iso: string) => {
    const t = Date.parse(iso);
    return t >= startOfPeriod && t <= reference.getTime();
  };

  const focusAreas = focusAreasOf(input.initiatives, input.rounds, inPeriod, timeZone);
  const decisions = input.meetings
    .filter((m) => m.date >= period.from && m.date <= period.to && m.decisions.length > 0)
    .sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title, 'sv'))
    .map((m) => ({ meetingId: m.id, title: m.title, kind: m.kind, date: m.date, decisions: [...m.decisions] }));
  const actionItems = tallyItems(input, reference, asOf, startOfPeriod);
  const coming = comingDates(input, today);

  const all = focusAreas.flatMap((f) => f.initiatives);
  const evaluated = all.filter((i) => i.latest?.inPeriod);
  const summary: SummaryPoint[] = [{ kind: 'period', basis: period.basis, ...(period.boardMeeting ? { boardMeetingDate: period.boardMeeting.date } : {}) }];
  if (all.length > 0) {
    summary.push({
      kind: 'portfolio',
      initiatives: all.length,
      focusAreas: focusAreas.length,
      phases: PHASES.map((phase) => ({ phase, count: all.filter((i) => i.phase === phase).length })).filter((p) => p.count > 0),
    });
  }
  if (evaluated.length > 0) {
    const rounds = input.initiatives.reduce((n, i) => n + i.results.filter((r) => inPeriod(r.closedAt)).length, 0);
    summary.push({ kind: 'evaluated', rounds, initiatives: evaluated.length });
    const best = [...evaluated].sort((a, b) => b.latest!.overallMean - a.latest!.overallMean || a.name.localeCompare(b.name, 'sv'))[0]!;
    summary.push({ kind: 'best', name: best.name, mean: best.latest!.overallMean });
    const changed = evaluated.filter((i) => i.latest!.change !== undefined && Math.abs(i.latest!.change) >= 0.05);
    const biggest = changed.sort((a, b) => Math.abs(b.latest!.change!) - Math.abs(a.latest!.change!) || a.name.localeCompare(b.name, 'sv'))[0];
    if (biggest) summary.push({ kind: 'change', name: biggest.name, change: biggest.latest!.change! });
  }
  summary.push({ kind: 'decisions', decisions: decisions.reduce((n, g) => n + g.decisions.length, 0), meetings: decisions.length });
  const { totals } = actionItems;
  const open = totals.onTime + totals.atRisk + totals.overdue;
  if (open + totals.done > 0) {
    summary.push({ kind: 'actionItems', done: totals.done, open, overdue: totals.overdue, tone: totals.overdue > 0 ? 'overdue' : totals.atRisk > 0 ? 'atRisk' : 'onTime' });
    const late = actionItems.byOrganisation.filter((o) => o.overdue > 0 && o.organisation !== 'unknown').map((o) => o.organisation);
    if (late.length > 0) summary.push({ kind: 'overdueOrganisations', organisations: late });
  }
  const next = coming.find((c) => c.kind === 'nextMeeting') ?? coming[0];
  if (next) summary.push({ kind: 'next', date: next.date, text: next.text, meeting: next.kind === 'nextMeeting' });

  return {
    tenantId: input.tenantId,
    generatedAt: now.toISOString(),
    today,
    period,
    asOf,
    summary,
    focusAreas,
    decisions,
    actionItems,
    coming,
    empty: input.initiatives.length === 0 && input.meetings.length === 0 && input.items.length === 0 && coming.length === 0,
  };
}

function focusAreasOf(initiatives: readonly Initiative[], rounds: ReadonlyMap<string, Round>, inPeriod: (iso: string) => boolean, timeZone: string): ReportFocusArea[] {
  const groups = new Map<string, ReportFocusArea>();
  for (const initiative of initiatives) {
    const text = initiative.focusArea === 'other' ? initiative.focusAreaText?.trim() || undefined : undefined;
    const key = `${initiative.focusArea}|${text?.toLocaleLowerCase('sv-SE') ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { focusArea: initiative.focusArea, ...(text ? { text } : {}), initiatives: [], byPhase: Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number> };
      groups.set(key, group);
    }
    group.byPhase[initiative.phase]++;
    group.initiatives.push({
      id: initiative.id,
      name: initiative.name,
      phase: initiative.phase,
      ...(initiative.owner ? { owner: initiative.owner.name } : {}),
      ...(initiative.latestResult ? { latest: resultOf(initiative, initiative.latestResult, rounds, inPeriod, timeZone) } : {}),
    });
  }
  const focusOrder = (f: ReportFocusArea) => FOCUS_AREAS.indexOf(f.focusArea);
  return [...groups.values()]
    .map((group) => ({
      ...group,
      initiatives: group.initiatives.sort((a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.name.localeCompare(b.name, 'sv')),
    }))
    .sort((a, b) => focusOrder(a) - focusOrder(b) || (a.text ?? '').localeCompare(b.text ?? '', 'sv'));
}

function resultOf(initiative: Initiative, latest: LatestResult, rounds: ReadonlyMap<string, Round>, inPeriod: (iso: string) => boolean, timeZone: string): ReportResult {
  const set = criteriaSet(latest.criteriaSetId);
  const ids = set ? set.criteria.map((c) => c.id).filter((id) => latest.means[id] !== undefined) : Object.keys(latest.means);
  const spreadOf = new Map((rounds.get(latest.roundId)?.result?.criteria ?? []).filter((c) => c.count > 0).map((c) => [c.criterionId, c]));
  const criteria = ids.map((id) => {
    const s = spreadOf.get(id);
    return { criterionId: id, mean: latest.means[id]!, ...(s ? { min: s.min, max: s.max } : {}) };
  });
  const withSpread = criteria.filter((c) => c.min !== undefined && c.max !== undefined);
  const previous = initiative.results.find((r) => r.roundId !== latest.roundId && r.closedAt < latest.closedAt);
  const comparable = previous && previous.criteriaSetId === latest.criteriaSetId;
  return {
    roundId: latest.roundId,
    criteriaSetId: latest.criteriaSetId,
    closedAt: latest.closedAt,
    closedDate: todayIn(new Date(latest.closedAt), timeZone),
    overallMean: latest.overallMean,
    answers: latest.answers,
    criteria,
    ...(withSpread.length > 0 ? { spread: { min: Math.min(...withSpread.map((c) => c.min!)), max: Math.max(...withSpread.map((c) => c.max!)) } } : {}),
    ...(comparable ? { change: Math.round((latest.overallMean - previous.overallMean) * 10) / 10, previousClosedDate: todayIn(new Date(previous.closedAt), timeZone) } : {}),
    inPeriod: inPeriod(latest.closedAt),
  };
}

function tallyItems(input: BoardReportInput, reference: Date, asOf: string, startOfPeriod: number): BoardReport['actionItems'] {
  const tallies = new Map<OrganisationKey, OrganisationTally>();
  const tally = (organisation: OrganisationKey) => {
    let found = tallies.get(organisation);
    if (!found) tallies.set(organisation, (found = { organisation, done: 0, onTime: 0, atRisk: 0, overdue: 0 }));
    return found;
  };
  for (const organisation of ORGANISATIONS) tally(organisation);
  const totals = { done: 0, onTime: 0, atRisk: 0, overdue: 0 };
  const overdue: OverdueItem[] = [];
  const refMs = reference.getTime();
  const riskUntil = dueInstant({ date: addDays(asOf, AT_RISK_DAYS) }, input.timeZone).getTime();
  for (const item of input.items) {
    if (item.deletedAt && Date.parse(item.deletedAt) <= refMs) continue;
    if (Date.parse(item.createdAt) > refMs) continue;
    const completedAt = item.completedAt ? Date.parse(item.completedAt) : undefined;
    const doneByThen = item.status === 'done' && completedAt !== undefined && completedAt <= refMs;
    let state: keyof typeof totals;
    if (doneByThen) {
      if (completedAt! < startOfPeriod) continue;
      state = 'done';
    } else if (item.due && dueInstant(item.due, input.timeZone).getTime() < refMs) state = 'overdue';
    else if (item.due && dueInstant(item.due, input.timeZone).getTime() <= riskUntil) state = 'atRisk';
    else state = 'onTime';
    const organisations = [...new Set(item.assignees.map((p) => input.organisationOf(p) ?? 'unknown'))] as OrganisationKey[];
    for (const organisation of organisations.length ? organisations : (['unknown'] as OrganisationKey[])) tally(organisation)[state]++;
    totals[state]++;
    if (state === 'overdue') {
      overdue.push({
        id: item.id,
        title: item.title,
        owners: item.assignees.map((p) => p.name),
        organisations,
        due: item.due!,
        // Calendar days from the due day to the day counted at: 0 = due earlier that day, 1 = yesterday.
        daysLate: Math.max(0, Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${item.due!.date}T00:00:00Z`)) / DAY_MS)),
      });
    }
  }
  const order = (key: OrganisationKey) => (key === 'unknown' ? ORGANISATIONS.length : ORGANISATIONS.indexOf(key));
  const byOrganisation = [...tallies.values()]
    .filter((t) => t.organisation !== 'unknown' || t.done + t.onTime + t.atRisk + t.overdue > 0)
    .sort((a, b) => order(a.organisation) - order(b.organisation));
  overdue.sort((a, b) => a.due.date.localeCompare(b.due.date) || a.title.localeCompare(b.title, 'sv'));
  return { byOrganisation, totals, overdue };
}

function comingDates(input: BoardReportInput, today: string): ComingDate[] {
  const until = addDays(today, COMING_DAYS);
  const found: ComingDate[] = [];
  const seen = new Set<string>();
  const add = (entry: Omit<ComingDate, 'kpr'>) => {
    if (entry.date < today || entry.date > until) return;
    const key = `${entry.date}|${entry.text.toLocaleLowerCase('sv-SE')}`;
    if (seen.has(key)) return;
    seen.add(key);
    found.push({ ...entry, kpr: KPR.test(entry.text) });
  };
  for (const meeting of input.meetings) {
    if (meeting.nextMeeting?.date) {
      add({ date: meeting.nextMeeting.date, ...(meeting.nextMeeting.time ? { time: meeting.nextMeeting.time } : {}), text: meeting.title, kind: 'nextMeeting' });
    }
    for (const upcoming of meeting.upcoming) if (upcoming.date) add({ date: upcoming.date, ...(upcoming.time ? { time: upcoming.time } : {}), text: upcoming.text, kind: 'meetingDate' });
  }
  const nowMs = input.now.getTime();
  for (const reminder of input.reminders) {
    if (reminder.kind !== 'custom' || (reminder.status !== 'pending' && reminder.status !== 'sending')) continue;
    // "påminn mig …" is someone's own business; "påminn oss …" is the Core Team's.
    if (reminder.payload.audience !== 'us') continue;
    if (Date.parse(reminder.dueAt) < nowMs) continue;
    const text = typeof reminder.payload.text === 'string' ? reminder.payload.text : '';
    if (!text) continue;
    const day = todayIn(new Date(reminder.dueAt), input.timeZone);
    add({ date: day, text, kind: 'reminder' });
  }
  // Att-göra that name KPR are the council's fixed deadlines: they belong with the coming dates too.
  for (const item of input.items) {
    if (item.status === 'open' && !item.deletedAt && item.due && KPR.test(item.title)) add({ date: item.due.date, ...(item.due.time ? { time: item.due.time } : {}), text: item.title, kind: 'actionItem' });
  }
  return found.sort((a, b) => a.date.localeCompare(b.date) || (a.time ?? '').localeCompare(b.time ?? '')).slice(0, COMING_MAX);
}
