import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CHARTS_CONTAINER, ChartStore } from './charts/chart-store.js';
import type { Config } from './config.js';
import { ActionItemService } from './domain/action-items/action-item-service.js';
import { conversationKey as conversationKeyOf } from './domain/conversations/conversation.js';
import { MeetingService } from './domain/meetings/meeting-service.js';
import { systemClock, type Clock } from './domain/ports.js';
import { ReminderService } from './domain/reminders/reminder-service.js';
import { EvaluationService } from './domain/scoring/evaluation-service.js';
import { t } from './i18n/index.js';
import type { Logger } from './logger.js';
import { PROJECT_ROOT } from './paths.js';
import { ReminderScheduler } from './scheduler/reminder-scheduler.js';
import { Periodic } from './scheduler/periodic.js';
import { RoundCloser } from './scheduler/round-closer.js';
import { createHttpServer, type HttpServer } from './server.js';
import { ACTION_ITEMS_CONTAINER, ActionItemRepository } from './store/action-item-repository.js';
import { CONVERSATIONS_CONTAINER, ConversationRepository } from './store/conversation-repository.js';
import type { DocumentStore } from './store/document-store.js';
import { MEETING_DRAFTS_CONTAINER, MEETINGS_CONTAINER, MeetingRepository } from './store/meeting-repository.js';
import { LIVE_MEETINGS_CONTAINER, LiveMeetingRepository } from './store/live-meeting-repository.js';
import { LiveMeetingService } from './domain/meetings/live-meeting-service.js';
import { updatePostedNotesCard } from './teams/meetings/live-flow.js';
import { MEMBERS_CONTAINER, MemberRepository } from './store/member-repository.js';
import { openStore } from './store/open-store.js';
import { PROCESSED_ACTIVITIES_CONTAINER, TurnLedger } from './store/turn-ledger.js';
import { REMINDERS_CONTAINER, ReminderRepository } from './store/reminder-repository.js';
import { EXPORTS_CONTAINER, PrivacyRepository } from './store/privacy-repository.js';
import { REPORT_LINKS_CONTAINER, ReportLinkRepository } from './store/report-link-repository.js';
import { ReportService } from './domain/report/report-service.js';
import { BoardReports } from './report/board-reports.js';
import { PrivacyService } from './domain/privacy/privacy-service.js';
import { ANSWERS_CONTAINER, INITIATIVES_CONTAINER, ROUNDS_CONTAINER, ScoringRepository } from './store/scoring-repository.js';
import { createAdapter, createBotAuthentication, processRequest, type BotAuthEndpoints } from './teams/adapter.js';
import { ShkBot } from './teams/bot.js';
import { PeopleDirectory } from './teams/people.js';
import { BotConnectorTransport, ProactiveSender, type ConversationTransport } from './teams/proactive.js';
import { reminderDeliverer } from './teams/reminders/deliver.js';
import { attachmentRoutes, awaitingHandlers, cardActionRoutes, commandRoutes } from './teams/routes.js';
import { publishResult, RoundProgress } from './teams/evaluations/round-messages.js';
import type { BotServices } from './teams/services.js';
import { updatePostedItemCard } from './teams/action-items/act.js';
import { RosterMembership } from './teams/membership.js';
import { TabAccess, type ConversationMembership } from './tab/api/access.js';
import { createTabAuthenticator, type TabAuthenticator } from './tab/api/auth.js';
import { registerTabRoutes } from './tab/api/routes.js';
import { TabApi } from './tab/api/tab-api.js';

/** How often due reminders are looked for. */
export const REMINDER_INTERVAL_MS = 30_000;
export const REMINDER_LEASE_MS = 12 * 60_000;
/** Reminder candidates per round and deliveries in flight per instance (bench/reminders.ts runs with these). */
export const REMINDER_BATCH = 500;
export const REMINDER_CONCURRENCY = 100;
/** How often expired personal-data exports are deleted (their links live 15 minutes). */
const EXPORT_SWEEP_INTERVAL_MS = 5 * 60_000;

/** Every container the product uses; created at start-up (Cosmos) so no request pays for it. */
export const CONTAINERS = [
  CONVERSATIONS_CONTAINER,
  MEMBERS_CONTAINER,
  ACTION_ITEMS_CONTAINER,
  INITIATIVES_CONTAINER,
  ROUNDS_CONTAINER,
  ANSWERS_CONTAINER,
  CHARTS_CONTAINER,
  MEETINGS_CONTAINER,
  MEETING_DRAFTS_CONTAINER,
  LIVE_MEETINGS_CONTAINER,
  REMINDERS_CONTAINER,
  EXPORTS_CONTAINER,
  REPORT_LINKS_CONTAINER,
  PROCESSED_ACTIVITIES_CONTAINER,
] as const;

const VERSION = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface AppOverrides {
  clock?: Clock;
  store?: DocumentStore;
  /** Replaces the Bot Connector for proactive messages (benchmarks, failure tests). */
  transport?: ConversationTransport;
  /** Tests drive the background jobs themselves (runOnce with a fake clock). */
  manualJobs?: boolean;
  /** Quiet time before a round card's progress is updated (tests shorten it). */
  roundProgressDelayMs?: number;
  /** Shorter back-off for tests that exercise retries over real HTTP. */
  proactiveRetry?: { baseDelayMs?: number; maxRetryMs?: number };
  /** The tab's token check (tests sign tokens with their own keys). */
  tabAuthenticator?: TabAuthenticator;
  /** Who belongs to which conversation (tests ask the recording connector without Bot Framework credentials). */
  tabMembership?: ConversationMembership;
  /** Folder of the built tab client (default dist/tab). */
  tabStaticDir?: string;
  /** Where Bot Framework tokens are checked (tests: a local OpenID metadata / JWKS server). */
  botAuthEndpoints?: BotAuthEndpoints;
}

export interface App {
  config: Config;
  store: DocumentStore;
  services: BotServices;
  http: HttpServer;
  /** Background jobs (started by start()). */
  jobs: { roundCloser: RoundCloser; reminders: ReminderScheduler; exportSweeper: Periodic<number>; turnSweeper: Periodic<number> };
  /** Listens on config.port (0 = any free port); resolves the port. */
  start(): Promise<number>;
  /** Graceful stop: no new turns, in-flight turns finish, queued proactive messages settle, store closes. */
  stop(): Promise<void>;
}

/** The composition root: wires config, store, Teams layer and HTTP server. No globals, so tests can run many. */
export async function createApp(config: Config, logger: Logger, overrides: AppOverrides = {}): Promise<App> {
  const clock = overrides.clock ?? systemClock;
  const store =
    overrides.store ??
    (await openStore({ cosmos: config.cosmos, dataDir: config.dataDir, containers: [...CONTAINERS], createNew: config.createNewStore }));
  const conversations = new ConversationRepository(store, clock);
  const auth = createBotAuthentication(config, overrides.botAuthEndpoints);
  const adapter = createAdapter(auth, config, logger);
  const connector = new BotConnectorTransport(auth, config.bot.appId);
  const proactive = new ProactiveSender({
    transport: overrides.transport ?? connector,
    logger: logger.child({ component: 'proactive' }),
    // Rate limits are about real time towards Teams, so the sender keeps its own clock, not the domain's.
    ...overrides.proactiveRetry,
    onConversationGone: (address, reason) => conversations.markInactive(address.tenantId, conversationKeyOf(address), reason),
  });
  const members = new MemberRepository(store, clock);
  const people = new PeopleDirectory(members);
  const reminders = new ReminderService(new ReminderRepository(store, clock), clock, config.timeZone);
  /** Reminders follow items and meetings; a failure there is logged and never fails the change itself. */
  const follow = <T extends { id: string }>(what: string, sync: (value: T) => Promise<void>) => async (value: T) => {
    await sync(value).catch((error: unknown) => logger.warn({ err: error, [what]: value.id }, `could not update the reminders of a ${what}`));
  };
  const actionItemRepository = new ActionItemRepository(store);
  const actionItems = new ActionItemService(actionItemRepository, clock, config.timeZone, undefined, follow('actionItem', (item) => reminders.syncItem(item)));
  const charts = new ChartStore(store, clock);
  const evaluations = new EvaluationService(new ScoringRepository(store), charts, clock, config.timeZone);
  const meetingRepository = new MeetingRepository(store);
  const meetings = new MeetingService(meetingRepository, actionItems, clock, config.timeZone, undefined, follow('meeting', (meeting) => reminders.syncMeeting(meeting)));
  const liveMeetings = new LiveMeetingService(new LiveMeetingRepository(store), clock, config.timeZone);
  const privacy = new PrivacyService(new PrivacyRepository(store), clock);
  const scoring = new ScoringRepository(store);
  const reminderRepository = new ReminderRepository(store, clock);
  const membership = overrides.tabMembership ?? new RosterMembership(connector, logger.child({ component: 'tab' }));
  const access = new TabAccess(conversations, membership);
  const reports = new BoardReports({
    service: new ReportService(
      {
        initiatives: (tenantId) => scoring.listInitiatives(tenantId),
        round: async (tenantId, id) => (await scoring.getRound(tenantId, id))?.value,
        meetingsIn: (tenantId, keys) => meetingRepository.listMeetingsIn(tenantId, keys),
        // Every item that is not deleted: the open ones in list order, then the done ones.
        itemsIn: async (tenantId, keys) => [
          ...(await actionItemRepository.listForConversations(tenantId, keys, { state: 'open' })),
          ...(await actionItemRepository.listForConversations(tenantId, keys, { state: 'done' })),
        ],
        remindersIn: (tenantId, key) => reminderRepository.listForConversation(tenantId, key),
        emailOf: async (tenantId, key) => (await members.find(tenantId, key))?.email,
      },
      clock,
      config.timeZone,
    ),
    links: new ReportLinkRepository(store),
    clock,
    timeZone: config.timeZone,
    // The bot's own answer in a personal chat uses the tab's rules: the person's own chat, and the channels and
    // group chats Teams' roster says they belong to (never the dev shortcut: a chat always has a real sender).
    visibleConversations: (tenantId, person) => access.visibleConversations({ tenantId, aadObjectId: person.aadObjectId, name: person.name, dev: false }),
  });
  const roundProgress = new RoundProgress({ evaluations, conversations, proactive, config, clock, logger }, overrides.roundProgressDelayMs);
  const services: BotServices = {
    config,
    clock,
    logger,
    conversations,
    proactive,
    people,
    actionItems,
    evaluations,
    meetings,
    liveMeetings,
    reminders,
    privacy,
    charts,
    reports,
    roundProgress,
    commands: commandRoutes,
    cardActions: cardActionRoutes,
    awaiting: awaitingHandlers,
    attachments: attachmentRoutes,
  };
  const roundCloser = new RoundCloser(services, (round) => publishResult(services, round));
  // Personal-data exports nobody downloaded are deleted soon after their link expires.
  const exportSweeper = new Periodic(
    async () => (await privacy.sweepExpiredExports()) + (await reports.sweepExpired()),
    (error) => logger.error({ err: error }, 'could not delete expired data exports or report links'),
  );
  const reminderScheduler = new ReminderScheduler({
    repository: new ReminderRepository(store, clock),
    clock,
    deliver: reminderDeliverer(services),
    owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    // Longer than the proactive sender's retry budget (10 min), so a reminder still being retried through a
    // 429 storm is never re-claimed and sent twice by another instance; a crashed instance's claim waits this long.
    leaseMs: REMINDER_LEASE_MS,
    // A delivery waits in the sender's per-conversation queue while Teams' limits apply, so a pass takes many
    // at once; 500 due at the same minute covers a Monday-morning digest wave of a large tenant.
    batch: REMINDER_BATCH,
    concurrency: REMINDER_CONCURRENCY,
    logger: logger.child({ component: 'reminders' }),
    timeZone: config.timeZone,
  });
  const turns = new TurnLedger(store, clock);
  // Retried activities are remembered for a day; expired entries are deleted with the data exports' sweep.
  const turnSweeper = new Periodic(() => turns.sweep(), (error) => logger.error({ err: error }, 'could not delete expired activity ids'));
  const bot = new ShkBot(services, { turns });
  const tabApi = new TabApi({
    clock,
    timeZone: config.timeZone,
    defaultLocale: config.defaultLocale,
    access,
    reports,
    items: actionItemRepository,
    actionItems,
    evaluations,
    meetings: meetingRepository,
    members,
    onItemChanged: (tenantId, item) => updatePostedItemCard(services, tenantId, item),
    liveMeetings,
    onLiveChanged: (tenantId, live) => updatePostedNotesCard(services, tenantId, live),
  });
  const http = createHttpServer({
    logger,
    store,
    charts,
    version: VERSION,
    exports: {
      json: async (tenantId, token) => {
        const found = await privacy.readExport(tenantId, token);
        return found && JSON.stringify(found.data, null, 2);
      },
    },
    reports: { docx: (tenantId, token) => reports.download(tenantId, token) },
    messages: { process: (req, res) => processRequest(adapter, req, res, (context) => bot.run(context), logger) },
    extraRoutes: (server) =>
      registerTabRoutes(server, {
        api: tabApi,
        authenticator: overrides.tabAuthenticator ?? createTabAuthenticator(config, clock, { devName: t('tabApi.devUser', {}, config.defaultLocale) }),
        logger: logger.child({ component: 'tab' }),
        staticDir: overrides.tabStaticDir ?? join(PROJECT_ROOT, 'dist', 'tab'),
      }),
  });

  let stopping: Promise<void> | undefined;
  return {
    config,
    store,
    services,
    http,
    jobs: { roundCloser, reminders: reminderScheduler, exportSweeper, turnSweeper },
    async start() {
      charts.warmUp();
      const port = await http.listen(config.port, config.host);
      if (!overrides.manualJobs) {
        roundCloser.start();
        exportSweeper.start(EXPORT_SWEEP_INTERVAL_MS);
        turnSweeper.start(EXPORT_SWEEP_INTERVAL_MS);
        reminderScheduler.start(REMINDER_INTERVAL_MS);
      }
      return port;
    },
    stop() {
      stopping ??= (async () => {
        const { unfinished } = await http.drain(config.shutdownTimeoutMs);
        if (unfinished > 0) logger.warn({ unfinished }, 'stopped with turns still running');
        await roundCloser.stop();
        await exportSweeper.stop();
        await turnSweeper.stop();
        await reminderScheduler.stop();
        await roundProgress.drain();
        await proactive.close(config.shutdownTimeoutMs);
        await store.close();
      })();
      return stopping;
    },
  };
}
