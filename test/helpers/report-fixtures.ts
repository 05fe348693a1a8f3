import type { ActionItem } from '../../src/domain/action-items/action-item.js';
import { FOCUS_AREAS, PHASES, type FocusArea, type Initiative, type LatestResult } from '../../src/domain/initiatives/initiative.js';
import type { Meeting } from '../../src/domain/meetings/meeting.js';
import type { OrganisationId } from '../../src/domain/people/organisation.js';
import type { Reminder } from '../../src/domain/reminders/reminder.js';
import { buildBoardReport, type BoardReport } from '../../src/domain/report/board-report.js';
import type { ReportPeriod } from '../../src/domain/report/report-period.js';
import type { Round } from '../../src/domain/scoring/round.js';

/**
 * A synthetic tenant for the board report's size cases (no data, one focus area, 200 initiatives), built as domain
 * objects: deterministic (a seeded generator), the clock at Monday 4 March 2024 10:00 in Stockholm.
 */

export const REPORT_NOW = new Date('2024-03-04T09:00:00Z');
export const REPORT_TZ = 'Europe/Stockholm';
export const REPORT_TENANT = 'tenant-report';
const CRITERIA = ['citizenValue', 'partnership', 'innovation', 'sustainability', 'focusAreaFit'];
const ORGS: OrganisationId[] = ['vasteras', 'eskilstuna', 'mdu', 'shk'];
const NAMES = ['Måltider och möten', 'Ängsgärdet', 'Trygg hemgång', 'Läxhjälp online', 'Rörelse i skolan', 'Digitala fikat', 'Seniorguiden', 'Ung röst', 'Nattvandring 2.0', 'Språkvän'];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export interface ReportFixture {
  initiatives: Initiative[];
  rounds: Map<string, Round>;
  meetings: Meeting[];
  items: ActionItem[];
  reminders: Reminder[];
  organisations: Map<string, OrganisationId>;
}

export function reportFixture(options: { initiatives: number; focusAreas?: FocusArea[]; items?: number; meetings?: number; seed?: number }): ReportFixture {
  const rnd = random(options.seed ?? 7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const areas = options.focusAreas ?? [...FOCUS_AREAS.slice(0, 2)];
  const person = (i: number) => ({ id: `29:p${i}`, aadObjectId: `aad-${i}`, name: ['Petra Edoff', 'Christine Wäneskog', 'Johan Lindström', 'Anne Almqvist', 'Marianne Kiiskilä', 'Emma Mossberg'][i % 6]! });
  const organisations = new Map<string, OrganisationId>();
  for (let i = 0; i < 6; i++) organisations.set(person(i).aadObjectId, ORGS[i % 4]!);
  const rounds = new Map<string, Round>();
  const initiatives: Initiative[] = [];
  for (let i = 0; i < options.initiatives; i++) {
    const id = `ini-${i}`;
    const results: LatestResult[] = [];
    const roundCount = i % 7 === 6 ? 0 : 1 + (i % 3);
    for (let r = 0; r < roundCount; r++) {
      const roundId = `${id}-r${r}`;
      const closedAt = new Date(Date.UTC(2023, 8 + r * 2, 1 + (i % 27), 10)).toISOString();
      const scores = Array.from({ length: 3 + (i % 3) }, () => CRITERIA.map(() => 1 + Math.floor(rnd() * 5)));
      const criteria = CRITERIA.map((criterionId, k) => {
        const values = scores.map((s) => s[k]!);
        return { criterionId, mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values), count: values.length };
      });
      const overallMean = criteria.reduce((a, c) => a + c.mean, 0) / criteria.length;
      const means = Object.fromEntries(criteria.map((c) => [c.criterionId, Math.round(c.mean * 10) / 10]));
      results.unshift({ roundId, criteriaSetId: 'standard', closedAt: r === roundCount - 1 && i % 2 === 0 ? new Date(Date.UTC(2024, 1, 5 + (i % 20), 10)).toISOString() : closedAt, overallMean, means, answers: scores.length, chartPath: '' });
      rounds.set(roundId, {
        id: roundId, tenantId: REPORT_TENANT, initiativeId: id, initiativeName: '', criteriaSetId: 'standard', conversationKey: 'channel:c1',
        createdBy: person(0), createdAt: closedAt, anonymous: false, evaluators: [], status: 'closed', closedAt,
        result: { criteria, overallMean, answers: scores.length, comments: [] },
      });
    }
    const name = i < NAMES.length ? NAMES[i]! : `${NAMES[i % NAMES.length]} ${Math.floor(i / NAMES.length) + 1}`;
    initiatives.push({
      id, tenantId: REPORT_TENANT, name, nameKey: name.toLowerCase(), focusArea: areas[i % areas.length]!, phase: PHASES[(i * 3) % PHASES.length]!,
      ...(i % 2 === 0 ? { owner: person(i) } : {}),
      createdBy: person(0), createdAt: '2023-09-01T08:00:00Z', updatedAt: '2024-02-20T08:00:00Z',
      ...(results[0] ? { latestResult: results[0] } : {}), results,
    });
  }
  const meetings: Meeting[] = [];
  for (let m = 0; m < (options.meetings ?? 0); m++) {
    const board = m === 0;
    const date = board ? '2024-02-08' : `2024-02-${String(12 + m * 3).padStart(2, '0')}`;
    meetings.push({
      id: `meeting-${m}`, tenantId: REPORT_TENANT, conversationKey: 'channel:c1', title: board ? 'Styrelsemöte Samhällskontraktet' : `Core Team Äldre ${m}`, kind: board ? 'board' : 'coreTeam', date,
      participants: [{ name: 'Petra Edoff', organisation: 'Västerås stad' }], absent: [],
      decisions: board ? ['Styrelsen godkände verksamhetsplanen.'] : [`Beslut ${m}.1: gå vidare med ${pick(NAMES)} till pilot.`, `Beslut ${m}.2: Core Team bjuder in civilsamhället till öppen verkstad.`],
      todos: [], keyPoints: [], other: [], upcoming: [{ text: 'KPR-möte: material till Matilda', date: '2024-03-14' }],
      ...(board ? {} : { nextMeeting: { date: '2024-03-26', time: '13:00' } }),
      source: 'form', createdBy: person(0), createdAt: `${date}T15:00:00Z`, updatedAt: `${date}T15:00:00Z`, revision: 1, history: [],
    });
  }
  const items: ActionItem[] = [];
  for (let k = 0; k < (options.items ?? 0); k++) {
    const who = person(k % 6);
    const dueDay = 1 + ((k * 5) % 28);
    const due = { date: `2024-0${k % 3 === 0 ? 2 : 3}-${String(dueDay).padStart(2, '0')}` };
    const done = k % 4 === 0;
    items.push({
      id: `item-${k}`, tenantId: REPORT_TENANT, conversationKey: 'channel:c1', title: `${pick(['Skicka underlag om', 'Boka möte om', 'Följ upp', 'Sammanställ'])} ${pick(NAMES).toLowerCase()}`,
      assignees: [who], assigneeKeys: [who.aadObjectId, who.id], due, status: done ? 'done' : 'open', createdBy: who, createdAt: '2024-02-10T08:00:00Z', updatedAt: '2024-02-20T08:00:00Z',
      ...(done ? { completedAt: '2024-02-25T08:00:00Z', completedBy: who } : {}), source: { kind: 'message' }, revision: 1, history: [],
    });
  }
  const reminders: Reminder[] = (options.meetings ?? 0) > 0
    ? [{ id: 'custom-1', tenantId: REPORT_TENANT, conversationKey: 'channel:c1', kind: 'custom', dueAt: '2024-04-02T07:00:00.000Z', payload: { text: 'KPR-mötet: skicka material till Matilda och Christine', audience: 'us' }, status: 'pending', attempts: 0, createdAt: '2024-02-01T08:00:00.000Z', updatedAt: '2024-02-01T08:00:00.000Z' }]
    : [];
  return { initiatives, rounds, meetings, items, reminders, organisations };
}

export function fixtureReport(fixture: ReportFixture, period: ReportPeriod = { from: '2024-02-09', to: '2024-03-04', basis: 'sinceBoardMeeting', boardMeeting: { id: 'meeting-0', title: 'Styrelsemöte', date: '2024-02-08' } }): BoardReport {
  return buildBoardReport({
    tenantId: REPORT_TENANT, period, now: REPORT_NOW, timeZone: REPORT_TZ,
    initiatives: fixture.initiatives, rounds: fixture.rounds, meetings: fixture.meetings, items: fixture.items, reminders: fixture.reminders,
    organisationOf: (p) => (p.aadObjectId ? fixture.organisations.get(p.aadObjectId) : undefined),
  });
}
