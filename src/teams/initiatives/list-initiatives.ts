import { cardContextOf } from '../card-context.js';
import type { CommandRoute } from '../router.js';
import { initiativeListCard } from '../evaluations/scoring-cards.js';

/** "initiativ": every initiative of the tenant with phase and latest mean. */
export const listInitiativesCommand: CommandRoute = {
  name: 'list-initiatives',
  patterns: [/^(?:initiativ|initiativen|initiatives)$/i],
  help: { group: 'evaluations', usage: 'command.initiatives.usage', description: 'command.initiatives.description', order: 2 },
  async handle(request) {
    const initiatives = await request.services.evaluations.initiatives(request.tenantId);
    await request.reply(initiativeListCard(initiatives, cardContextOf(request)));
  },
};
