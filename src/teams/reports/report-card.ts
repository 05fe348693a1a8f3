import { formatDateTime } from '../../domain/dates/due-date.js';
import type { BoardReport } from '../../domain/report/board-report.js';
import type { CardContext } from '../card-context.js';
import { renderCard, type AdaptiveCard } from '../cards.js';

/** The answer to "rapport": what the report holds in three figures, and its download link (valid 15 minutes). */
export function boardReportCard(
  report: BoardReport,
  download: { url: string; expiresAt: string },
  audience: { kind: 'shared' } | { kind: 'personal'; conversations: number },
  c: CardContext,
): AdaptiveCard {
  const day = (date: string) => {
    const [y, m, d] = date.split('-').map(Number);
    return new Intl.DateTimeFormat(c.locale === 'sv' ? 'sv-SE' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y!, m! - 1, d!)));
  };
  const initiatives = report.focusAreas.reduce((n, f) => n + f.initiatives.length, 0);
  const decisions = report.decisions.reduce((n, g) => n + g.decisions.length, 0);
  return renderCard('board-report', {
    title: c.t('report.card.title'),
    text: c.t('report.card.text', { from: day(report.period.from), to: day(report.period.to) }),
    facts: [
      { title: c.t('report.card.facts.initiatives'), value: String(initiatives) },
      { title: c.t('report.card.facts.decisions'), value: String(decisions) },
      { title: c.t('report.card.facts.overdue'), value: String(report.actionItems.totals.overdue) },
    ],
    scope: audience.kind === 'shared' ? c.t('report.card.scope.shared') : c.t('report.card.scope.personal', { count: audience.conversations }),
    expires: c.t('report.card.expires', { time: formatDateTime(new Date(download.expiresAt), c.locale, c.timeZone) }),
    downloadLabel: c.t('report.card.download'),
    downloadUrl: download.url,
  });
}
