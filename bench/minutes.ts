/**
 * Minutes reader on hostile input: `npx tsx bench/minutes.ts [--iterations 5] [--json]`.
 *
 * Each input is about 200 KB (MINUTES_MAX_CHARS). The in-run baseline is ordinary minutes of the same size (the
 * corpus in test/fixtures/minutes, concatenated until 200 KB): what reading that much real text costs. Every hostile
 * shape is timed against it, interleaved (baseline, shape, baseline, shape …) so machine noise spreads evenly; the
 * figure to compare between runs is the ratio hostile / baseline. A ratio near 1 means the shape costs what text of
 * its size costs: no backtracking. The last column is the time at 200 KB over the time at 100 KB of the same shape:
 * about 2 is linear, about 4 would be quadratic.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { MINUTES_MAX_CHARS, parseMinutes } from '../src/domain/meetings/parse-minutes.js';
import { hostileMinutes } from '../test/fixtures/minutes/hostile.js';
import { percentile, round, table } from './stats.js';

const { values: args } = parseArgs({ options: { iterations: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } } });
const iterations = Math.max(1, Number(args.iterations));
const options = { now: new Date('2026-01-28T09:00:00Z'), timeZone: 'Europe/Stockholm' };

const dir = join(import.meta.dirname, '..', 'test', 'fixtures', 'minutes');
const corpus = readdirSync(dir)
  .filter((f) => /\.(txt|md)$/.test(f))
  .map((f) => readFileSync(join(dir, f), 'utf8'))
  .join('\n\n');
let baseline = '';
while (baseline.length < MINUTES_MAX_CHARS) baseline += `${corpus}\n\n`;
baseline = baseline.slice(0, MINUTES_MAX_CHARS);

const time = (text: string) => {
  const started = performance.now();
  parseMinutes(text, options);
  return performance.now() - started;
};

parseMinutes(baseline, options); // warm up chrono and the regular expressions
const rows: Array<Record<string, string | number>> = [];
const halves = hostileMinutes(MINUTES_MAX_CHARS / 2);
for (const [name, text] of Object.entries(hostileMinutes(MINUTES_MAX_CHARS))) {
  const base: number[] = [];
  const ours: number[] = [];
  const half: number[] = [];
  for (let i = 0; i < iterations; i++) {
    base.push(time(baseline));
    ours.push(time(text));
    half.push(time(halves[name]!));
  }
  half.sort((a, b) => a - b);
  base.sort((a, b) => a - b);
  ours.sort((a, b) => a - b);
  const b = percentile(base, 50);
  const o = percentile(ours, 50);
  rows.push({ input: name, kB: round(text.length / 1024, 0), 'baseline p50 ms': round(b, 1), 'hostile p50 ms': round(o, 1), 'hostile max ms': round(ours.at(-1)!, 1), ratio: round(o / b, 2), 'growth 100→200 kB': round(o / percentile(half, 50), 2) });
}
if (args.json) console.log(JSON.stringify(rows, null, 2));
else console.log(table([Object.keys(rows[0]!), ...rows.map((r) => Object.values(r))]));
