import { completeActionItem, createActionItem, deleteActionItem, type ActionItem } from '../../src/domain/action-items/action-item.js';
import type { Locale } from '../../src/i18n/index.js';
import { confirmDeleteCard, deletedCard, editCard, itemCard } from '../../src/teams/action-items/item-card.js';
import { listCard } from '../../src/teams/action-items/list-card.js';
import { cardContextOf } from '../../src/teams/card-context.js';
import type { AdaptiveCard } from '../../src/teams/cards.js';
import { helpCard } from '../../src/teams/settings/help.js';
import { welcomeCard } from '../../src/teams/settings/welcome.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Meeting } from '../../src/domain/meetings/meeting.js';
import { parseMinutes } from '../../src/domain/meetings/parse-minutes.js';
import { customReminderCard, digestCard, itemReminderCard, meetingReminderCard, reminderListCard } from '../../src/teams/reminders/reminder-cards.js';
import type { Reminder } from '../../src/domain/reminders/reminder.js';
import { decisionListCard, editMeetingForm, followUpCard, meetingListCard, newMeetingForm, noticeCard, pasteMinutesCard, previewForm, summaryCard } from '../../src/teams/meetings/meeting-cards.js';
import { newInitiative, withResult, type Initiative } from '../../src/domain/initiatives/initiative.js';
import { criteriaSet } from '../../src/domain/scoring/criteria.js';
import { meansOf } from '../../src/domain/scoring/evaluation-service.js';
import { buildAnswer, computeResult, oneDecimal, type Answer, type Round } from '../../src/domain/scoring/round.js';
import { compareCard, formCard, initiativeCard, initiativeFormCard, initiativeListCard, resultCard, roundCard } from '../../src/teams/evaluations/scoring-cards.js';
import { PEOPLE, TENANT } from '../helpers/activities.js';
import { SAMPLE_NOW, sampleScope } from '../helpers/scope.js';
import { choiceCardForSamples } from '../../src/teams/evaluations/begin-round.js';
import { confirmEraseCard, erasedCard, myDataCard } from '../../src/teams/privacy/privacy-cards.js';
import type { LiveMeeting } from '../../src/domain/meetings/live-meeting.js';
import { briefCard, notesCard } from '../../src/teams/meetings/live-cards.js';
import { dialogCard } from '../../src/teams/message-actions/create-action-item.js';
import { suggestionCard } from '../../src/teams/settings/understood.js';
import { boardReportCard } from '../../src/teams/reports/report-card.js';
import { fixtureReport, reportFixture } from '../helpers/report-fixtures.js';

/** The Core Team meeting of 26 March 2024 while it happens (#17): Marianne at the keyboard, a few notes. */
export function sampleLiveMeeting(status: LiveMeeting['status'] = 'open', withNotes = true): LiveMeeting {
  const at = '2024-03-26T08:10:00.000Z';
  return {
    id: '0123456789abcdef0123456789abcdef',
    tenantId: TENANT,
    conversationKey: 'groupChat:19:meeting_Y29yZS10ZWFtLW1hcnM@thread.v2',
    teamsMeetingId: 'MCMxOTptZWV0aW5n',
    title: 'Core Team möte mars',
    day: '2024-03-26',
    startedAt: '2024-03-26T08:00:00.000Z',
    status,
    noteTaker: PEOPLE.marianne,
    notes: withNotes
      ? [
          { id: 'n1', kind: 'decision', text: 'Vi prioriterar konceptet Trygg hemgång till pilot', by: PEOPLE.christine, at },
          { id: 'n2', kind: 'decision', text: 'Nästa möte hålls i Eskilstuna, Elite Stadshotell', by: PEOPLE.johan, at },
          { id: 'n3', kind: 'todo', text: 'Skicka underlaget till styrelsen', ownerName: 'Petra Edoff', due: { date: '2024-04-05' }, by: PEOPLE.marianne, at },
          { id: 'n4', kind: 'todo', text: 'Boka lokal för öppna verkstaden', by: PEOPLE.anne, at },
          { id: 'n5', kind: 'note', text: 'Anne visar nya siffror från MDU nästa gång', by: PEOPLE.anne, at },
        ]
      : [],
    revision: 4,
    createdAt: at,
    updatedAt: at,
  };
}

/** Items from the Core Team meeting of 27 February 2024 (seeds/core-team-2024-02-27-minutes.txt). */
export function sampleItems(): ActionItem[] {
  const now = new Date(SAMPLE_NOW);
  const base = { tenantId: TENANT, conversationKey: 'channel:19:core-team-aldre@thread.tacv2', createdBy: PEOPLE.marianne };
  const petra = createActionItem(
    { ...base, id: '00000000-0000-4000-8000-000000000001', title: 'Skicka mail om ensamhetspengen och samla intresserade', assignees: [PEOPLE.petra], due: { date: '2024-03-01' } },
    now,
  );
  const johan = createActionItem(
    {
      ...base,
      id: '00000000-0000-4000-8000-000000000002',
      title: 'Kontakta Anne om vägen in till Västerås för kunskapsutbyte kring servicetjänster och digitala inköp',
      assignees: [PEOPLE.johan, PEOPLE.anne],
      source: { kind: 'meeting', meetingId: 'm-2024-02-27', title: 'Core Team möte, 27 februari' },
    },
    now,
  );
  const overdue = createActionItem(
    { ...base, id: '00000000-0000-4000-8000-000000000003', title: 'Ta fram lättförståeligt material om Salus mea till KPR', assignees: [PEOPLE.christine], due: { date: '2024-02-20', time: '09:00' } },
    new Date('2024-02-01T08:00:00Z'),
  );
  const done = completeActionItem(
    createActionItem({ ...base, id: '00000000-0000-4000-8000-000000000004', title: 'Boka lokal för Öppen verkstad 15 mars', assignees: [PEOPLE.petra], due: { date: '2024-03-15' } }, now),
    PEOPLE.petra,
    now,
  );
  return [overdue, petra, johan, done];
}

/** An evaluation round of "Måltider och möten" with three answers, closed. */
export function sampleRound(status: 'open' | 'closed' = 'open', anonymous = false): { round: Round; answers: Answer[] } {
  const now = new Date(SAMPLE_NOW);
  const round: Round = {
    id: '10000000-0000-4000-8000-000000000001',
    tenantId: TENANT,
    initiativeId: '20000000-0000-4000-8000-000000000001',
    initiativeName: 'Måltider och möten',
    criteriaSetId: 'standard',
    conversationKey: 'channel:19:core-team-aldre@thread.tacv2',
    createdBy: PEOPLE.petra,
    createdAt: now.toISOString(),
    deadline: { date: '2024-03-08' },
    anonymous,
    evaluators: [PEOPLE.christine, PEOPLE.johan, PEOPLE.anne],
    status: 'open',
  };
  const set = criteriaSet('standard')!;
  const scores = [
    [4, 3, 4, 5, 4],
    [5, 4, 3, 4, 5],
    [3, 4, 4, 4, 4],
  ];
  const answers = [PEOPLE.christine, PEOPLE.johan, PEOPLE.anne].map((person, i) =>
    buildAnswer(round, set, person, {
      scores: Object.fromEntries(set.criteria.map((c, j) => [c.id, scores[i]![j]])),
      comments: i === 0 ? { citizenValue: 'Stor efterfrågan bland seniorerna i Västerås.' } : {},
      overallComment: i === 1 ? 'Bra att näringslivet är med från början.' : undefined,
    }, now),
  );
  if (status === 'closed') {
    const result = computeResult(round, set, answers);
    result.chartPath = '/charts/local-tenant/0123456789abcdef0123456789abcdef.png';
    return { round: { ...round, status: 'closed', closedAt: '2024-03-08T17:00:00Z', closedBy: 'deadline', result }, answers };
  }
  return { round, answers };
}

export function sampleInitiatives(): Initiative[] {
  const now = new Date(SAMPLE_NOW);
  const { round, answers } = sampleRound('closed');
  const result = round.result!;
  const meals = withResult(
    { ...newInitiative({ id: round.initiativeId, tenantId: TENANT, name: 'Måltider och möten', createdBy: PEOPLE.petra, focusArea: 'elderly', phase: 'pilot' }, now) },
    { roundId: round.id, criteriaSetId: 'standard', closedAt: round.closedAt!, overallMean: oneDecimal(result.overallMean), means: meansOf(result), answers: answers.length, chartPath: result.chartPath! },
    now,
  );
  const salus = withResult(
    newInitiative({ id: '20000000-0000-4000-8000-000000000002', tenantId: TENANT, name: 'Salus mea – trygghetslarm', createdBy: PEOPLE.petra, focusArea: 'elderly', phase: 'pilot' }, now),
    { roundId: 'r2', criteriaSetId: 'standard', closedAt: '2024-01-20T10:00:00Z', overallMean: 3.6, means: { citizenValue: 4.2, partnership: 2.8, innovation: 3.1, sustainability: 4, focusAreaFit: 3.9 }, answers: 5, chartPath: '/charts/x/y.png' },
    now,
  );
  const angsgardet = newInitiative({ id: '20000000-0000-4000-8000-000000000003', tenantId: TENANT, name: 'Ängsgärdet', createdBy: PEOPLE.petra, focusArea: 'elderly', phase: 'concept' }, now);
  return [meals, salus, angsgardet];
}

/** The Core Team meeting of 27 February 2024 as saved from the seed minutes. */
export function sampleMeeting(): Meeting {
  const now = new Date('2024-02-28T09:00:00Z');
  const parsed = parseMinutes(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seeds', 'core-team-2024-02-27-minutes.txt'), 'utf8'), { now, timeZone: 'Europe/Stockholm' });
  return {
    id: '30000000-0000-4000-8000-000000000001',
    tenantId: TENANT,
    conversationKey: 'channel:19:core-team-aldre@thread.tacv2',
    title: parsed.title ?? 'Core Team möte',
    kind: 'coreTeam',
    date: '2024-02-27',
    startTime: '09:00',
    endTime: '11:00',
    place: 'Teams',
    participants: parsed.participants,
    absent: [{ name: 'Matilda Ek', organisation: 'Västerås stad' }],
    decisions: parsed.decisions,
    todos: [
      { text: 'skicka mail om ensamhetspengen och samla intresserade', ownerName: 'Petra Edoff', owner: PEOPLE.petra, due: { date: '2024-03-01' }, actionItemId: sampleItems()[1]!.id },
      { text: 'kontakta Anne om vägen in till Västerås', ownerName: 'Johan Lindström', owner: PEOPLE.johan, actionItemId: sampleItems()[2]!.id },
      { text: 'boka lokal för nästa längre möte', ownerName: 'Okänd Person' },
    ],
    keyPoints: parsed.keyPoints,
    other: parsed.other,
    upcoming: parsed.upcoming,
    nextMeeting: { date: '2024-03-26' },
    noteTaker: parsed.noteTaker ?? 'Marianne',
    source: 'minutes',
    createdBy: PEOPLE.marianne,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    revision: 1,
    history: [{ at: now.toISOString(), by: PEOPLE.marianne, change: 'created' }],
  };
}

export function sampleReminder(kind: Reminder['kind']): Reminder {
  return {
    id: `${kind === 'actionItem' ? 'item' : kind}-00000000-0000-4000-8000-000000000001`,
    tenantId: TENANT,
    conversationKey: 'channel:19:core-team-aldre@thread.tacv2',
    kind,
    dueAt: '2024-02-28T08:00:00.000Z',
    payload: {},
    status: 'pending',
    attempts: 0,
    createdAt: SAMPLE_NOW,
    updatedAt: SAMPLE_NOW,
  };
}

/**
 * One or more realistic renderings of every template in cards/, through the same builders the bot uses.
 * The card test fails for a template that has no entry here, so a new card cannot skip validation.
 */
export const cardSamples: Record<string, (locale: Locale) => AdaptiveCard[]> = {
  help: (locale) => [helpCard(sampleScope(locale, 'channel')), helpCard(sampleScope(locale, 'personal'))],
  welcome: (locale) => [welcomeCard(sampleScope(locale, 'channel')), welcomeCard(sampleScope(locale, 'personal'))],
  'action-item': (locale) => {
    const c = cardContextOf(sampleScope(locale));
    return [...sampleItems().map((item) => itemCard(item, c)), itemCard(sampleItems()[1]!, c, { text: c.t('item.notice.stale'), tone: 'attention' })];
  },
  'action-item-edit': (locale) => sampleItems().map((item) => editCard(item, cardContextOf(sampleScope(locale)), [PEOPLE.marianne])),
  'action-item-confirm-delete': (locale) => [confirmDeleteCard(sampleItems()[1]!, cardContextOf(sampleScope(locale)))],
  'action-item-deleted': (locale) => [deletedCard(deleteActionItem(sampleItems()[1]!, PEOPLE.petra, new Date(SAMPLE_NOW)), cardContextOf(sampleScope(locale)))],
  round: (locale) => {
    const c = cardContextOf(sampleScope(locale));
    const { round, answers } = sampleRound();
    const anonymous = sampleRound('open', true).round;
    const closed = sampleRound('closed').round;
    const means = meansOf(computeResult(round, criteriaSet('standard')!, answers.slice(0, 2)));
    const current = { means, count: 2 };
    return [
      // Shared: named evaluators (each gets their own view by refresh); open to anyone ("Visa min vy"); closed.
      roundCard(round, 2, c),
      roundCard({ ...round, evaluators: [], anonymous: true, deadline: undefined }, 7, c),
      roundCard(closed, 3, c),
      // Own views: answered (with the mean), answered in an anonymous round (no mean), not answered, not an evaluator.
      roundCard(round, 2, c, { viewer: PEOPLE.christine, answer: answers[0]!, current, saved: 'saved' }),
      roundCard(anonymous, 2, c, { viewer: PEOPLE.christine, answer: answers[0]!, current }),
      roundCard(round, 2, c, { viewer: PEOPLE.anne, current }),
      roundCard(round, 2, c, { viewer: PEOPLE.marianne, current }),
      // The creator: controls and who has not answered; asked before closing; a closed round to reopen.
      roundCard(round, 2, c, { viewer: PEOPLE.petra, current, missing: [PEOPLE.anne] }),
      roundCard(round, 2, c, { viewer: PEOPLE.petra, current, confirmClose: true }),
      roundCard(closed, 3, c, { viewer: PEOPLE.petra, current }),
      roundCard(closed, 3, c, { viewer: PEOPLE.johan, answer: answers[1]!, current, notice: { text: c.t('error.roundAnswer.closed'), tone: 'attention' } }),
    ];
  },
  'round-form': (locale) => {
    const c = cardContextOf(sampleScope(locale));
    const { round, answers } = sampleRound();
    return [formCard(round, undefined, c), formCard(round, answers[0], c), formCard({ ...round, criteriaSetId: 'concept' }, undefined, c)];
  },
  'round-start-choice': (locale) => {
    const scope = { ...sampleScope(locale), sender: PEOPLE.petra };
    return [choiceCardForSamples(scope, 'Måltider o möten', [{ id: '20000000-0000-4000-8000-000000000001', name: 'Måltider och möten' }]), choiceCardForSamples(scope, 'Helt nytt', [])];
  },
  'round-result': (locale) => {
    const c = cardContextOf(sampleScope(locale));
    const closed = sampleRound('closed').round;
    const empty: Round = { ...closed, result: { criteria: [], overallMean: Number.NaN, answers: 0, comments: [] } };
    return [resultCard(closed, c, 'http://localhost:3978'), resultCard(sampleRound('closed', true).round, c, 'http://localhost:3978'), resultCard(empty, c, 'http://localhost:3978')];
  },
  initiative: (locale) => {
    const c = cardContextOf(sampleScope(locale));
    const [meals, , angsgardet] = sampleInitiatives();
    const described = { ...meals!, owner: PEOPLE.petra, description: 'Tre piloter: matleveranser med Wolt och SPF, Seniorrestaurangen och Pensionärernas bössa.', results: [meals!.latestResult!, { ...meals!.latestResult!, roundId: 'old', closedAt: '2023-11-10T10:00:00Z', overallMean: 3.2 }] };
    return [initiativeCard(described, c), initiativeCard(angsgardet!, c, c.t('initiative.saved'))];
  },
  'initiative-form': (locale) => {
    const c = cardContextOf(sampleScope(locale));
    return [initiativeFormCard({ name: 'Ängsgärdet' }, c, [PEOPLE.petra]), initiativeFormCard({ ...sampleInitiatives()[0]!, owner: PEOPLE.christine }, c, [PEOPLE.petra])];
  },
  'initiative-list': (locale) => [initiativeListCard(sampleInitiatives(), cardContextOf(sampleScope(locale))), initiativeListCard([], cardContextOf(sampleScope(locale)))],
  'initiative-compare': (locale) => {
    const [meals, salus] = sampleInitiatives();
    return [compareCard([meals!, salus!], criteriaSet('standard')!, '/charts/t/0123456789abcdef0123456789abcdef.png', cardContextOf(sampleScope(locale)), 'http://localhost:3978')];
  },
  'meeting-form': (locale) => {
    const c = cardContextOf(sampleScope(locale));
    const text = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seeds', 'board-2021-02-04-minutes-with-appendices.txt'), 'utf8');
    const draft = { id: '40000000-0000-4000-8000-000000000001', tenantId: TENANT, conversationKey: 'c', source: 'minutes' as const, parsed: parseMinutes(text, { now: c.now, timeZone: c.timeZone }), createdBy: PEOPLE.marianne, createdAt: c.now.toISOString() };
    return [newMeetingForm(c, 'Marianne Kiiskilä'), previewForm(draft, c), editMeetingForm(sampleMeeting(), c, c.t('meeting.stale'))];
  },
  'meeting-summary': (locale) => {
    const c = cardContextOf(sampleScope(locale));
    const dated = { ...sampleMeeting(), upcoming: [{ text: 'Nästa möte med KPR 14 april', date: '2024-04-14' }, { text: '9 mars, kl 15 – 16:30', date: '2024-03-09', time: '15:00' }, { text: 'Extra styrelsemöte i mars' }] };
    return [
      summaryCard(sampleMeeting(), c),
      summaryCard({ ...sampleMeeting(), participants: [], todos: [], decisions: [], keyPoints: [], upcoming: [], other: [] }, c, { notice: c.t('meeting.saved') }),
      summaryCard(dated, c, { notice: c.t('meeting.remind.done', { when: 'fre 8 mars 09:00', text: '9 mars, kl 15 – 16:30' }), reminded: new Set([1]) }),
    ];
  },
  'minutes-paste': (locale) => [pasteMinutesCard(cardContextOf(sampleScope(locale)))],
  'meeting-list': (locale) => [meetingListCard([sampleMeeting(), { ...sampleMeeting(), id: '30000000-0000-4000-8000-000000000002', date: '2024-01-23', title: 'Core Team möte, 23 januari' }], cardContextOf(sampleScope(locale))), meetingListCard([], cardContextOf(sampleScope(locale)))],
  'decision-list': (locale) => {
    const meeting = sampleMeeting();
    const found = Array.from({ length: 20 }, (_, i) => ({ meeting, decision: meeting.decisions[i % Math.max(1, meeting.decisions.length)] ?? 'Förslag till budget fick OK' }));
    return [decisionListCard(found, 'budget', cardContextOf(sampleScope(locale))), decisionListCard([], '', cardContextOf(sampleScope(locale)))];
  },
  'meeting-follow-up': (locale) => {
    const c = cardContextOf(sampleScope(locale));
    const items = new Map(sampleItems().map((item) => [item.id, item]));
    return [followUpCard(sampleMeeting(), items, c), followUpCard({ ...sampleMeeting(), todos: [] }, items, c)];
  },
  reminder: (locale) => {
    const c = cardContextOf(sampleScope(locale));
    const [overdue, petra] = sampleItems();
    const base = { reminder: sampleReminder('actionItem'), late: false };
    return [
      itemReminderCard(base, petra!, c),
      itemReminderCard({ ...base, late: true, mention: [PEOPLE.johan, PEOPLE.anne] }, overdue!, c),
      customReminderCard({ reminder: sampleReminder('custom'), late: false }, 'KPR-mötet: skicka material till Matilda och Christine', c),
      customReminderCard({ reminder: { ...sampleReminder('custom'), payload: { text: 'Ring Matilda', audience: 'me', person: PEOPLE.petra } }, late: false, notice: c.t('reminder.snoozed', { when: 'i morgon kl. 10.00' }) }, 'Ring Matilda', c),
      customReminderCard({ reminder: { ...sampleReminder('custom'), payload: { text: 'KPR-mötet', audience: 'us', person: PEOPLE.petra }, recurrence: { rule: 'weekly', weekday: 1, time: '09:00' } }, late: false }, 'KPR-mötet', c),
      digestCard({ reminder: sampleReminder('digest'), late: false }, sampleItems(), c)!,
      meetingReminderCard({ reminder: sampleReminder('meeting'), late: false }, sampleMeeting(), '2024-03-26', sampleItems().slice(0, 3), c),
      meetingReminderCard({ reminder: sampleReminder('meeting'), late: false }, sampleMeeting(), '2024-03-26', [], c),
    ];
  },
  'reminder-list': (locale) => {
    const c = cardContextOf(sampleScope(locale));
    const weekly: Reminder = { ...sampleReminder('custom'), recurrence: { rule: 'weekly', weekday: 1, time: '09:00' } };
    const monthly: Reminder = { ...sampleReminder('custom'), id: 'custom-00000000-0000-4000-8000-000000000009', recurrence: { rule: 'monthlyNthWeekday', nth: 1, weekday: 2, time: '09:00' } };
    return [
      reminderListCard([{ reminder: sampleReminder('actionItem'), what: 'Skicka mail om ensamhetspengen' }, { reminder: weekly, what: 'Veckobrevet' }, { reminder: monthly, what: 'Styrgruppen' }], c),
      reminderListCard([], c, { notice: c.t('reminder.stopped') }),
      // A channel: its own reminders, the per-item ones counted; "Ta bort" pressed on the weekly one.
      reminderListCard([{ reminder: sampleReminder('actionItem'), what: 'Skicka mail om ensamhetspengen' }, { reminder: weekly, what: 'Veckobrevet' }, { reminder: monthly, what: 'Styrgruppen' }], c, { summariseAutomatic: true, confirmRemove: weekly.id }),
      reminderListCard([{ reminder: sampleReminder('actionItem'), what: 'Skicka mail om ensamhetspengen' }], c, { summariseAutomatic: true }),
    ];
  },
  'my-data': (locale) => {
    const c = cardContextOf(sampleScope(locale, 'personal'));
    const summary = { itemsAssigned: 4, itemsCreated: 2, answers: 3, meetings: 5, reminders: 1, members: 2, conversations: 1, other: 1 };
    const download = { url: `http://localhost:3978/exports/${TENANT}/${'0f'.repeat(16)}.json`, expiresAt: '2024-02-27T08:15:00.000Z' };
    return [myDataCard(PEOPLE.petra, summary, download, c), myDataCard({ id: '29:new', name: 'Ny [Person]' }, { ...summary, itemsAssigned: 0, answers: 0, meetings: 0 }, download, c)];
  },
  suggestion: (locale) => [
    suggestionCard(sampleScope(locale), 'min uppgifter', { words: locale === 'sv' ? 'mina uppgifter' : 'my tasks', usage: '', runnable: true }),
    suggestionCard(sampleScope(locale), 'påminn Anna om KPR-mötet', { words: 'påminn oss', usage: locale === 'sv' ? 'påminn mig|oss ‹när› om ‹vad›' : 'remind me|us ‹when› to ‹what›', runnable: false }),
  ],
  'board-report': (locale) => {
    const download = { url: `http://localhost:3978/reports/${TENANT}/${'0f'.repeat(16)}.docx`, expiresAt: '2024-03-04T09:15:00.000Z' };
    const report = fixtureReport(reportFixture({ initiatives: 12, items: 40, meetings: 4 }));
    return [
      boardReportCard(report, download, { kind: 'shared' }, cardContextOf(sampleScope(locale, 'channel'))),
      boardReportCard(fixtureReport(reportFixture({ initiatives: 0 })), download, { kind: 'personal', conversations: 3 }, cardContextOf(sampleScope(locale, 'personal'))),
    ];
  },
  'my-data-confirm-delete': (locale) => [confirmEraseCard(PEOPLE.petra, cardContextOf(sampleScope(locale, 'personal')))],
  'my-data-deleted': (locale) => {
    const c = cardContextOf(sampleScope(locale, 'personal'));
    const none = { deleted: { members: 0, conversations: 0, actionItems: 0, reminders: 0, drafts: 0, exports: 0 }, anonymised: { actionItems: 0, answers: 0, rounds: 0, initiatives: 0, meetings: 0, reminders: 0 }, changedItems: [] };
    return [
      erasedCard({ ...none, deleted: { ...none.deleted, members: 2, conversations: 1, reminders: 1 }, anonymised: { ...none.anonymised, actionItems: 3, answers: 2, meetings: 1 } }, c),
      erasedCard(none, c),
    ];
  },
  notice: (locale) => [noticeCard(cardContextOf(sampleScope(locale)).t('meeting.cancelled')), followUpCard(undefined, new Map(), cardContextOf(sampleScope(locale)))],
  'meeting-brief': (locale) => {
    const c = cardContextOf(sampleScope(locale, 'groupChat'));
    const [overdue, petra, johan] = sampleItems();
    const { round } = sampleRound();
    const live = { ...sampleLiveMeeting(), noteTaker: undefined };
    return [
      briefCard({ live, previous: sampleMeeting(), openTodos: [overdue!, petra!], deadlines: [johan!], rounds: [round] }, c),
      briefCard({ live: sampleLiveMeeting(), openTodos: [], deadlines: [], rounds: [] }, c, { text: c.t('live.brief.youTakeNotes'), tone: 'good' }),
    ];
  },
  'meeting-notes': (locale) => {
    const c = cardContextOf(sampleScope(locale, 'groupChat'));
    return [
      notesCard(sampleLiveMeeting(), c),
      notesCard(sampleLiveMeeting(), c, { forNoteTaker: true, notice: { text: c.t('live.notes.added'), tone: 'good' } }),
      notesCard({ ...sampleLiveMeeting('open', false), noteTaker: undefined }, c),
      notesCard(sampleLiveMeeting('ended'), c),
    ];
  },
  'action-item-from-message': (locale) => {
    const scope = sampleScope(locale, 'channel');
    const value = {
      commandId: 'createTodo',
      commandContext: 'message',
      messagePayload: { id: '1711440000000', from: { user: { id: PEOPLE.christine.aadObjectId, displayName: PEOPLE.christine.name } }, body: { contentType: 'html', content: '<p>Statistik</p>' } },
    };
    const people = [
      { key: PEOPLE.christine.aadObjectId, name: PEOPLE.christine.name },
      { key: PEOPLE.petra.aadObjectId, name: scope.t('msgAction.me', { name: PEOPLE.petra.name }) },
      { key: PEOPLE.johan.aadObjectId, name: PEOPLE.johan.name },
    ];
    const fields = { title: 'Kan någon ta fram statistiken över hemtjänsten till nästa möte?', assignee: PEOPLE.christine.aadObjectId, due: '' };
    return [dialogCard(scope, value, fields, people), dialogCard(scope, value, { ...fields, due: '2020-01-01' }, people, scope.t('msgAction.badDate', { text: '2020-01-01' }))];
  },
  'action-item-list': (locale) => {
    const c = cardContextOf(sampleScope(locale));
    const many = Array.from({ length: 20 }, (_, i) => ({ ...sampleItems()[i % 4]!, id: `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}` }));
    return [
      listCard({ items: sampleItems(), total: sampleItems().length, page: 0 }, { scope: 'conversation', filter: 'all', page: 0 }, c),
      listCard({ items: [], total: 0, page: 0 }, { scope: 'mine', filter: 'open', page: 0 }, c),
      listCard({ items: many.slice(8, 16), total: many.length, page: 1 }, { scope: 'mine', filter: 'open', page: 1 }, c, { text: c.t('list.notice.done', { title: 'Skicka mail om ensamhetspengen och …' }), tone: 'good', undo: { id: sampleItems()[1]!.id, revision: 2 } }),
    ];
  },
};
