import { criteriaSet } from '../../domain/scoring/criteria.js';
import { cardContextOf, plainText } from '../card-context.js';
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
    // Names are separated by commas; "och"/"and" separates only where the whole text is not a name itself
    // ("jämför Måltider och möten, Ängsgärdet" compares two initiatives, "jämför Ängsgärdet och Salus mea" too).
    const parts = (match.groups?.names ?? '').split(/[,;]/).map((n) => n.trim()).filter(Boolean);
    if (parts.length > MAX_COMPARED) {
      await request.reply(t('compare.error.needNames'));
      return;
    }
    const names: string[] = [];
    for (const part of parts) {
      const pieces = part.split(/\s+(?:och|and)\s+/i).map((n) => n.trim()).filter(Boolean);
      if (pieces.length > 1 && !(await services.evaluations.initiativeByName(request.tenantId, part))) {
        const split = await services.evaluations.findInitiatives(request.tenantId, pieces);
        if (split.unknown.length === 0) {
          names.push(...pieces);
          continue;
        }
      }
      names.push(part);
    }
    const unique = [...new Set(names)];
    if (unique.length < 2 || unique.length > MAX_COMPARED) {
      await request.reply(t('compare.error.needNames'));
      return;
    }
    const { found, unknown } = await services.evaluations.findInitiatives(request.tenantId, unique);
    if (unknown.length > 0) {
      await request.reply(t('compare.error.unknown', { names: plainText(unknown.join(', ')) }));
      return;
    }
    const without = found.filter((i) => !i.latestResult);
    if (without.length > 0) {
      await request.reply(t('compare.error.noResults', { names: plainText(without.map((i) => i.name).join(', ')) }));
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
