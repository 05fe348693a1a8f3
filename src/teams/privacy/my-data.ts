import { cardContextOf } from '../card-context.js';
import { confirmEraseCard, exportPath, myDataCard } from './privacy-cards.js';
import type { CommandRoute, MessageRequest } from '../router.js';

/**
 * "mina data" / "radera mina data": a person's right of access and right to erasure. Only in the personal chat:
 * what is stored about someone is for their eyes only, and a channel must not show a button that erases its
 * sender. Elsewhere the bot says where to ask and changes nothing.
 */

async function inPersonalChatOnly(request: MessageRequest): Promise<boolean> {
  if (request.address.kind === 'personal') return true;
  await request.reply(request.t('privacy.onlyPersonal'));
  return false;
}

export const myDataCommand: CommandRoute = {
  name: 'my-data',
  patterns: [/^(?:mina data|min data|my data|my personal data)$/i],
  help: { group: 'general', usage: 'command.myData.usage', description: 'command.myData.description', order: 10 },
  async handle(request) {
    if (!(await inPersonalChatOnly(request))) return;
    const { services, tenantId, user } = request;
    const { token, expiresAt, summary } = await services.privacy.createExport(tenantId, user);
    const url = `${services.config.publicBaseUrl}${exportPath(tenantId, token)}`;
    services.logger.info({ tenantId }, 'personal data export created');
    await request.reply(myDataCard(user, summary, { url, expiresAt }, cardContextOf(request)));
  },
};

export const deleteMyDataCommand: CommandRoute = {
  name: 'delete-my-data',
  patterns: [/^(?:radera mina data|ta bort mina data|delete my data|erase my data)$/i],
  help: { group: 'general', usage: 'command.deleteMyData.usage', description: 'command.deleteMyData.description', order: 11 },
  async handle(request) {
    if (!(await inPersonalChatOnly(request))) return;
    await request.reply(confirmEraseCard(request.user, cardContextOf(request)));
  },
};
