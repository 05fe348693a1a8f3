import { z } from 'zod';
import type { ActionItemService } from '../../domain/action-items/action-item-service.js';
import type { ActionItem } from '../../domain/action-items/action-item.js';
import { listKey, listState } from '../../domain/action-items/list-order.js';
import type { Conversation } from '../../domain/conversations/conversation.js';
import type { Meeting } from '../../domain/meetings/meeting.js';
import type { Clock } from '../../domain/ports.js';
import type { EvaluationService } from '../../domain/scoring/evaluation-service.js';
import type { Round } from '../../domain/scoring/round.js';
import { radarSvg } from '../../charts/radar.js';
import { criteriaSet } from '../../domain/scoring/criteria.js';
import { localeFromTag, translator, type Locale } from '../../i18n/index.js';
import type { ActionItemRepository } from '../../store/action-item-repository.js';
import type { MeetingRepository } from '../../store/meeting-repository.js';
import type { MemberRepository } from '../../store/member-repository.js';
import type { LiveMeetingService } from '../../domain/meetings/live-meeting-service.js';
import { isNoteTaker, LIVE_NOTE_KINDS, type LiveMeeting } from '../../domain/meetings/live-meeting.js';
import { formatDue } from '../../domain/dates/due-date.js';
import {
  MAX_COMPARE,
  type InitiativesResponse,
  type ItemChangeResponse,
  type ItemsResponse,
  type LiveResponse,
  type MeetingsResponse,
  type MeResponse,
  type TabInitiative,
  type TabItem,
} from '../shared/api.js';
import type { BoardReports } from '../../report/board-reports.js';
import type { TabAccess } from './access.js';

/** At most this many items in one /api/tab/items answer (about 0.5 KB each); `total` says how many there are. */
export const TAB_ITEMS_LIMIT = 200;
/** Items are counted up to this many (a count that stops costs the same for any size). */
export const TAB_COUNT_CAP = 1_000;
/** At most this many items in an export (a file, not a view). */
export const EXPORT_ITEMS_LIMIT = 5_000;
import type { TabIdentity } from './auth.js';
import { itemsTable, roundsTable, toCsv, toXlsx, type Table } from './export.js';
import { TabHttpError } from './http-error.js';
import {
  boardOrder,
  meetingMatches,
  organisationList,
  OrganisationDirectory,
  tabCriteriaSets,
  today,
  toTabConversation,
  toTabInitiative,
  toTabItem,
  toTabMeeting,
  type Presenter,
} from './tab-data.js';

/**
 * The tab's API, independent of HTTP: each method takes the authenticated caller and the request's input and
 * returns the response body (or throws TabHttpError). src/tab/api/routes.ts maps it onto restify.
 */

export interface TabApiDeps {
  clock: Clock;
  timeZone: string;
  defaultLocale: Locale;
  access: TabAccess;
  items: Pick<ActionItemRepository, 'listForConversations' | 'countForConversations' | 'get'>;
  actionItems: ActionItemService;
  evaluations: EvaluationService;
  meetings: Pick<MeetingRepository, 'listMeetingsIn'>;
  members: Pick<MemberRepository, 'find'>;
  /** The board report ("Styrelserapport"). */
  reports: Pick<BoardReports, 'period' | 'build' | 'document'>;
  /** Called after the tab changed an item (the bot updates the item's card in its conversation). */
  onItemChanged(tenantId: string, item: ActionItem): Promise<void>;
  /** The meeting going on in a chat, for the side panel (#17); absent = the side panel shows none. */
  liveMeetings?: Pick<LiveMeetingService, 'current' | 'addNote' | 'removeNote'>;
  /** Called after the tab changed the live notes (the bot updates the notes card in the chat). */
  onLiveChanged?(tenantId: string, live: LiveMeeting): Promise<void>;
}

export interface Download {
  fileName: string;
  contentType: string;
  body: Buffer;
}

const keyParam = z.string().max(400).optional();
const idParam = z.string().min(1).max(100).regex(/^[A-Za-z0-9_.:-]+$/);
const changeBody = z.object({ revision: z.number().int().min(0) });
const queryParam = z.string().max(200).optional();
/**
 * Where a page of /api/tab/items starts: the `next` of the page before, `<open|done>~<list key>` (the last item's
 * state and list key: a due date or 9999, a creation time and an id, joined by `|`).
 */
const afterParam = z
  .string()
  .max(200)
  .regex(/^(open|done)~[0-9A-Za-z:. |_-]{1,190}$/)
  .transform((cursor) => ({ state: cursor.slice(0, 4) as 'open' | 'done', key: cursor.slice(5) }))
  .optional();

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

export class TabApi {
  constructor(private readonly deps: TabApiDeps) {}

  presenter(acceptLanguage: string | undefined): Presenter {
    const locale = localeFromTag(acceptLanguage?.split(',')[0]?.trim(), this.deps.defaultLocale);
    return { locale, t: translator(locale), now: this.deps.clock.now(), timeZone: this.deps.timeZone };
  }

  async me(user: TabIdentity, p: Presenter): Promise<MeResponse> {
    const conversations = await this.deps.access.visibleConversations(user);
    return {
      user: { name: user.name, tenantId: user.tenantId, aadObjectId: user.aadObjectId, dev: user.dev },
      locale: p.locale,
      conversations: conversations.map((c) => toTabConversation(c, p)),
      organisations: organisationList(p),
    };
  }

  /**
   * A page of the board's items: TAB_ITEMS_LIMIT in list order (open, then done), from where the page before ended
   * (`after`, its `next`), with `total` (counted up to TAB_COUNT_CAP) and `next` while there are more. Each page is
   * an index range per conversation that starts at the cursor (keyset paging), so a later page costs what the
   * first does.
   */
  async items(user: TabIdentity, p: Presenter, query: { conversation?: unknown; after?: unknown }): Promise<ItemsResponse> {
    const conversations = await this.deps.access.scope(user, parse(keyParam, query.conversation));
    const after = parse(afterParam, query.after);
    const [total, page, meetings] = await Promise.all([
      this.countItems(user, conversations),
      this.rawItems(user, conversations, TAB_ITEMS_LIMIT + 1, after),
      this.rawMeetings(user, conversations),
    ]);
    const raw = page.slice(0, TAB_ITEMS_LIMIT);
    const last = raw.at(-1);
    const items = await this.presentItems(user, conversations, p, raw, meetings);
    return { items, today: today(p), total, ...(page.length > TAB_ITEMS_LIMIT && last ? { next: `${listState(last)}~${listKey(last)}` } : {}) };
  }

  async changeItem(user: TabIdentity, p: Presenter, id: unknown, body: unknown, change: 'complete' | 'reopen'): Promise<ItemChangeResponse> {
    const itemId = parse(idParam, id);
    const { revision } = parse(changeBody, body);
    const item = await this.itemInTenant(user, itemId);
    const conversation = await this.deps.access.require(user, item.conversationKey);
    // Acting from the item's own conversation, which the caller was just checked to belong to.
    const actor = { person: { aadObjectId: user.aadObjectId, name: user.name }, conversationKey: conversation.key };
    const outcome = await this.deps.actionItems.act(user.tenantId, itemId, revision, actor, { type: change });
    if (!outcome.ok) {
      if (outcome.error.code === 'notFound') throw new TabHttpError(404, 'notFound', 'tabApi.error.itemNotFound');
      throw new TabHttpError(400, 'badRequest', 'tabApi.error.itemInvalid');
    }
    const { kind, item: changed } = outcome.value;
    if (kind === 'stale') throw new TabHttpError(409, 'conflict', 'tabApi.error.itemChanged');
    if (kind === 'changed') await this.deps.onItemChanged(user.tenantId, changed);
    const organisations = await this.organisations(user, [conversation], [changed]);
    return { item: toTabItem(changed, p, organisations, new Map()) };
  }

  /** The side panel: the live notes of the meeting going on in this conversation (#17). */
  async live(user: TabIdentity, p: Presenter, query: { conversation?: unknown }): Promise<LiveResponse> {
    const conversation = await this.deps.access.require(user, parse(z.string().min(1).max(400), query.conversation));
    const live = await this.deps.liveMeetings?.current(user.tenantId, conversation.key);
    return { live: live ? this.toTabLive(live, user, p) : null };
  }

  async addLiveNote(user: TabIdentity, p: Presenter, body: unknown): Promise<LiveResponse> {
    const input = parse(z.object({ conversation: z.string().min(1).max(400), kind: z.enum(LIVE_NOTE_KINDS), text: z.string().max(5_000) }), body);
    const conversation = await this.deps.access.require(user, input.conversation);
    const live = await this.deps.liveMeetings?.current(user.tenantId, conversation.key);
    if (!live || !this.deps.liveMeetings) throw new TabHttpError(404, 'notFound', 'tab.live.none');
    const outcome = await this.deps.liveMeetings.addNote({ tenantId: user.tenantId, id: live.id, conversationKey: conversation.key, kind: input.kind, text: input.text, by: { aadObjectId: user.aadObjectId, name: user.name } });
    if (!outcome.ok) throw new TabHttpError(400, 'badRequest', `error.live.${outcome.error.code}`, { name: live.noteTaker?.name ?? '' });
    await this.deps.onLiveChanged?.(user.tenantId, outcome.value.meeting);
    return { live: this.toTabLive(outcome.value.meeting, user, p) };
  }

  async removeLiveNote(user: TabIdentity, p: Presenter, id: unknown, body: unknown): Promise<LiveResponse> {
    const noteId = parse(idParam, id);
    const input = parse(z.object({ conversation: z.string().min(1).max(400) }), body);
    const conversation = await this.deps.access.require(user, input.conversation);
    const live = await this.deps.liveMeetings?.current(user.tenantId, conversation.key);
    if (!live || !this.deps.liveMeetings) throw new TabHttpError(404, 'notFound', 'tab.live.none');
    const outcome = await this.deps.liveMeetings.removeNote({ tenantId: user.tenantId, id: live.id, conversationKey: conversation.key, noteId, by: { aadObjectId: user.aadObjectId, name: user.name } });
    if (!outcome.ok) {
      const notFound = outcome.error.code === 'notFound';
      throw new TabHttpError(notFound ? 404 : 403, notFound ? 'notFound' : 'forbidden', notFound ? 'tab.live.none' : 'error.live.notNoteTaker', { name: live.noteTaker?.name ?? '' });
    }
    await this.deps.onLiveChanged?.(user.tenantId, outcome.value.meeting);
    return { live: this.toTabLive(outcome.value.meeting, user, p) };
  }

  private toTabLive(live: LiveMeeting, user: TabIdentity, p: Presenter): NonNullable<LiveResponse['live']> {
    const me = { aadObjectId: user.aadObjectId, name: user.name };
    const taker = isNoteTaker(live, me);
    return {
      id: live.id,
      title: live.title || p.t('live.brief.untitled'),
      status: live.status,
      ...(live.noteTaker ? { noteTaker: live.noteTaker.name } : {}),
      notes: live.notes.map((n) => ({
        id: n.id,
        kind: n.kind,
        text: n.text,
        line:
          n.kind === 'todo'
            ? p.t('live.notes.todoLine', { owner: n.ownerName ?? p.t('live.notes.noOwner'), due: n.due ? formatDue(n.due, p.locale, p.now, p.timeZone) : p.t('live.notes.noDue') })
            : n.by.name,
        removable: taker || n.by.aadObjectId === user.aadObjectId,
      })),
    };
  }

  async initiatives(user: TabIdentity, p: Presenter): Promise<InitiativesResponse> {
    return { criteriaSets: tabCriteriaSets(p), initiatives: await this.loadInitiatives(user, p) };
  }

  async radar(user: TabIdentity, p: Presenter, query: { initiatives?: unknown; initiative?: unknown; rounds?: unknown; theme?: unknown }): Promise<string> {
    const list = (value: unknown) => parse(z.string().max(2_000).optional(), value)?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
    const theme = query.theme === 'dark' ? 'dark' : 'light';
    const all = await this.loadInitiatives(user, p);
    let series: Array<{ label: string; result: NonNullable<TabInitiative['latest']> }>;
    if (query.initiative !== undefined) {
      const initiative = all.find((i) => i.id === parse(idParam, query.initiative));
      if (!initiative) throw new TabHttpError(404, 'notFound', 'tabApi.error.initiativeNotFound');
      const results = [...(initiative.latest ? [initiative.latest] : []), ...initiative.history];
      const wanted = list(query.rounds);
      const chosen = wanted.length ? wanted.map((id) => results.find((r) => r.roundId === id)) : results.slice(0, 1);
      if (chosen.some((r) => !r)) throw new TabHttpError(404, 'notFound', 'tabApi.error.roundNotFound');
      series = chosen.map((result) => ({ label: result!.closedLabel, result: result! }));
    } else {
      const ids = list(query.initiatives);
      series = ids.map((id) => {
        const initiative = all.find((i) => i.id === id);
        if (!initiative) throw new TabHttpError(404, 'notFound', 'tabApi.error.initiativeNotFound');
        if (!initiative.latest) throw new TabHttpError(400, 'badRequest', 'tabApi.error.noResult', { name: initiative.name });
        return { label: initiative.name, result: initiative.latest };
      });
    }
    if (series.length === 0 || series.length > MAX_COMPARE) throw new TabHttpError(400, 'badRequest', 'tabApi.error.compareCount', { max: MAX_COMPARE });
    const setId = series[0]!.result.criteriaSetId;
    if (series.some((s) => s.result.criteriaSetId !== setId)) throw new TabHttpError(400, 'badRequest', 'tabApi.error.differentCriteria');
    const set = criteriaSet(setId);
    if (!set) throw new TabHttpError(404, 'notFound', 'tabApi.error.roundNotFound');
    const value = (result: (typeof series)[number]['result'], id: string, field: 'mean' | 'min' | 'max') => result.criteria.find((c) => c.criterionId === id)?.[field];
    return radarSvg({
      axes: set.criteria.map((c) => c.name[p.locale]),
      series: series.map(({ label, result }) => ({
        label,
        values: set.criteria.map((c) => value(result, c.id, 'mean')),
        ...(series.length === 1 && result.criteria.some((c) => c.min !== undefined)
          ? { band: { min: set.criteria.map((c) => value(result, c.id, 'min')), max: set.criteria.map((c) => value(result, c.id, 'max')) } }
          : {}),
      })),
      legend: true,
      theme,
      decimal: p.locale === 'sv' ? ',' : '.',
    });
  }

  async meetingsList(user: TabIdentity, p: Presenter, query: { conversation?: unknown; q?: unknown }): Promise<MeetingsResponse> {
    const conversations = await this.deps.access.scope(user, parse(keyParam, query.conversation));
    const q = parse(queryParam, query.q) ?? '';
    const [meetings, items] = await Promise.all([this.rawMeetings(user, conversations), this.rawItems(user, conversations)]);
    const byId = new Map(items.map((item) => [item.id, item]));
    const organisations = await this.organisations(user, conversations, items, meetings);
    const shown = meetings
      .map((meeting) => toTabMeeting(meeting, byId, p, organisations))
      .filter((meeting) => meetingMatches(meeting, q))
      .sort((a, b) => b.date.localeCompare(a.date) || a.title.localeCompare(b.title, 'sv'));
    return { meetings: shown };
  }

  async exportItems(user: TabIdentity, p: Presenter, format: unknown, query: { conversation?: unknown }): Promise<Download> {
    const kind = parse(z.enum(['csv', 'xlsx']), format);
    const conversations = await this.deps.access.scope(user, parse(keyParam, query.conversation));
    const items = await this.loadItems(user, conversations, p, EXPORT_ITEMS_LIMIT);
    const titles = new Map(conversations.map((c) => [c.key, toTabConversation(c, p).title]));
    const organisationNames = new Map(organisationList(p).map((o) => [o.id, o.name]));
    return this.download(itemsTable(items, titles, organisationNames, p), kind, p, 'tabApi.export.itemsFile');
  }

  async exportRounds(user: TabIdentity, p: Presenter, format: unknown): Promise<Download> {
    const kind = parse(z.enum(['csv', 'xlsx']), format);
    return this.download(roundsTable(await this.loadInitiatives(user, p, true), p), kind, p, 'tabApi.export.roundsFile');
  }

  /**
   * The board report as a Word document, for what the caller may see: the conversation named (403 unless they belong
   * to it), or all their conversations; initiatives are the tenant's portfolio. ?from=&to= as YYYY-MM-DD (or any date
   * the bot understands); without them: since the last board meeting saved in those conversations.
   */
  async exportReport(user: TabIdentity, p: Presenter, query: { conversation?: unknown; from?: unknown; to?: unknown }): Promise<Download> {
    const conversations = await this.deps.access.scope(user, parse(keyParam, query.conversation));
    const dateParam = z.string().max(40).optional();
    const request = { from: parse(dateParam, query.from) || undefined, to: parse(dateParam, query.to) || undefined };
    const keys = conversations.map((c) => c.key);
    const period = await this.deps.reports.period(user.tenantId, keys, { ...(request.from ? { from: request.from } : {}), ...(request.to ? { to: request.to } : {}) });
    if ('code' in period) throw new TabHttpError(400, 'badRequest', 'tabApi.error.badRequest');
    const scope =
      conversations.length === 1 && parse(keyParam, query.conversation)
        ? toTabConversation(conversations[0]!, p).title
        : p.t('report.scope.person', { name: user.name, count: conversations.length });
    const report = await this.deps.reports.build(user.tenantId, keys, period);
    return this.deps.reports.document(report, p.locale, scope);
  }

  private async download(table: Table, kind: 'csv' | 'xlsx', p: Presenter, nameKey: 'tabApi.export.itemsFile' | 'tabApi.export.roundsFile'): Promise<Download> {
    const fileName = `${p.t(nameKey)}-${today(p)}.${kind}`;
    return { fileName, contentType: CONTENT_TYPES[kind], body: kind === 'csv' ? toCsv(table, p.locale) : await toXlsx(table) };
  }

  private async itemInTenant(user: TabIdentity, id: string): Promise<ActionItem> {
    const item = (await this.deps.items.get(user.tenantId, id))?.value;
    if (!item || item.deletedAt) throw new TabHttpError(404, 'notFound', 'tabApi.error.itemNotFound');
    return item;
  }

  /**
   * The board's items: the open ones in list order, then the done ones, at most `limit` in all (read by the store in
   * that order, so a conversation with years of history is not read whole for one view); with `after`, those after
   * that cursor.
   */
  private async rawItems(user: TabIdentity, conversations: Conversation[], limit = TAB_ITEMS_LIMIT, after?: { state: 'open' | 'done'; key: string }): Promise<ActionItem[]> {
    const keys = conversations.map((c) => c.key);
    const open = after?.state === 'done' ? [] : await this.deps.items.listForConversations(user.tenantId, keys, { state: 'open', limit, ...(after ? { after: after.key } : {}) });
    const room = limit - open.length;
    const doneAfter = after?.state === 'done' ? { after: after.key } : {};
    const done = room > 0 ? await this.deps.items.listForConversations(user.tenantId, keys, { state: 'done', limit: room, ...doneAfter }) : [];
    return [...open, ...done].slice(0, limit);
  }

  private async countItems(user: TabIdentity, conversations: Conversation[]): Promise<number> {
    const keys = conversations.map((c) => c.key);
    const [open, done] = await Promise.all([
      this.deps.items.countForConversations(user.tenantId, keys, { state: 'open', limit: TAB_COUNT_CAP }),
      this.deps.items.countForConversations(user.tenantId, keys, { state: 'done', limit: TAB_COUNT_CAP }),
    ]);
    return Math.min(open + done, TAB_COUNT_CAP);
  }

  private rawMeetings(user: TabIdentity, conversations: Conversation[]): Promise<Meeting[]> {
    return this.deps.meetings.listMeetingsIn(user.tenantId, conversations.map((c) => c.key));
  }

  private async loadItems(user: TabIdentity, conversations: Conversation[], p: Presenter, limit = TAB_ITEMS_LIMIT): Promise<TabItem[]> {
    const [items, meetings] = await Promise.all([this.rawItems(user, conversations, limit), this.rawMeetings(user, conversations)]);
    return this.presentItems(user, conversations, p, items, meetings);
  }

  /** Items as the board shows them (organisation, meeting, due label), in the board's order. */
  private async presentItems(user: TabIdentity, conversations: Conversation[], p: Presenter, items: ActionItem[], meetings: Meeting[]): Promise<TabItem[]> {
    const organisations = await this.organisations(user, conversations, items, meetings);
    const meetingDates = new Map(meetings.map((m) => [m.id, m.date]));
    return items.map((item) => toTabItem(item, p, organisations, meetingDates)).sort(boardOrder);
  }

  /** Initiatives are the tenant's portfolio (shared by its Core Teams); rounds are read for their spread (the latest, or every one). */
  private async loadInitiatives(user: TabIdentity, p: Presenter, everyRound = false): Promise<TabInitiative[]> {
    const initiatives = await this.deps.evaluations.initiatives(user.tenantId);
    const rounds = new Map<string, Round>();
    const wanted = initiatives.flatMap((i) => (everyRound ? i.results.map((r) => r.roundId) : i.latestResult ? [i.latestResult.roundId] : []));
    await Promise.all(
      [...new Set(wanted)].map(async (id) => {
        const round = await this.deps.evaluations.round(user.tenantId, id);
        if (round) rounds.set(id, round);
      }),
    );
    return initiatives.map((initiative) => toTabInitiative(initiative, rounds, p));
  }

  private async organisations(user: TabIdentity, conversations: Conversation[], items: ActionItem[], meetings?: Meeting[]): Promise<OrganisationDirectory> {
    const allMeetings = meetings ?? (await this.rawMeetings(user, conversations));
    const keys = new Set(items.flatMap((item) => item.assignees.map((a) => a.aadObjectId ?? a.id).filter((k): k is string => Boolean(k))));
    const emails = new Map<string, string | undefined>();
    await Promise.all([...keys].map(async (key) => emails.set(key, (await this.deps.members.find(user.tenantId, key))?.email)));
    return new OrganisationDirectory(allMeetings, emails);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new TabHttpError(400, 'badRequest', 'tabApi.error.badRequest');
  return parsed.data;
}
