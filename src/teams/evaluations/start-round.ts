import type { StartProblem } from '../../domain/scoring/evaluation-service.js';
import type { MessageKey } from '../../i18n/index.js';
import { cardContextOf } from '../card-context.js';
import type { CommandRoute } from '../router.js';
import { roundCard } from './scoring-cards.js';

const PROBLEMS: Record<StartProblem, MessageKey> = {
  emptyName: 'evaluate.error.emptyName',
  nameTooLong: 'evaluate.error.nameTooLong',
  unknownCriteria: 'evaluate.error.unknownCriteria',
  deadlineInPast: 'evaluate.error.deadlineInPast',
  deadlineInvalid: 'evaluate.error.deadlineInvalid',
};

/** "@SHK-boten bedöm Måltider och möten @Petra Edoff @Johan Lindström senast fredag anonymt" */
export const startRoundCommand: CommandRoute = {
  name: 'start-round',
  patterns: [/^(?:bedöm|bedom|utvärdera|evaluate)(?=[\s:,]|$)[\s:,]*(?<rest>[\s\S]*)$/i],
  help: { group: 'evaluations', usage: 'command.evaluate.usage', description: 'command.evaluate.description', order: 0, onWelcome: true },
  async handle(request, match) {
    const { services, t } = request;
    const mentions = await request.people.resolveMentions(request.mentions);
    let text = match.groups?.rest ?? '';
    for (const mention of mentions) text = text.split(mention.markup).join(' ');
    const started = await services.evaluations.startRound({
      tenantId: request.tenantId,
      conversationKey: request.conversationKey,
      text,
      evaluators: mentions.map((m) => m.person),
      createdBy: request.sender,
    });
    if (!started.ok) {
      await request.reply(t(PROBLEMS[started.problem], { text: started.detail ?? '', max: started.detail ?? '' }));
      return;
    }
    if (started.created) await request.reply(t('round.createdInitiative', { name: started.initiative.name }));
    const posted = await request.post(roundCard(started.round, 0, cardContextOf(request)));
    if (posted) await services.evaluations.recordCard(request.tenantId, started.round.id, { card: posted });
  },
};
