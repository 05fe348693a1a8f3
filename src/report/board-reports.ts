import { randomBytes } from 'node:crypto';
import type { Conversation } from '../domain/conversations/conversation.js';
import type { PersonRef } from '../domain/people/person.js';
import type { Clock } from '../domain/ports.js';
import type { BoardReport } from '../domain/report/board-report.js';
import { REPORT_LINK_TTL_MS, REPORT_TOKEN, type ReportLink, type ReportLinkStorage } from '../domain/report/report-link.js';
import type { PeriodProblem, PeriodRequest, ReportPeriod } from '../domain/report/report-period.js';
import type { ReportService } from '../domain/report/report-service.js';
import { translator, type Locale } from '../i18n/index.js';
import type { ChartCache } from '../charts/render-png.js';

export interface ReportFile {
  fileName: string;
  contentType: string;
  body: Buffer;
}

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The URL path a report link is opened under (served by src/server.ts). */
export const reportPath = (tenantId: string, token: string): string => `/reports/${encodeURIComponent(tenantId)}/${token}.docx`;

/**
 * The board report as files: made for a set of conversations (who may see which is decided by the caller, with the
 * tab's rules), directly (the tab's button) or through a short-lived link (the "rapport" command's card).
 */
export class BoardReports {
  /** The writer (docx, resvg) is loaded on the first report, not at start-up. */
  private writer?: Promise<{ write: typeof import('./board-report-docx.js').boardReportDocx; charts: ChartCache }>;

  constructor(
    private readonly deps: {
      service: ReportService;
      links: ReportLinkStorage;
      clock: Clock;
      timeZone: string;
      /** The conversations with the bot a person belongs to (the tab's access rules). */
      visibleConversations(tenantId: string, person: { aadObjectId: string; name: string }): Promise<Conversation[]>;
      newToken?: () => string;
    },
  ) {}

  visibleConversations(tenantId: string, person: { aadObjectId: string; name: string }): Promise<Conversation[]> {
    return this.deps.visibleConversations(tenantId, person);
  }

  period(tenantId: string, conversationKeys: string[], request: PeriodRequest): Promise<ReportPeriod | PeriodProblem> {
    return this.deps.service.period(tenantId, conversationKeys, request);
  }

  build(tenantId: string, conversationKeys: string[], period: ReportPeriod): Promise<BoardReport> {
    return this.deps.service.build(tenantId, conversationKeys, period);
  }

  async document(report: BoardReport, locale: Locale, scope: string): Promise<ReportFile> {
    this.writer ??= import('./board-report-docx.js').then((m) => ({ write: m.boardReportDocx, charts: m.reportChartCache() }));
    const { write, charts } = await this.writer;
    const body = await write(report, { locale, scope, timeZone: this.deps.timeZone, charts });
    return { fileName: `${translator(locale)('report.fileName')}-${report.period.from}-${report.period.to}.docx`, contentType: DOCX_TYPE, body };
  }

  /** Stores a link for the report; the document is made when the link is opened. */
  async createLink(input: { tenantId: string; conversationKeys: string[]; period: ReportPeriod; locale: Locale; scope: string; requestedBy: PersonRef }): Promise<{ token: string; expiresAt: string }> {
    const now = this.deps.clock.now();
    await this.deps.links.deleteExpired(input.tenantId, now.toISOString());
    const token = (this.deps.newToken ?? (() => randomBytes(16).toString('hex')))();
    if (!REPORT_TOKEN.test(token)) throw new RangeError('report token must be 32 hex characters');
    const expiresAt = new Date(now.getTime() + REPORT_LINK_TTL_MS).toISOString();
    const link: ReportLink = { id: token, ...input, conversationKeys: [...new Set(input.conversationKeys)], createdAt: now.toISOString(), expiresAt };
    await this.deps.links.create(link);
    return { token, expiresAt };
  }

  /** The document behind a link while it is valid; an expired link is deleted on the way. */
  async download(tenantId: string, token: string): Promise<ReportFile | undefined> {
    if (!REPORT_TOKEN.test(token) || tenantId.length === 0) return undefined;
    const link = await this.deps.links.get(tenantId, token);
    if (!link || link.tenantId !== tenantId) return undefined;
    if (Date.parse(link.expiresAt) <= this.deps.clock.now().getTime()) {
      await this.deps.links.remove(tenantId, token);
      return undefined;
    }
    const report = await this.build(tenantId, link.conversationKeys, link.period);
    return this.document(report, link.locale, link.scope);
  }

  /** Background clean-up of every tenant's expired links. */
  sweepExpired(): Promise<number> {
    return this.deps.links.deleteExpired(undefined, this.deps.clock.now().toISOString());
  }
}
