/**
 * The words people type: what recognising a message costs, in-process, against the plain route match in the same
 * run. `npx tsx bench/phrasing.ts [--rounds 200]`
 *
 * - baseline: findCommand over the routes (what every message cost before: regexes on the text as written)
 * - ours: recognise (findCommand, then politeness/paraphrase normalising and findCommand again) and, for what
 *   still matches nothing, the nearest-command suggestion
 *
 * Inputs: the phrasings of test/teams/words-people-type.test.ts style (commands, paraphrases, typos, chat, no
 * command), and adversarial texts at the 2000-character cap (repeated politeness, one long word, many words) to
 * show the cost stays linear and bounded.
 */
import { suggestCommand } from '../src/domain/phrasing/suggest.js';
import { findCommand, recognise } from '../src/teams/router.js';
import { commandRoutes } from '../src/teams/routes.js';
import { commandTriggers } from '../src/teams/settings/understood.js';

const rounds = Number(process.argv[process.argv.indexOf('--rounds') + 1] || 200);

const typical = [
  'mina uppgifter', 'hjälp', 'att-göra skicka mail om ensamhetspengen senast fredag', 'påminn oss 2 april kl 9 om KPR-mötet',
  'hej', 'tack!', 'visa mina uppgifter', 'Kan du påminna mig på måndag om att ringa Matilda?', 'vad har jag för uppgifter',
  'Skulle du kunna visa mina försenade uppgifter, tack?', 'skapa en uppgift: skicka mail om ensamhetspengen senast fredag',
  'uppgiter', 'min uppgifter', 'påminelser', 'vad tycker du om fika?', 'Can you show my tasks please?', 'remindres',
];
const adversarial = [
  `kan du ${'snälla '.repeat(280)}visa mina uppgifter`.slice(0, 2000),
  'å'.repeat(2000),
  'kan du '.repeat(285).slice(0, 2000),
  Array.from({ length: 330 }, (_, i) => `ord${i}`).join(' ').slice(0, 2000),
  `${'hej, '.repeat(399)}tack`.slice(0, 2000),
];

const triggers = commandTriggers(commandRoutes);

function ours(text: string): unknown {
  const { found, understood } = recognise(commandRoutes, text);
  if (found || understood?.kind === 'greeting' || understood?.kind === 'thanks' || understood?.kind === 'farewell') return found;
  const basis = understood?.kind === 'command' ? understood.text : text;
  return basis.length <= 200 ? suggestCommand(basis, triggers) : undefined;
}
const baseline = (text: string): unknown => findCommand(commandRoutes, text);

function time(label: string, inputs: string[], run: (text: string) => unknown): number {
  for (const text of inputs) run(text); // warm up
  const started = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const text of inputs) run(text);
  const us = Number(process.hrtime.bigint() - started) / 1000 / (rounds * inputs.length);
  console.log(`${label.padEnd(34)} ${us.toFixed(2).padStart(8)} µs/message`);
  return us;
}

console.log(`${rounds} rounds; ${typical.length} typical and ${adversarial.length} adversarial (2000-character) texts\n`);
const b1 = time('baseline findCommand, typical', typical, baseline);
const o1 = time('ours recognise+suggest, typical', typical, ours);
const b2 = time('baseline findCommand, adversarial', adversarial, baseline);
const o2 = time('ours recognise+suggest, adversarial', adversarial, ours);
console.log(`\nours / baseline: typical ×${(o1 / b1).toFixed(1)}, adversarial ×${(o2 / b2).toFixed(1)}`);
console.log(`worst adversarial message in ours: ${Math.max(...adversarial.map((text) => time(`  ${JSON.stringify(text.slice(0, 16))}…`, [text], ours))).toFixed(1)} µs`);
