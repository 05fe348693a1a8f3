import type { ActionItem } from '../action-items/action-item.js';
import type { Initiative } from '../initiatives/initiative.js';
import type { Meeting } from '../meetings/meeting.js';
import { OrganisationDirectory } from '../people/organisation-directory.js';
import type { Clock } from '../ports.js';
import type { Reminder } from '../reminders/reminder.js';
import type { Round } from '../scoring/round.js';
import { buildBoardReport, type BoardReport } from './board-report.js';
import { resolvePeriod, type PeriodProblem, type PeriodRequest, type ReportPeriod } from './report-period.js';

/** What the board report reads (src/store repositories, wired in src/app.ts). */
export interface ReportSources {
  initiatives(tenantId: string): Promise<Initiative[]>;
  round(tenantId: string, id: string): Promise<Round | undefined>;
  meetingsIn(tenantId: string, conversationKeys: string[]): Promise<Meeting[]>;
  itemsIn(tenantId: string, conversationKeys: string[]): Promise<ActionItem[]>;
  /** Reminders still to be sent in one conversation. */
  remindersIn(tenantId: string, conversationKey: string): Promise<Reminder[]>;
  /** The e-mail the roster gave for a person (Teams id or AAD object id), for their organisation. */
  emailOf(tenantId: string, key: string): Promise<string | undefined>;
}

/**
 * Assembles a board report for a reader. The caller decides which conversations the reader may see (the same
 * rules as the tab); initiatives are the tenant's shared portfolio, as in the tab.
 */
export class ReportService {
  constructor(
    private readonly sources: ReportSources,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  /** The period a request means (defaults from the board meetings in these conversations), or what is wrong with it. */
  async period(tenantId: string, conversationKeys: string[], request: PeriodRequest): Promise<ReportPeriod | PeriodProblem> {
    const meetings = await this.sources.meetingsIn(tenantId, conversationKeys);
    return resolvePeriod(request, meetings, this.clock.now(), this.timeZone);
  }

  async build(tenantId: string, conversationKeys: string[], period: ReportPeriod): Promise<BoardReport> {
    const keys = [...new Set(conversationKeys)];
    const [initiatives, meetings, items, reminders] = await Promise.all([
      this.sources.initiatives(tenantId),
      this.sources.meetingsIn(tenantId, keys),
      this.sources.itemsIn(tenantId, keys),
      Promise.all(keys.map((key) => this.sources.remindersIn(tenantId, key))).then((lists) => lists.flat()),
    ]);
    const rounds = new Map<string, Round>();
    await Promise.all(
      initiatives.flatMap((i) => (i.latestResult ? [i.latestResult.roundId] : [])).map(async (id) => {
        const round = await this.sources.round(tenantId, id);
        if (round && round.tenantId === tenantId) rounds.set(id, round);
      }),
    );
    const people = new Set(items.flatMap((item) => item.assignees.map((a) => a.aadObjectId ?? a.id).filter((k): k is string => Boolean(k))));
    const emails = new Map<string, string | undefined>();
    await Promise.all([...people].map(async (key) => emails.set(key, await this.sources.emailOf(tenantId, key))));
    const organisations = new OrganisationDirectory(meetings, emails);
    return buildBoardReport({
      tenantId,
      period,
      now: this.clock.now(),
      timeZone: this.timeZone,
      initiatives,
      rounds,
      meetings,
      items,
      reminders,
      organisationOf: (person) => organisations.of(person),
    });
  }
}
