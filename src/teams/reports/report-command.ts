import { splitPeriodText, type PeriodProblem } from '../../domain/report/report-period.js';
import { reportPath } from '../../report/board-reports.js';
import { cardContextOf } from '../card-context.js';
import type { CommandRoute, MessageRequest } from '../router.js';
import { conversationTitleOf } from './scope-title.js';
import { boardReportCard } from './report-card.js';

/**
 * "@SHK-boten rapport [från ‹datum›] [till ‹datum›]" (also "styrelserapport", "report [from …] [to …]"): the board
 * report as a Word document behind a link that works for 15 minutes.
 *
 * Who sees what. In a channel or group chat the answer is read by everyone there, so the report covers what that
 * conversation holds (its meetings, att-göra and reminders) and the tenant's initiatives, which the tab also shows
 * every member; anyone who can read the card may open the link. In the personal chat it covers every channel and
 * chat with the bot the sender belongs to (Teams' roster, as in the tab) and the link is theirs alone.
 */

export const reportCommand: CommandRoute = {
  name: 'report',
  patterns: [/^(?:styrelse)?rapport(?:en)?(?:\s+(?<period>[\s\S]*))?$/i, /^(?:board\s+)?report(?:\s+(?<period>[\s\S]*))?$/i],
  help: { group: 'meetings', usage: 'command.report.usage', description: 'command.report.description', order: 50 },
  async handle(request, match) {
    const { services, tenantId, t } = request;
    const asked = splitPeriodText(match.groups?.period ?? '');
    if (!asked) {
      await request.reply(t('report.error.usage'));
      return;
    }
    const personal = request.address.kind === 'personal';
    let keys: string[];
    let scope: string;
    if (personal) {
      const aadObjectId = request.sender.aadObjectId;
      if (!aadObjectId) {
        await request.reply(t('report.error.noIdentity'));
        return;
      }
      const visible = await services.reports.visibleConversations(tenantId, { aadObjectId, name: request.sender.name });
      keys = [...new Set([request.conversationKey, ...visible.map((c) => c.key)])];
      scope = t('report.scope.person', { name: request.sender.name, count: keys.length });
    } else {
      keys = [request.conversationKey];
      scope = t('report.scope.conversation', { name: conversationTitleOf(request.conversation, t) });
    }
    const period = await services.reports.period(tenantId, keys, asked);
    if ('code' in period) {
      await request.reply(problemText(period, request));
      return;
    }
    const report = await services.reports.build(tenantId, keys, period);
    const { token, expiresAt } = await services.reports.createLink({ tenantId, conversationKeys: keys, period, locale: request.locale, scope, requestedBy: request.sender });
    services.logger.info({ tenantId, conversations: keys.length, from: period.from, to: period.to }, 'board report link created');
    const url = `${services.config.publicBaseUrl}${reportPath(tenantId, token)}`;
    await request.reply(boardReportCard(report, { url, expiresAt }, personal ? { kind: 'personal', conversations: keys.length } : { kind: 'shared' }, cardContextOf(request)));
  },
};

function problemText(problem: PeriodProblem, request: MessageRequest): string {
  const { t } = request;
  switch (problem.code) {
    case 'badDate':
      // The typed text is echoed inside the message: keep it short and free of markdown.
      return t('report.error.badDate', { text: problem.text.slice(0, 40).replace(/[\\`*_[\]~<>]/g, '') });
    case 'fromInFuture':
      return t('report.error.fromInFuture', { from: problem.from });
    case 'toBeforeFrom':
      return t('report.error.toBeforeFrom', { from: problem.from, to: problem.to });
    case 'tooLong':
      return t('report.error.tooLong', { days: problem.maxDays });
  }
}
