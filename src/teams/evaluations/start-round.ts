import type { CommandRoute } from '../router.js';
import { beginRound } from './begin-round.js';

/** "@SHK-boten bedöm Måltider och möten @Petra Edoff @Johan Lindström senast fredag anonymt" */
export const startRoundCommand: CommandRoute = {
  name: 'start-round',
  patterns: [/^(?:bedöm|bedom|utvärdera|evaluate)(?=[\s:,]|$)[\s:,]*(?<rest>[\s\S]*)$/i],
  help: { group: 'evaluations', usage: 'command.evaluate.usage', description: 'command.evaluate.description', order: 0, onWelcome: true },
  async handle(request, match) {
    const mentions = await request.people.resolveMentions(request.mentions);
    let text = match.groups?.rest ?? '';
    for (const mention of mentions) text = text.split(mention.markup).join(' ');
    const outcome = await beginRound(request, { text, evaluators: mentions.map((m) => m.person) });
    if (outcome.kind === 'message') await request.reply(outcome.text);
    else if (outcome.kind === 'choose') await request.reply(outcome.card);
  },
};
