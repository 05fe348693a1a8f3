import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FixedClock } from '../../src/domain/ports.js';
import { partitionKey, tenantPrefix } from '../../src/store/document-store.js';
import { storedItem } from './stored-item.js';
import { CHANNEL_ID, cardAction, message, PEOPLE, TENANT, where, type Person } from './activities.js';
import { formValues } from './card-text.js';
import { cardOf, type TestBot } from './test-app.js';

/**
 * A Core Team's month, made through real bot turns (POST /api/messages), for the tab's tests: att-göra items in
 * the channel (one becomes overdue), the 27 February minutes pasted and saved (a meeting with linked to-dos),
 * and two initiatives scored and closed. Afterwards the clock stands on Monday 4 March 2024, 10:00 in Stockholm.
 */

export const SEED_START = '2024-02-27T09:00:00Z';
export const SEED_NOW = '2024-03-04T09:00:00Z';
export const CHANNEL_KEY = `channel:${CHANNEL_ID}`;
export const CRITERIA = ['citizenValue', 'partnership', 'innovation', 'sustainability', 'focusAreaFit'] as const;

const MINUTES = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'seeds', 'core-team-2024-02-27-minutes.txt'), 'utf8');

export interface Seeded {
  channelKey: string;
  /** Item ids by a short name. */
  items: { ensamhetspengen: string; kpr: string; workshop: string };
  meetingId: string;
  initiatives: { maltider: string; angsgardet: string };
}

export async function seedCoreTeam(bot: TestBot & { clock: FixedClock }): Promise<Seeded> {
  const serviceUrl = bot.connector.url;
  const at = where.channel('1709030000000');
  bot.clock.set(SEED_START);
  const say = async (text: string, from: Person, mentions: Person[] = []) => {
    const response = await bot.post(message(text, { serviceUrl, from, at, mentionBot: true, mentions }));
    if (response.status !== 200) throw new Error(`"${text.slice(0, 40)}" answered ${response.status}`);
  };
  const click = async (verb: string, data: Record<string, unknown>, from: Person, replyToId?: string) => {
    const response = await bot.post(cardAction(verb, data, { serviceUrl, from, at, ...(replyToId ? { replyToId } : {}) }));
    if (response.status !== 200 || response.body?.statusCode !== 200) throw new Error(`${verb} answered ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    return response.body.value;
  };
  const items = async () => bot.app.store.container<any>('action-items').queryAcross(tenantPrefix(TENANT));
  const itemId = async (fragment: string) => {
    const found = (await items()).find((item: any) => item.title.includes(fragment));
    if (!found) throw new Error(`no item with "${fragment}"`);
    return found.id as string;
  };

  await say(`att-göra <at>${PEOPLE.petra.name}</at> skickar mail om ensamhetspengen senast fredag`, PEOPLE.petra, [PEOPLE.petra]);
  await say(`att-göra <at>${PEOPLE.christine.name}</at> tar fram underlag till KPR senast i morgon`, PEOPLE.petra, [PEOPLE.christine]);
  await say(`att-göra <at>${PEOPLE.johan.name}</at> bokar lokal till öppna verkstaden senast 2024-03-20`, PEOPLE.anne, [PEOPLE.johan]);

  // The minutes, pasted by the note-taker and saved from the preview.
  await say(`protokoll\n${MINUTES}`, PEOPLE.marianne);
  const preview = cardOf(bot.connector.sent.at(-1)!.body);
  const save = preview.actions.find((a: any) => a.verb === 'meeting.save');
  await click('meeting.save', { ...save.data, ...formValues(preview) }, PEOPLE.marianne, 'preview-seed');
  const [meeting] = await bot.app.store.container<any>('meetings').query(partitionKey(TENANT));

  const initiatives: Record<string, string> = {};
  const scoreSets: Record<string, number[][]> = {
    'Måltider och möten': [
      [4, 3, 5, 4, 4],
      [5, 4, 4, 3, 5],
      [3, 3, 4, 4, 4],
    ],
    Ängsgärdet: [
      [2, 4, 3, 3, 2],
      [3, 4, 2, 3, 3],
      [2, 5, 3, 4, 3],
    ],
  };
  const evaluators = [PEOPLE.christine, PEOPLE.johan, PEOPLE.anne];
  for (const [name, answers] of Object.entries(scoreSets)) {
    const before = new Set((await bot.app.store.container<any>('rounds').query(partitionKey(TENANT))).map((r: any) => r.id));
    const sentBefore = bot.connector.sent.length;
    await say(`bedöm ${name} ${evaluators.map((p) => `<at>${p.name}</at>`).join(' ')}`, PEOPLE.petra, evaluators);
    // A new name: the bot asks whether it is a new initiative; Petra adds it (focus area elderly, concept phase).
    const choice = bot.connector.sent.slice(sentBefore).map((c) => cardOf(c.body)).find((card) => card && JSON.stringify(card).includes('"round.start"'));
    if (choice) {
      const create = choice.body.flatMap((e: any) => e.actions ?? []).find((a: any) => a.verb === 'round.start' && a.data.create === 'new');
      await click('round.start', { ...create.data, focusArea: 'elderly', phase: 'concept' }, PEOPLE.petra);
    }
    const round = (await bot.app.store.container<any>('rounds').query(partitionKey(TENANT))).find((r: any) => !before.has(r.id));
    for (const [i, evaluator] of evaluators.entries()) {
      await click('round.submit', { roundId: round.id, ...Object.fromEntries(CRITERIA.map((id, k) => [`score_${id}`, String(answers[i]![k])])) }, evaluator);
    }
    // Stäng rundan asks first; Petra confirms.
    await click('round.close', { roundId: round.id }, PEOPLE.petra);
    await click('round.closeConfirmed', { roundId: round.id }, PEOPLE.petra);
    initiatives[name] = round.initiativeId;
  }

  bot.clock.set(SEED_NOW);
  return {
    channelKey: CHANNEL_KEY,
    items: { ensamhetspengen: await itemId('ensamhetspengen'), kpr: await itemId('KPR'), workshop: await itemId('öppna verkstaden') },
    meetingId: meeting.id,
    initiatives: { maltider: initiatives['Måltider och möten']!, angsgardet: initiatives['Ängsgärdet']! },
  };
}

