import { plainText } from '../card-context.js';
import type { CommandRoute } from '../router.js';
import { closeRoundFor } from './close.js';

/** "stäng Måltider och möten": the creator closes the open round for that initiative here. */
export const closeRoundCommand: CommandRoute = {
  name: 'close-round',
  patterns: [/^(?:stäng|stang|close)(?:\s+(?:rundan\s+(?:för\s+)?|the round for\s+)?(?<name>.+))?$/i],
  help: { group: 'evaluations', usage: 'command.closeRound.usage', description: 'command.closeRound.description', order: 1 },
  async handle(request, match) {
    const name = (match.groups?.name ?? '').trim();
    const round = name ? await request.services.evaluations.openRoundByName(request.tenantId, request.conversationKey, name) : undefined;
    if (!round) {
      await request.reply(request.t('error.closeRound.notFound', { text: plainText(name) }));
      return;
    }
    const problem = await closeRoundFor(request, round.id);
    if (problem) await request.reply(problem);
  },
};
