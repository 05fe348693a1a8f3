import { cardContextOf, plainText } from '../card-context.js';
import type { CommandRoute } from '../router.js';
import { initiativeCard, initiativeFormCard } from '../evaluations/scoring-cards.js';

/** "nytt initiativ Ängsgärdet": the initiative form (prefilled when it exists already). */
export const newInitiativeCommand: CommandRoute = {
  name: 'new-initiative',
  patterns: [/^(?:nytt initiativ|ny initiativ|new initiative)(?:\s+(?<name>[\s\S]+))?$/i],
  help: { group: 'evaluations', usage: 'command.newInitiative.usage', description: 'command.newInitiative.description', order: 4 },
  async handle(request, match) {
    const name = (match.groups?.name ?? '').replace(/\s+/g, ' ').trim().slice(0, 120);
    const existing = name ? await request.services.evaluations.initiativeByName(request.tenantId, name) : undefined;
    const card = initiativeFormCard(existing ?? { name }, cardContextOf(request), [request.sender]);
    await request.reply(card);
  },
};

/** "initiativ Ängsgärdet": one initiative with its phase, owner and evaluation history. */
export const showInitiativeCommand: CommandRoute = {
  name: 'show-initiative',
  patterns: [/^(?:initiativ|initiative)\s+(?<name>[\s\S]+)$/i],
  async handle(request, match) {
    const name = (match.groups?.name ?? '').trim();
    const initiative = await request.services.evaluations.initiativeByName(request.tenantId, name);
    if (!initiative) {
      await request.reply(request.t('compare.error.unknown', { names: plainText(name) }));
      return;
    }
    await request.reply(initiativeCard(initiative, cardContextOf(request)));
  },
};
