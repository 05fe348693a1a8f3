import { listItems } from './act.js';
import { listCard, type ListSpec } from './list-card.js';
import { cardContextOf } from '../card-context.js';
import type { CommandRoute, MessageRequest } from '../router.js';

const FILTERS: Record<string, ListSpec['filter']> = {
  försenade: 'overdue', forsenade: 'overdue', overdue: 'overdue', sena: 'overdue',
  alla: 'all', all: 'all',
  öppna: 'open', open: 'open',
};

async function sendList(request: MessageRequest, scope: ListSpec['scope'], filterWord: string | undefined): Promise<void> {
  const spec: ListSpec = { scope, filter: FILTERS[(filterWord ?? '').toLocaleLowerCase('sv-SE')] ?? 'open', page: 0 };
  const shared = scope === 'mine' && request.address.kind !== 'personal';
  const notice = shared ? { text: request.t('list.mine.sharedNote'), tone: 'default' as const } : undefined;
  const card = listCard(await listItems(request, spec), spec, cardContextOf(request), notice);
  await request.reply(card);
}

/** "uppgifter", "uppgifter försenade", "försenade", "alla uppgifter" — this conversation's items. */
export const listActionItemsCommand: CommandRoute = {
  name: 'list-action-items',
  patterns: [
    /^(?:uppgifter|tasks|att-göra-lista|todos)(?:\s+(?<filter>försenade|forsenade|overdue|alla|all|öppna|open))?$/i,
    /^(?<filter>försenade|overdue|alla|all)(?:\s+(?:uppgifter|tasks))?$/i,
  ],
  help: { group: 'actionItems', usage: 'command.tasks.usage', description: 'command.tasks.description', order: 1, onWelcome: true },
  handle: (request, match) => sendList(request, 'conversation', match.groups?.filter),
};

/** "mina uppgifter", "my tasks" — the sender's items across the tenant. */
export const myActionItemsCommand: CommandRoute = {
  name: 'my-action-items',
  patterns: [/^(?:mina uppgifter|mina att-göra|my tasks|my todos)(?:\s+(?<filter>försenade|forsenade|overdue|alla|all|öppna|open))?$/i],
  help: { group: 'actionItems', usage: 'command.myTasks.usage', description: 'command.myTasks.description', order: 2, onWelcome: true },
  handle: (request, match) => sendList(request, 'mine', match.groups?.filter),
};
