import { cardAction, executeActions, type PEOPLE } from './activities.js';
import { cardOf } from './card-text.js';
import type { TestBot } from './test-app.js';

type Person = (typeof PEOPLE)[keyof typeof PEOPLE];

/**
 * "bedöm <new name>" answers with a choice card (is it a new initiative, or one of these?). Presses "new initiative"
 * on the choice card posted since `since` (an index into the connector's sent messages), as the person who asked.
 * Returns whether there was a choice to make.
 */
export async function chooseNewInitiative(
  bot: TestBot,
  options: { since: number; from: Person; at: any; focusArea?: string; phase?: string },
): Promise<boolean> {
  const choice = bot.connector.sent
    .slice(options.since)
    .map((c) => cardOf(c.body))
    .find((card) => card && executeActions(card).some((a) => a.verb === 'round.start'));
  if (!choice) return false;
  const create = executeActions(choice).find((a) => a.data.create === 'new')!;
  const data = { ...create.data, focusArea: options.focusArea ?? 'elderly', phase: options.phase ?? 'concept' };
  await bot.post(cardAction('round.start', data, { serviceUrl: bot.connector.url, from: options.from, at: options.at }));
  return true;
}
