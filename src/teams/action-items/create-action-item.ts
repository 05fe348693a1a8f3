import { AppError } from '../../errors.js';
import { AlreadyDoneError } from '../../domain/ports.js';
import type { CreateOutcome } from '../../domain/action-items/action-item-service.js';
import { itemCard } from './item-card.js';
import { cardContextOf, plainText } from '../card-context.js';
import { errorKey } from '../failure.js';
import type { CommandRoute } from '../router.js';

/** Longest text accepted after "att-göra" (a title is at most 500 characters; the rest is who and when). */
const MAX_COMMAND_TEXT = 2_000;

/** "@SHK-boten att-göra @Petra Edoff skicka mail om ensamhetspengen senast fredag" */
export const createActionItemCommand: CommandRoute = {
  name: 'create-action-item',
  patterns: [/^(?:att-göra|att göra|attgöra|ny uppgift|uppgift|todo|to-do|to do)(?=[\s:,]|$)[\s:,]*(?<rest>[\s\S]*)$/i],
  help: { group: 'actionItems', usage: 'command.todo.usage', description: 'command.todo.description', order: 0, onWelcome: true },
  // A retried activity makes the same item id, and its create is refused (one write fewer than claiming the turn).
  selfDeduplicating: true,
  async handle(request, match) {
    const { services, t } = request;
    const rest = match.groups?.rest ?? '';
    if (rest.length > MAX_COMMAND_TEXT) throw new AppError('textTooLong', { length: rest.length, max: MAX_COMMAND_TEXT });
    const mentions = await request.people.resolveMentions(request.mentions);
    let outcome: CreateOutcome;
    try {
      outcome = await services.actionItems.createFromText({
        tenantId: request.tenantId,
        conversationKey: request.conversationKey,
        text: rest,
        mentions,
        sender: request.sender,
        requestKey: request.turn.key,
      });
    } catch (error) {
      if (!(error instanceof AlreadyDoneError)) throw error;
      services.logger.info({ command: 'create-action-item', conversationId: request.address.conversationId }, 'retried message ignored (already handled)');
      return;
    }
    if (!outcome.ok) {
      const detail = String(outcome.error.detail ?? '');
      await request.reply(t(errorKey('actionItems', outcome.error), { text: plainText(detail), max: detail }));
      return;
    }
    const created = outcome.value;
    const posted = await request.post(itemCard(created.item, cardContextOf(request)));
    if (posted) await services.actionItems.attachCard(request.tenantId, created.item.id, posted, created);
  },
};
