import { criteriaSet } from '../../domain/scoring/criteria.js';
import { cardContextOf } from '../card-context.js';
import type { CommandRoute } from '../router.js';
import { compareCard } from '../evaluations/scoring-cards.js';

export const MAX_COMPARED = 5;

/** "jämför Måltider och möten, Ängsgärdet, Salus mea": latest results on one radar. */
export const compareInitiativesCommand: CommandRoute = {
  name: 'compare-initiatives',
  patterns: [/^(?:jämför|jamfor|compare)(?:\s+(?<names>[\s\S]+))?$/i],
  help: { group: 'evaluations', usage: 'command.compare.usage', description: 'command.compare.description', order: 3 },
  async handle(request, match) {
    const { services, t } = request;
    const names = [...new Set((match.groups?.names ?? '').split(/,|;|\s+och\s+|\s+and\s+/i).map((n) => n.trim()).filter(Boolean))];
    if (names.length < 2 || names.length > MAX_COMPARED) {
      await request.reply(t('compare.error.needNames'));
      return;
    }
    const { found, unknown } = await services.evaluations.findInitiatives(request.tenantId, names);
    if (unknown.length > 0) {
      await request.reply(t('compare.error.unknown', { names: unknown.join(', ') }));
      return;
    }
    const without = found.filter((i) => !i.latestResult);
    if (without.length > 0) {
      await request.reply(t('compare.error.noResults', { names: without.map((i) => i.name).join(', ') }));
      return;
    }
    const setIds = new Set(found.map((i) => i.latestResult!.criteriaSetId));
    if (setIds.size > 1) {
      await request.reply(t('compare.error.mixedCriteria'));
      return;
    }
    const set = criteriaSet([...setIds][0]!)!;
    const chartPath = await services.charts.compare(request.tenantId, found, set, request.locale);
    await request.reply(compareCard(found, set, chartPath, cardContextOf(request), services.config.publicBaseUrl));
  },
};
