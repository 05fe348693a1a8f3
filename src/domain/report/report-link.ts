import type { Locale } from '../../i18n/index.js';
import type { PersonRef } from '../people/person.js';
import type { ReportPeriod } from './report-period.js';

/**
 * A short-lived download link for a board report (like "mina data"): a random token that stands for what was asked
 * (the period, the conversations the asker could see at that moment, the language). The document is made when the
 * link is opened, from the data as it then is; after REPORT_LINK_TTL_MS the link answers 404 and the record goes.
 */

export const REPORT_LINK_TTL_MS = 15 * 60_000;
export const REPORT_TOKEN = /^[0-9a-f]{32}$/;

export interface ReportLink {
  id: string;
  tenantId: string;
  conversationKeys: string[];
  period: ReportPeriod;
  locale: Locale;
  /** What the report is based on, as printed on the cover. */
  scope: string;
  requestedBy: PersonRef;
  createdAt: string;
  expiresAt: string;
}

export interface ReportLinkStorage {
  create(link: ReportLink): Promise<void>;
  get(tenantId: string, id: string): Promise<ReportLink | undefined>;
  remove(tenantId: string, id: string): Promise<void>;
  /** Deletes the links (of one tenant, or of every tenant) that expired at or before `now`; resolves how many. */
  deleteExpired(tenantId: string | undefined, now: string): Promise<number>;
}
