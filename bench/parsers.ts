/**
 * Parser cost on hostile input: `npx tsx bench/parsers.ts [--iterations 5] [--json]`.
 *
 * For each parser the Teams layer feeds with what a person types (dates, reminders, a new att-göra, a round's
 * text, the meeting look-up's date, the minutes) it times adversarial inputs of 2 KB, 20 KB and 200 KB. The in-run
 * baseline is a plain linear pass over the same text (split on white space + join), so the ratio parser / baseline
 * is the figure to compare between runs and machines; it must not grow with the size (the work is bounded:
 * commands are refused beyond 2 000 characters, the parsers read at most 2 000, the minutes at most
 * MINUTES_MAX_CHARS, which #16 is rewriting).
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseNewItem } from '../src/domain/action-items/parse-new-item.js';
import { parseDue, parseDueExact } from '../src/domain/dates/parse-due.js';
import { parseMinutes } from '../src/domain/meetings/parse-minutes.js';
import { parseReminder } from '../src/domain/reminders/parse-reminder.js';
import { plainText } from '../src/teams/card-context.js';
import { round, table } from './stats.js';

const { values: args } = parseArgs({ options: { iterations: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } } });
const iterations = Number(args.iterations);
const options = { now: new Date('2024-02-27T09:00:00Z'), timeZone: 'Europe/Stockholm' };

/** Repeats `unit` to `bytes` characters. */
const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

const PARSERS: Record<string, { unit: string; run: (text: string) => unknown }> = {
  'dates (parseDue)': { unit: 'kl 1 ', run: (t) => parseDue(t, options) },
  'dates, exact field': { unit: '1 ', run: (t) => parseDueExact(t, options) },
  'round text (bedöm …)': { unit: 'senast fredag kl 1 ', run: (t) => parseDue(`x ${t}`, options) },
  'meeting look-up (möte …)': { unit: '1 ', run: (t) => parseDue(t, options) },
  reminders: { unit: 'kl 9 varje måndag ', run: (t) => parseReminder('oss', t, options) },
  'new att-göra': { unit: '<at>x</at> senast ', run: (t) => parseNewItem(t, [], options) },
  'minutes (#16)': { unit: 'Beslut:\n- kl 1 senast fredag\n', run: (t) => parseMinutes(t, options) },
  'escaping (plainText)': { unit: '<at>[*\n# ', run: (t) => plainText(t) },
};

const baseline = (text: string) => text.split(/\s+/).join(' ').length;

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const rows: Array<Record<string, string | number>> = [];
for (const [name, { unit, run }] of Object.entries(PARSERS)) {
  for (const bytes of [2_000, 20_000, 200_000]) {
    const text = fill(unit, bytes);
    run(text); // warm-up
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < iterations; i++) {
      base.push(time(() => baseline(text)));
      ours.push(time(() => run(text)));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    rows.push({ parser: name, bytes, 'ms (median)': round(median(ours), 2), 'baseline ms': round(median(base), 3), ratio: round(median(ours) / Math.max(median(base), 0.001), 1) });
  }
}
if (args.json) console.log(JSON.stringify(rows, null, 2));
else console.log(table([Object.keys(rows[0]!), ...rows.map((r) => Object.values(r))]));
