import { z } from 'zod';
import { addDays, todayIn } from '../../domain/dates/due-date.js';
import { isNoteTaker, LIVE_WARNINGS, type LiveMeeting } from '../../domain/meetings/live-meeting.js';
import type { LiveFailure, MeetingFacts } from '../../domain/meetings/live-meeting-service.js';
import type { MinutesParticipant } from '../../domain/meetings/parse-minutes.js';
import { organisationOfEmail } from '../../domain/people/organisation.js';
import { AppError } from '../../errors.js';
import type { MessageKey } from '../../i18n/index.js';
import type { AdaptiveCard } from '../cards.js';
import { cardContextOf } from '../card-context.js';
import type { BotServices } from '../router.js';
import type { CardActionResult, TurnScope } from '../router.js';
import { updatePostedCard } from '../action-items/act.js';
import { errorKey } from '../failure.js';
import { briefCard, notesCard, type Brief, type Notice } from './live-cards.js';
import { previewForm } from './meeting-cards.js';

/**
 * The meeting's life in the chat (#17): Teams' meeting events, "Inför mötet", the live notes and the end.
 * Handlers use only the turn scope; Teams' meeting APIs come through `scope.meeting`.
 */

/**
 * The value of Teams' meeting events (`type: 'event'`, `name: 'application/vnd.microsoft.meetingStart'` /
 * `'application/vnd.microsoft.meetingEnd'`), as documented in "Receive real-time Teams meeting events"
 * (https://learn.microsoft.com/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis#receive-real-time-teams-meeting-events):
 * `{ MeetingType, Title, Id, JoinUrl, StartTime | EndTime }` (botbuilder's TeamsMeetingStartT/EndT), with
 * `channelData.meeting.id` the same Id. Everything optional here: a malformed event is logged, never fatal.
 */
export const meetingEventValue = z
  .object({
    Id: z.string().max(2_000).optional(),
    Title: z.string().max(2_000).optional(),
    MeetingType: z.string().max(100).optional(),
    JoinUrl: z.string().max(4_000).optional(),
    StartTime: z.string().max(100).optional(),
    EndTime: z.string().max(100).optional(),
  })
  .passthrough();
export type MeetingEventValue = z.infer<typeof meetingEventValue>;

function factsOf(scope: TurnScope, value: MeetingEventValue): MeetingFacts {
  const teamsMeetingId = value.Id || scope.meeting.meetingId;
  return {
    ...(teamsMeetingId ? { teamsMeetingId } : {}),
    ...(value.Title ? { title: value.Title } : {}),
    ...(value.StartTime ? { start: value.StartTime } : {}),
    ...(value.EndTime ? { end: value.EndTime } : {}),
  };
}

/** meetingStart: "Inför mötet" once per occurrence; resent or late events post nothing. */
export async function onMeetingStart(scope: TurnScope, value: MeetingEventValue): Promise<void> {
  const { liveMeetings, logger } = scope.services;
  if (!scope.conversation.liveMeetingsSince) await scope.services.conversations.markLiveMeetings(scope.tenantId, scope.conversationKey);
  const started = await liveMeetings.start({ tenantId: scope.tenantId, conversationKey: scope.conversationKey, facts: factsOf(scope, value) });
  if (!started.created || started.late) {
    logger.info({ liveId: started.meeting.id, created: started.created, late: started.late }, 'meetingStart: nothing to post');
    return;
  }
  const posted = await scope.post(briefCard(await briefOf(scope, started.meeting), cardContextOf(scope)));
  if (posted) await liveMeetings.recordCard(scope.tenantId, started.meeting.id, 'briefCard', posted);
}

/**
 * meetingEnd: said once per occurrence. With a note-taker, the notes card turns to "Mötet är slut" and the
 * note-taker's view becomes the summary form; with nobody at the keyboard, one message asks whether to save a
 * summary, with the form.
 */
export async function onMeetingEnd(scope: TurnScope, value: MeetingEventValue): Promise<void> {
  const { liveMeetings, logger } = scope.services;
  const { meeting, announce } = await liveMeetings.end({ tenantId: scope.tenantId, conversationKey: scope.conversationKey, facts: factsOf(scope, value) });
  if (!announce) {
    logger.info({ liveId: meeting.id }, 'meetingEnd: already announced');
    return;
  }
  await announceEnd(scope, meeting);
}

async function announceEnd(scope: TurnScope, meeting: LiveMeeting): Promise<void> {
  const c = cardContextOf(scope);
  if (meeting.notesCard) await scope.update(meeting.notesCard, notesCard(meeting, c));
  if (meeting.noteTaker) return;
  const form = await summaryForm(scope, meeting, { heading: scope.t('live.end.heading'), intro: scope.t('live.end.intro') });
  await scope.post(form);
}

/** The preview form filled from the notes, the meeting's details and its roster; what failed is said on it. */
async function summaryForm(scope: TurnScope, live: LiveMeeting, texts: { heading: string; intro: string }): Promise<AdaptiveCard> {
  const { meetings, liveMeetings } = scope.services;
  const c = cardContextOf(scope);
  const warning = (code: string) =>
    code === LIVE_WARNINGS.noDetails ? scope.t('live.warning.noDetails') : code === LIVE_WARNINGS.noRoster ? scope.t('live.warning.noRoster') : undefined;
  const existing = live.draftId ? await meetings.draft(scope.tenantId, live.draftId, scope.conversationKey) : undefined;
  if (existing) return previewForm(existing, c, { ...texts, warning });
  const warnings: string[] = [];
  let facts: MeetingFacts = {};
  try {
    facts = (await scope.meeting.details(live.teamsMeetingId)) ?? {};
    if (!live.teamsMeetingId) warnings.push(LIVE_WARNINGS.noDetails);
  } catch (error) {
    scope.services.logger.warn({ err: error, liveId: live.id }, 'meeting details unavailable');
    warnings.push(LIVE_WARNINGS.noDetails);
  }
  let participants: MinutesParticipant[] = [];
  try {
    participants = (await scope.meeting.roster())
      .filter((p) => !p.id.startsWith('28:') && p.name)
      .map((p) => {
        const org = organisationOfEmail(p.email);
        return org ? { name: p.name, organisation: scope.t(`organisation.${org}` as MessageKey) } : { name: p.name };
      });
  } catch (error) {
    scope.services.logger.warn({ err: error, liveId: live.id }, 'meeting roster unavailable');
    warnings.push(LIVE_WARNINGS.noRoster);
  }
  const parsed = liveMeetings.minutesFrom(live, { facts, participants, warnings });
  const draft = await meetings.draftFromParsed({ tenantId: scope.tenantId, conversationKey: scope.conversationKey, parsed, createdBy: scope.sender });
  await liveMeetings.recordDraft(scope.tenantId, live.id, draft.id);
  return previewForm(draft, c, { ...texts, warning });
}

/** What "Inför mötet" shows: the last meeting's open to-dos and decisions, deadlines in 14 days, open rounds. */
async function briefOf(scope: TurnScope, live: LiveMeeting): Promise<Brief> {
  const { meetings, actionItems, evaluations } = scope.services;
  const today = todayIn(scope.services.clock.now(), scope.services.config.timeZone);
  const [latest, open, rounds] = await Promise.all([
    meetings.latest(scope.tenantId, scope.conversationKey, 5),
    actionItems.listForConversation(scope.tenantId, scope.conversationKey, 'open'),
    evaluations.openRounds(scope.tenantId, scope.conversationKey),
  ]);
  const previous = latest.find((m) => m.date <= live.day);
  const ids = new Set((previous?.todos ?? []).map((t) => t.actionItemId).filter(Boolean));
  const openTodos = open.filter((item) => ids.has(item.id));
  const horizon = addDays(today, 14);
  const deadlines = open
    .filter((item) => !ids.has(item.id) && item.due && item.due.date >= today && item.due.date <= horizon)
    .sort((a, b) => a.due!.date.localeCompare(b.due!.date));
  return { live, ...(previous ? { previous } : {}), openTodos, deadlines, rounds };
}

/** The message for a refused live-notes change (`error.live.<code>`). */
export function problemText(scope: TurnScope, failure: LiveFailure): string {
  return scope.t(errorKey('live', failure), { name: failure.detail?.noteTaker?.name ?? '' });
}

async function liveOrFail(scope: TurnScope, liveId: string): Promise<LiveMeeting> {
  const live = await scope.services.liveMeetings.get(scope.tenantId, liveId, scope.conversationKey);
  if (!live) throw new AppError('notFound');
  return live;
}

/** The notes card for everyone, updated in place (or posted, the first time something is noted). */
export async function showNotes(scope: TurnScope, live: LiveMeeting): Promise<void> {
  const c = cardContextOf(scope);
  if (live.notesCard) {
    await scope.update(live.notesCard, notesCard(live, c));
    return;
  }
  const posted = await scope.post(notesCard(live, c));
  if (posted) await scope.services.liveMeetings.recordCard(scope.tenantId, live.id, 'notesCard', posted);
}

/** The clicker's own view of the notes card: the note-taker's has Avsluta (and, once ended, the form). */
async function viewFor(scope: TurnScope, live: LiveMeeting, notice?: Notice): Promise<AdaptiveCard> {
  const c = cardContextOf(scope);
  const mine = isNoteTaker(live, scope.sender);
  if (mine && live.status === 'ended') return summaryForm(scope, live, { heading: scope.t('live.end.previewHeading'), intro: scope.t('live.end.previewIntro') });
  return notesCard(live, c, { forNoteTaker: mine, ...(notice ? { notice } : {}) });
}

export const liveRef = z.object({ liveId: z.string().regex(/^[0-9a-f]{32}$/, 'liveId') });

/** "Börja anteckna" on "Inför mötet". */
export async function takeNotes(scope: TurnScope, liveId: string): Promise<CardActionResult> {
  const { liveMeetings } = scope.services;
  const outcome = await liveMeetings.takeNotes(scope.tenantId, liveId, scope.conversationKey, scope.sender);
  if (!outcome.ok) {
    if (outcome.error.code === 'notFound') throw new AppError('notFound');
    return { kind: 'message', text: problemText(scope, outcome.error) };
  }
  const { meeting, already } = outcome.value;
  if (already) return { kind: 'message', text: scope.t('live.brief.alreadyTaken', { name: already.name }) };
  await showNotes(scope, meeting);
  const brief = await briefOf(scope, meeting);
  const c = cardContextOf(scope);
  return { kind: 'card', card: briefCard(brief, c, { text: scope.t('live.brief.youTakeNotes'), tone: 'good' }), updateMessage: briefCard(brief, c) };
}

/** "Klar" on an open att-göra of "Inför mötet": the item is done and the brief shows it for everyone. */
export async function completeFromBrief(scope: TurnScope, input: { liveId: string; id: string; revision?: number }): Promise<CardActionResult> {
  const live = await liveOrFail(scope, input.liveId);
  const outcome = await scope.services.actionItems.act(scope.tenantId, input.id, input.revision, { person: scope.sender, conversationKey: scope.conversationKey }, { type: 'complete' });
  if (!outcome.ok && outcome.error.code === 'notFound') throw new AppError('notFound');
  const brief = await briefOf(scope, live);
  const c = cardContextOf(scope);
  const notice: Notice = outcome.ok && outcome.value.kind === 'changed' ? { text: scope.t('live.brief.itemDone'), tone: 'good' } : { text: scope.t('item.notice.stale'), tone: 'attention' };
  return { kind: 'card', card: briefCard(brief, c, notice), updateMessage: briefCard(brief, c) };
}

/** The note card's fields: one more beslut, att-göra or anteckning. */
export async function addFromCard(scope: TurnScope, input: { liveId: string; kind: 'decision' | 'todo' | 'note'; text: string }): Promise<CardActionResult> {
  const outcome = await scope.services.liveMeetings.addNote({ tenantId: scope.tenantId, id: input.liveId, conversationKey: scope.conversationKey, kind: input.kind, text: input.text, by: scope.sender });
  if (!outcome.ok) {
    if (outcome.error.code === 'notFound' && !outcome.error.detail) throw new AppError('notFound');
    return { kind: 'message', text: problemText(scope, outcome.error) };
  }
  const { meeting } = outcome.value;
  return { kind: 'card', card: await viewFor(scope, meeting, { text: scope.t('live.notes.added'), tone: 'good' }), updateMessage: notesCard(meeting, cardContextOf(scope)) };
}

/** The note-taker's refresh (Universal Actions `refresh.userIds`), and anyone's explicit look. */
export async function viewNotes(scope: TurnScope, liveId: string): Promise<CardActionResult> {
  const live = await liveOrFail(scope, liveId);
  return { kind: 'card', card: await viewFor(scope, live) };
}

/** "Avsluta" (note-taker) / "Granska och spara" after the end: the summary form for the clicker. */
export async function finish(scope: TurnScope, liveId: string): Promise<CardActionResult> {
  const outcome = await scope.services.liveMeetings.finish(scope.tenantId, liveId, scope.conversationKey, scope.sender);
  if (!outcome.ok) {
    if (outcome.error.code === 'notFound') throw new AppError('notFound');
    return { kind: 'message', text: problemText(scope, outcome.error) };
  }
  const { meeting } = outcome.value;
  const form = await summaryForm(scope, meeting, { heading: scope.t('live.end.previewHeading'), intro: scope.t('live.end.previewIntro') });
  return { kind: 'card', card: form, updateMessage: notesCard(meeting, cardContextOf(scope)) };
}

/** The notes card in the chat after the tab changed the notes (outside a turn: proactive update). Best effort. */
export async function updatePostedNotesCard(services: BotServices, tenantId: string, live: LiveMeeting): Promise<void> {
  if (!live.notesCard) return;
  await updatePostedCard(services, tenantId, live.conversationKey, live.notesCard, (c) => notesCard(live, c), {
    fields: { liveId: live.id },
    message: 'could not update the notes card of a live meeting',
  });
}
