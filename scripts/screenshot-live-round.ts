/**
 * Runs a whole evaluation round against the real bot (SQLite in a temp dir, recording connector as Teams'
 * service), then screenshots the round, answer and result cards as Teams would show them, with the radar chart
 * loaded from the bot's own /charts URL:   npx tsx scripts/screenshot-live-round.ts
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FixedClock } from '../src/domain/ports.js';
import { cardAction, message, PEOPLE, where } from '../test/helpers/activities.js';
import { cardOf, startTestBot } from '../test/helpers/test-app.js';

const out = 'screenshots/cards-json-live';
const bot = await startTestBot({ env: { PUBLIC_BASE_URL: 'http://127.0.0.1:0' }, overrides: { clock: new FixedClock('2024-02-27T09:00:00Z'), roundProgressDelayMs: 10 } });
try {
  // The port is only known once the bot listens, so chart URLs are pointed at it afterwards.
  const base = bot.url;
  const at = where.channel('1709030000000');
  const evaluators = [PEOPLE.christine, PEOPLE.johan, PEOPLE.anne];
  bot.connector.roster = Object.values(PEOPLE).map((p) => ({ id: p.id, name: p.name, aadObjectId: p.aadObjectId }));
  await bot.post(message(`bedöm Måltider och möten ${evaluators.map((p) => `<at>${p.name}</at>`).join(' ')} senast fredag`, { serviceUrl: bot.connector.url, from: PEOPLE.petra, at, mentionBot: true, mentions: evaluators }));
  const roundCard = cardOf(bot.connector.sent.at(-1)!.body);
  const roundId = roundCard.actions[0].data.roundId as string;
  const scores = [[4, 3, 4, 5, 4], [5, 4, 3, 4, 5], [3, 4, 4, 4, 4]];
  const ids = ['citizenValue', 'partnership', 'innovation', 'sustainability', 'focusAreaFit'];
  let answered: unknown;
  for (const [i, person] of evaluators.entries()) {
    const data = Object.fromEntries(ids.map((id, j) => [`score_${id}`, String(scores[i]![j])]));
    const response = await bot.post(cardAction('round.submit', { roundId, ...data, ...(i === 0 ? { comment_citizenValue: 'Stor efterfrågan bland seniorerna i Västerås.' } : {}) }, { serviceUrl: bot.connector.url, from: person, at }));
    answered = (await response.body).value;
  }
  await bot.post(message('stäng Måltider och möten', { serviceUrl: bot.connector.url, from: PEOPLE.petra, at, mentionBot: true }));
  const result = cardOf(bot.connector.sent.at(-1)!.body);
  const fix = (card: unknown) => JSON.parse(JSON.stringify(card).replaceAll('http://127.0.0.1:0', base));
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  await writeFile(join(out, 'live-round-sv.json'), JSON.stringify(roundCard));
  await writeFile(join(out, 'live-answered-sv.json'), JSON.stringify(answered));
  await writeFile(join(out, 'live-result-sv.json'), JSON.stringify(fix(result)));
  // Asynchronously: the bot in this process must keep serving the chart while the browser loads it.
  const shot = spawn(process.execPath, ['scripts/screenshot-cards.mjs', out, '--out', 'screenshots/cards-live', '--themes', 'light,dark'], { stdio: 'inherit' });
  process.exitCode = await new Promise<number>((resolve) => shot.on('exit', (code) => resolve(code ?? 1)));
} finally {
  await bot.stop();
}
