/**
 * The round card as each person sees it, driven through the real bot (SQLite in a temp dir, recording connector
 * as Teams' service): the shared card, then every viewer's own view as their Teams client gets it from the
 * card's refresh (trigger "automatic"), and the creator's controls. Light theme, 500 px and 320 px (a phone):
 *   npx tsx scripts/screenshot-round-views.ts
 */
import { spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FixedClock } from '../src/domain/ports.js';
import { cardAction, cardRefresh, executeActions, message, PEOPLE, where } from '../test/helpers/activities.js';
import { cardOf, startTestBot } from '../test/helpers/test-app.js';

const out = 'screenshots/cards-json-round-views';
const bot = await startTestBot({ overrides: { clock: new FixedClock('2024-02-27T09:00:00Z'), roundProgressDelayMs: 10 } });
const cards: Record<string, unknown> = {};
try {
  const serviceUrl = bot.connector.url;
  const at = where.channel('1709030000000');
  const evaluators = [PEOPLE.christine, PEOPLE.johan, PEOPLE.anne];
  bot.connector.roster = Object.values(PEOPLE).map((p) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId }));
  const invoke = async (verb: string, data: Record<string, unknown>, from: (typeof PEOPLE)[keyof typeof PEOPLE], replyToId: string) =>
    (await bot.post(cardAction(verb, data, { serviceUrl, from, at, replyToId }))).body.value;

  // "bedöm Måltider o möten": a name no initiative has yet → the choice card; Petra adds it.
  await bot.post(message(`bedöm Måltider och möten ${evaluators.map((p) => `<at>${p.name}</at>`).join(' ')} senast fredag`, { serviceUrl, from: PEOPLE.petra, at, mentionBot: true, mentions: evaluators }));
  const choice = cardOf(bot.connector.sent.at(-1)!.body);
  cards['choice-new'] = choice;
  const create = executeActions(choice).find((a) => a.data.create === 'new')!;
  await invoke('round.start', { ...create.data, focusArea: 'elderly', phase: 'pilot' }, PEOPLE.petra, bot.connector.sent.at(-1)!.responseId!);
  const posted = bot.connector.sent.at(-1)!;
  const activityId = posted.responseId!;
  const shared = cardOf(posted.body);
  cards['shared'] = shared;
  const roundId = (shared as any).refresh.action.data.roundId as string;
  await bot.post(message(`bedöm Måltider o möten <at>${PEOPLE.johan.name}</at>`, { serviceUrl, from: PEOPLE.petra, at, mentionBot: true, mentions: [PEOPLE.johan] }));
  cards['choice-did-you-mean'] = cardOf(bot.connector.sent.at(-1)!.body);

  const ids = ['citizenValue', 'partnership', 'innovation', 'sustainability', 'focusAreaFit'];
  const scores = [[4, 3, 4, 5, 4], [5, 4, 3, 4, 5]];
  for (const [i, person] of evaluators.slice(0, 2).entries()) {
    await invoke('round.submit', { roundId, ...Object.fromEntries(ids.map((id, j) => [`score_${id}`, String(scores[i]![j])])) }, person, activityId);
  }
  await bot.connector.waitFor(() => bot.connector.updates.some((u) => u.activityId === activityId));
  const updated = cardOf(bot.connector.updates.filter((u) => u.activityId === activityId).at(-1)!.body);
  cards['shared-after-answers'] = updated;
  const view = async (person: (typeof PEOPLE)[keyof typeof PEOPLE]) => (await bot.post(cardRefresh(updated, { serviceUrl, from: person, at, replyToId: activityId }))).body.value;
  cards['view-evaluator-answered'] = await view(PEOPLE.christine);
  cards['view-evaluator-not-answered'] = await view(PEOPLE.anne);
  cards['view-bystander'] = await view(PEOPLE.marianne);
  const petra = await view(PEOPLE.petra);
  cards['view-creator'] = petra;
  cards['creator-reminded'] = await invoke('round.remind', { roundId }, PEOPLE.petra, activityId);
  const asked = await invoke('round.close', { roundId }, PEOPLE.petra, activityId);
  cards['creator-confirm-close'] = asked;
  cards['creator-closed'] = await invoke('round.closeConfirmed', { roundId }, PEOPLE.petra, activityId);
  const closedShared = cardOf(bot.connector.updates.filter((u) => u.activityId === activityId).at(-1)!.body);
  cards['shared-closed'] = closedShared;
  cards['view-evaluator-closed'] = (await bot.post(cardRefresh(closedShared, { serviceUrl, from: PEOPLE.christine, at, replyToId: activityId }))).body.value;
  cards['creator-reopened'] = await invoke('round.reopen', { roundId }, PEOPLE.petra, activityId);

  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  for (const [name, card] of Object.entries(cards)) await writeFile(join(out, `round-${name}-sv.json`), JSON.stringify(card));
} finally {
  await bot.stop();
}
for (const [width, dir] of [['500', 'screenshots/cards-round-views'], ['320', 'screenshots/cards-round-views-320']] as const) {
  const shot = spawnSync(process.execPath, ['scripts/screenshot-cards.mjs', out, '--out', dir, '--themes', 'light', '--width', width, '--full-width', width === '320' ? '320' : '760'], { stdio: 'inherit' });
  if (shot.status !== 0) process.exitCode = shot.status ?? 1;
}
