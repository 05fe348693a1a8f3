/**
 * Where a bot's CPU goes, from a `npm run bench -- --cpu-prof DIR` profile:
 *
 *   npx tsx bench/profile-summary.ts DIR/CPU.….<pid>.0.001.cpuprofile --turns 2200 [--top 25] [--functions]
 *
 * Self time (samples where the function itself was on top of the stack) grouped by npm package, src/ file or
 * Node internal module, counted from the first sample inside a botbuilder turn (so start-up and module loading
 * are left out), idle time excluded. With --turns (warm-up + measured requests the process served) it prints
 * µs per turn. Native work called from JavaScript (e.g. SQLite inside better-sqlite3) counts towards the caller.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { table } from './stats.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    turns: { type: 'string' },
    top: { type: 'string', default: '25' },
    functions: { type: 'boolean', default: false },
  },
});
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [--turns N] [--top 25] [--functions]\n');
  process.exit(64);
}

const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const inTurn = (id: number): boolean => {
  for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
    if (/processActivity|onTurn/.test(nodes.get(current)!.callFrame.functionName)) return true;
  }
  return false;
};

function bucket(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const own = /\/((src|bench|test)\/.*)$/.exec(url);
  return own ? own[1]! : url;
}

const byBucket = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
let started = false;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i]!;
  // timeDeltas[i] is the time before sample i; the time sample i stood for is the next delta.
  const us = profile.timeDeltas[i + 1] ?? 0;
  if (!started) {
    if (!inTurn(id)) continue;
    started = true;
  }
  const frame = nodes.get(id)!.callFrame;
  if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
  total += us;
  const name = bucket(frame);
  byBucket.set(name, (byBucket.get(name) ?? 0) + us);
  const fn = `${frame.functionName || '(anonymous)'}  ${name}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
}

const turns = values.turns ? Number(values.turns) : undefined;
const top = Number(values.top);
const rows = (map: Map<string, number>) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => [name, Math.round((us / total) * 1000) / 10, ...(turns ? [Math.round(us / turns)] : [])]);
const header = (what: string) => [what, '% busy', ...(turns ? ['µs/turn'] : [])];

process.stdout.write(`busy ${Math.round(total / 1000)} ms${turns ? `, ${Math.round(total / turns)} µs per turn` : ''} (from the first turn on, idle excluded)\n\n`);
process.stdout.write(`${table([header('self time by package / file'), ...rows(byBucket)])}\n`);
if (values.functions) process.stdout.write(`\n${table([header('self time by function'), ...rows(byFunction)])}\n`);
