/**
 * Concurrent evaluation answers: N evaluators answer one round through POST /api/messages (invoke
 * `adaptiveCard/action`, verb `round.submit`), in slices interleaved with the bare echo bot answering the very same
 * invokes in its invoke response (the same reply path), with re-submits and retried activities in the mix, on our
 * bot with SQLite and with Cosmos (@azure/cosmos against @vercel/cosmosdb-server). Counts the store calls per answer
 * and checks every response, the progress updates and the closed round's exact means. See bench/README.md.
 * `npx tsx bench/answers.ts --help` lists the flags.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { criteriaSet, DEFAULT_CRITERIA_SET } from '../src/domain/scoring/criteria.js';
import type { Answer, Round } from '../src/domain/scoring/round.js';
import { t } from '../src/i18n/index.js';
import { cardAction, executeActions, message, PEOPLE, TENANT, where, type Person, type Where } from '../test/helpers/activities.js';
import { cardOf, cardText } from '../test/helpers/card-text.js';
import { postActivity } from '../test/helpers/http.js';
import { boundLifetime, startChild, type Child } from './children.js';
import { startConnector, type ConnectorHandle } from './connector.js';
import type { ProcessStats } from './ipc.js';
import { intFlag, percentile, round, summariseLatencies, table, type LatencySummary } from './stats.js';

const HELP = `Usage: npx tsx bench/answers.ts [flags]

  --answers N             evaluators answering each SQLite round, one first answer each (default 200)
  --concurrency LIST      comma list: one SQLite round per concurrency (default 200,16; C >= a slice sends it at once)
  --slices S              each round's requests in S slices, interleaved with echo slices (default 4)
  --resubmit-share X      per slice after the first: this share of the previous slice's evaluators answer again
                          with other scores (default 0.1)
  --retry-share X         per slice after the first: this share of the previous slice's activities is POSTed
                          again unchanged (Teams' retry; same activity id) (default 0.05)
  --cosmos-answers N      evaluators of the Cosmos round (cosmosdb-server), 0 = no Cosmos run (default 50)
  --cosmos-concurrency C  concurrency of the Cosmos round (default 16)
  --warmup N              answers on a warm-up round per bot, and echo requests, not counted (default 50)
  --settle-ms MS          how long to wait for the round card's last progress update (default 8000)
  --timeout-ms MS         per-request timeout (default 30000)
  --max-seconds S         hard limit for the whole run (default 150)
  --json                  print machine-readable results (only) on stdout
  --verbose               pass the children's stderr through
`;

const { values: flags } = parseArgs({
  options: {
    answers: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '200,16' },
    slices: { type: 'string', default: '4' },
    'resubmit-share': { type: 'string', default: '0.1' },
    'retry-share': { type: 'string', default: '0.05' },
    'cosmos-answers': { type: 'string', default: '50' },
    'cosmos-concurrency': { type: 'string', default: '16' },
    warmup: { type: 'string', default: '50' },
    'settle-ms': { type: 'string', default: '8000' },
    'timeout-ms': { type: 'string', default: '30000' },
    'max-seconds': { type: 'string', default: '150' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const shareFlag = (name: string, value: string | undefined): number => {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new Error(`--${name} must be between 0 and 1`);
  return n;
};
const answerCount = intFlag('answers', flags.answers, 1, 100_000);
const concurrencies = flags.concurrency!.split(',').map((c) => intFlag('concurrency', c.trim(), 1, 4096));
const sliceCount = intFlag('slices', flags.slices, 1, 100);
const resubmitShare = shareFlag('resubmit-share', flags['resubmit-share']);
const retryShare = shareFlag('retry-share', flags['retry-share']);
const cosmosAnswers = intFlag('cosmos-answers', flags['cosmos-answers'], 0, 100_000);
const cosmosConcurrency = intFlag('cosmos-concurrency', flags['cosmos-concurrency'], 1, 4096);
const warmup = intFlag('warmup', flags.warmup, 0, 100_000);
const settleMs = intFlag('settle-ms', flags['settle-ms'], 0, 60_000);
const timeoutMs = intFlag('timeout-ms', flags['timeout-ms'], 100, 300_000);
const maxSeconds = intFlag('max-seconds', flags['max-seconds'], 5, 3600);

const log = (text: string) => process.stderr.write(`${text}\n`);

// ---------------------------------------------------------------- what the evaluators send

const SET = criteriaSet(DEFAULT_CRITERIA_SET)!;
const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';
/** What the cards say (Swedish: the channel has no language set, and sv is the default). */
const says = (name: string) => ({ saved: t('answered.heading', { name }), replaced: t('answered.replaced', { name }), duplicate: t('turn.duplicate') });

/** Evaluator i's scores (1–5); `version` 1 for a re-submit (other scores). */
const scoresOf = (i: number, version: number): number[] => SET.criteria.map((_, c) => ((i * (c + 2) + c + version * 3) % 5) + 1);
const formData = (scores: number[]) => Object.fromEntries(SET.criteria.map((criterion, c) => [`score_${criterion.id}`, String(scores[c])]));

function evaluators(n: number, prefix: string): Person[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `29:${prefix}-evaluator-${i}`,
    name: `Utvärderare ${i}`,
    aadObjectId: `00000000-0000-4000-9${String(prefix.length).padStart(3, '0')}-${String(i).padStart(12, '0')}`,
  }));
}

type Kind = 'answer' | 'resubmit' | 'retry';
interface Planned {
  kind: Kind;
  evaluator: number;
  body: string;
}

/**
 * The round's requests in slices: slice k holds the first answers of its share of the evaluators and, from the
 * second slice on, re-submits (new activities, other scores) of the first evaluators of the previous slice and
 * retries (the same body, same activity id) of the last activities of the previous slice, shuffled in. Slices run
 * one after the other, so what each evaluator's answer is in the end is known.
 */
function plan(n: number, slices: number, activity: (evaluator: number, scores: number[]) => Record<string, unknown>): { slices: Planned[][]; final: Map<number, number[]> } {
  const final = new Map<number, number[]>();
  const out: Planned[][] = [];
  let previous: Planned[] = [];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (let k = 0; k < slices; k++) {
    const firsts: Planned[] = [];
    for (let i = Math.floor((k * n) / slices); i < Math.floor(((k + 1) * n) / slices); i++) {
      const scores = scoresOf(i, 0);
      final.set(i, scores);
      firsts.push({ kind: 'answer', evaluator: i, body: JSON.stringify(activity(i, scores)) });
    }
    const extras: Planned[] = [];
    const earlier = previous.filter((p) => p.kind === 'answer');
    for (const p of earlier.slice(0, Math.ceil(earlier.length * resubmitShare))) {
      const scores = scoresOf(p.evaluator, 1);
      final.set(p.evaluator, scores);
      extras.push({ kind: 'resubmit', evaluator: p.evaluator, body: JSON.stringify(activity(p.evaluator, scores)) });
    }
    for (const p of earlier.slice(earlier.length - Math.ceil(earlier.length * retryShare))) extras.push({ kind: 'retry', evaluator: p.evaluator, body: p.body });
    const slice = [...firsts, ...extras];
    for (let i = slice.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [slice[i], slice[j]] = [slice[j]!, slice[i]!];
    }
    out.push(slice);
    previous = firsts;
  }
  return { slices: out, final };
}

/** The result the bot must compute from the final answers: sum / count per criterion, so exactly equal. */
function expectedResult(final: Map<number, number[]>) {
  const all = [...final.values()];
  const criteria = SET.criteria.map((criterion, c) => {
    const values = all.map((s) => s[c]!);
    return { criterionId: criterion.id, mean: values.reduce((x, v) => x + v, 0) / values.length, min: Math.min(...values), max: Math.max(...values), count: values.length };
  });
  const withValues = criteria.filter((c) => c.count > 0);
  return { criteria, overallMean: withValues.reduce((x, c) => x + c.mean, 0) / withValues.length, answers: all.length };
}

// ---------------------------------------------------------------- process lifetime: everything bounded

const { cleanupSync, watchdog } = boundLifetime({ name: 'answers', maxSeconds, cleanup: () => undefined });

// ---------------------------------------------------------------- the load loop

interface Sent {
  latencyMs: number;
  outcome: number | string;
  body?: any;
}

async function runConcurrent(url: string, bodies: string[], concurrency: number, deadline: number): Promise<{ elapsedMs: number; sent: Sent[] }> {
  const sent = new Array<Sent>(bodies.length);
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const index = next++;
      if (Date.now() > deadline) {
        sent[index] = { latencyMs: Number.NaN, outcome: 'NotSent(deadline)' };
        continue;
      }
      const start = performance.now();
      try {
        const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[index]!, signal: AbortSignal.timeout(timeoutMs) });
        const text = await response.text();
        const latencyMs = performance.now() - start;
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        sent[index] = { latencyMs, outcome: response.status, body };
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        sent[index] = { latencyMs: performance.now() - start, outcome: e.name === 'TimeoutError' ? 'Timeout' : `${e.name}${e.cause?.code ? `(${e.cause.code})` : ''}` };
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  return { elapsedMs: performance.now() - started, sent };
}

const post = (url: string, activity: Record<string, unknown>) => postActivity(url, activity, { timeoutMs });
const cpuOf = (before: ProcessStats, after: ProcessStats) => after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs;
const diff = (a: Record<string, number> = {}, b: Record<string, number> = {}): Record<string, number> =>
  Object.fromEntries(Object.entries(a).map(([key, value]) => [key, value - (b[key] ?? 0)]).filter(([, value]) => value !== 0));

// ---------------------------------------------------------------- one measured round

interface Side {
  requests: number;
  elapsedMs: number;
  throughput: number;
  latencyMs: LatencySummary;
  errors: number;
  cpuUsPerRequest: number;
  /** Per slice: requests/s. */
  bySlice: number[];
}

interface RoundRun {
  store: 'sqlite' | 'cosmos';
  concurrency: number;
  roundId: string;
  requests: Record<Kind, number>;
  ours: Side;
  echo: Side;
  throughputRatio: number;
  /** ours ÷ echo per slice pair. */
  sliceRatios: number[];
  cpuRatio: number;
  /** "bygger på K svar" on the answered cards, per slice (min–max): the round grows while the cost must not. */
  countSeenBySlice: Array<{ min: number; max: number }>;
  /** Our bot's p50 latency per slice, ms. */
  p50BySlice: number[];
  progressUpdates: number;
  progressShown: number[];
  /** From the first slice to the last progress update: every store call of the bot, by container.method. */
  storeCalls: Record<string, number>;
  /** Store calls per answer turn (first answers and re-submits), without the retries' and progress updates' own. */
  storeCallsPerAnswerTurn: number;
  /** With --store cosmos: the SDK's HTTP requests at the server per request of the slice. */
  httpPerRequest?: number;
  storeUsPerRequest: number;
  /** Store time per request by container.method (µs; SQLite: the call's whole cost; Cosmos: until the request is sent). */
  storeUsByKind: Record<string, number>;
  checks: string[];
  problems: string[];
}

interface Bot {
  name: string;
  store: 'sqlite' | 'cosmos';
  child: Child;
  connector: ConnectorHandle;
  url: string;
}

let thread = 1_712_000_000_000;

/** "@SHK-boten bedöm <name>" from Petra in a new thread (a new initiative: chosen on the card the bot asks with). */
async function startRound(bot: Bot, name: string, at: Where): Promise<{ roundId: string; cardActivityId: string }> {
  const serviceUrl = bot.connector.url;
  const since = Date.now();
  const activity = message(`bedöm ${name}`, { serviceUrl, from: PEOPLE.petra, at, mentionBot: true });
  const response = await post(bot.url, activity);
  if (response.status !== 200) throw new Error(`${bot.name}: "bedöm ${name}": HTTP ${response.status}`);
  const cards = async () => (await bot.connector.calls({ kinds: ['reply', 'send'], since })).map((c) => cardOf(c.body)).filter(Boolean);
  const choice = (await cards()).find((card) => executeActions(card).some((a) => a.verb === 'round.start'));
  if (choice) {
    const create = executeActions(choice).find((a) => a.data.create === 'new')!;
    const chosen = await post(bot.url, cardAction('round.start', { ...create.data, focusArea: 'elderly', phase: 'concept' }, { serviceUrl, from: PEOPLE.petra, at }));
    if (chosen.status !== 200) throw new Error(`${bot.name}: round.start: HTTP ${chosen.status}`);
  }
  const roundCard = (await cards()).find((card) => card.refresh?.action?.data?.roundId || executeActions(card).some((a) => a.verb === 'round.open'));
  const roundId = (roundCard?.refresh?.action?.data?.roundId ?? executeActions(roundCard ?? {}).find((a) => a.verb === 'round.open')?.data.roundId) as string | undefined;
  if (!roundId) throw new Error(`${bot.name}: "bedöm ${name}": no round card with a round id`);
  const stored = await bot.child.call<{ round?: Round }>('round', 10_000, { tenantId: TENANT, id: roundId });
  if (!stored.round?.card?.activityId) throw new Error(`${bot.name}: round ${roundId} not stored with its card id`);
  return { roundId, cardActivityId: stored.round.card.activityId };
}

async function runRound(bot: Bot, echo: Bot, concurrency: number, n: number, name: string, deadline: number, measured = true): Promise<RoundRun> {
  const at = where.channel(String(thread++));
  const { roundId, cardActivityId } = await startRound(bot, name, at);
  const people = evaluators(n, `${bot.store}${thread}`);
  const serviceUrl = bot.connector.url;
  const { slices, final } = plan(n, measured ? sliceCount : 1, (i, scores) =>
    cardAction('round.submit', { roundId, ...formData(scores) }, { serviceUrl, from: people[i]!, at, replyToId: cardActivityId }),
  );
  const text = says(name);
  const checks: string[] = [];
  const problems: string[] = [];
  const problemCounts: Record<string, number> = {};
  const requests: Record<Kind, number> = { answer: 0, resubmit: 0, retry: 0 };
  const ours = { sent: [] as Sent[], elapsedMs: 0, cpuUs: 0, bySlice: [] as number[], errors: 0 };
  const base = { sent: [] as Sent[], elapsedMs: 0, cpuUs: 0, bySlice: [] as number[], errors: 0 };
  const countSeenBySlice: Array<{ min: number; max: number }> = [];
  const p50BySlice: number[] = [];
  const problem = (p: string) => (problemCounts[p] = (problemCounts[p] ?? 0) + 1);

  const storeBefore = await bot.child.stats();
  const firstSentAt = Date.now();
  for (let k = 0; k < slices.length; k++) {
    const slice = slices[k]!;
    const bodies = slice.map((p) => p.body);
    for (const p of slice) requests[p.kind]++;
    const runOurs = async () => {
      const before = await bot.child.stats();
      const run = await runConcurrent(bot.url, bodies, concurrency, deadline);
      const after = await bot.child.stats();
      ours.cpuUs += cpuOf(before, after);
      ours.elapsedMs += run.elapsedMs;
      ours.sent.push(...run.sent);
      ours.bySlice.push(round((run.sent.filter((s) => s.outcome === 200).length / run.elapsedMs) * 1000, 1));
      p50BySlice.push(round(percentile(Float64Array.from(run.sent.map((s) => s.latencyMs)).sort(), 50), 2));
      const ks: number[] = [];
      run.sent.forEach((s, i) => {
        const p = slice[i]!;
        const b = s.body;
        if (s.outcome !== 200) return (ours.errors++, problem(`${p.kind}: ${typeof s.outcome === 'number' ? `HTTP ${s.outcome}` : s.outcome}`));
        if (b?.statusCode !== 200) return (ours.errors++, problem(`${p.kind}: invoke statusCode ${b?.statusCode}`));
        if (p.kind === 'retry') {
          if (b.type !== MESSAGE_TYPE || b.value !== text.duplicate) return (ours.errors++, problem('retry: not answered "already done"'));
          return;
        }
        if (b.type !== CARD_TYPE) return (ours.errors++, problem(`${p.kind}: answered ${b.type}`));
        const cardTextValue = cardText(b.value);
        const want = p.kind === 'answer' ? text.saved : text.replaced;
        if (!cardTextValue.includes(want)) return (ours.errors++, problem(`${p.kind}: card does not say ${JSON.stringify(want)}`));
        const seen = /bygger på (\d+) svar/.exec(cardTextValue);
        if (seen) ks.push(Number(seen[1]));
        else return (ours.errors++, problem(`${p.kind}: card without "bygger på K svar"`));
      });
      countSeenBySlice.push({ min: ks.length ? Math.min(...ks) : Number.NaN, max: ks.length ? Math.max(...ks) : Number.NaN });
    };
    const runEcho = async () => {
      const before = await echo.child.stats();
      const run = await runConcurrent(echo.url, bodies, concurrency, deadline);
      const after = await echo.child.stats();
      base.cpuUs += cpuOf(before, after);
      base.elapsedMs += run.elapsedMs;
      base.sent.push(...run.sent);
      base.bySlice.push(round((run.sent.filter((s) => s.outcome === 200).length / run.elapsedMs) * 1000, 1));
      for (const s of run.sent) {
        if (s.outcome !== 200 || s.body?.statusCode !== 200 || s.body?.type !== CARD_TYPE || !cardText(s.body.value).includes('echo: round.submit')) {
          base.errors++;
          problem('echo: not answered with its card');
        }
      }
    };
    // Alternate which goes first, so neither always runs right after the other's burst.
    if (k % 2 === 0) {
      await runEcho();
      await runOurs();
    } else {
      await runOurs();
      await runEcho();
    }
  }

  // The coalesced progress updates: wait for the one that shows every evaluator.
  const updatesShown = async () =>
    (await bot.connector.calls({ kinds: ['update'], since: firstSentAt }))
      .filter((c) => c.activityId === cardActivityId && c.status < 300)
      .map((c) => Number(/(\d+) har svarat/.exec(cardText(cardOf(c.body)))?.[1] ?? Number.NaN));
  let shown = await updatesShown();
  const settleUntil = Date.now() + settleMs;
  while (!shown.includes(n) && Date.now() < settleUntil) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    shown = await updatesShown();
  }
  const storeAfter = await bot.child.stats();
  // `cosmos.http` (with --store cosmos) counts the SDK's HTTP requests at the server, not store calls: shown apart.
  const { 'cosmos.http': cosmosHttp, ...storeCalls } = diff(storeAfter.counters, storeBefore.counters);
  const storeUsByKind = diff(storeAfter.timersUs, storeBefore.timersUs);
  const storeUs = Object.values(storeUsByKind).reduce((x, v) => x + v, 0);
  if (!shown.includes(n)) problems.push(`no round-card update showed "${n} har svarat" within ${settleMs} ms (saw ${shown.join(', ') || 'none'})`);
  else checks.push(`round card updated ${shown.length}× (showed ${shown.join(', ')})`);
  if (storeCalls['answers.query']) problems.push(`answers listed ${storeCalls['answers.query']}× during the round (the tally should make that unnecessary)`);

  // Close as the creator and check the stored result against the final answers (same arithmetic: ===).
  const closed = await post(bot.url, cardAction('round.closeConfirmed', { roundId }, { serviceUrl, from: PEOPLE.petra, at, replyToId: cardActivityId }));
  if (closed.status !== 200 || closed.body?.statusCode !== 200) problems.push(`round.close: HTTP ${closed.status}, ${JSON.stringify(closed.body).slice(0, 120)}`);
  const stored = await bot.child.call<{ round?: Round; answers: Answer[] }>('round', 20_000, { tenantId: TENANT, id: roundId });
  const expected = expectedResult(final);
  const result = stored.round?.result;
  if (stored.round?.status !== 'closed' || !result) problems.push(`round not closed with a result (status ${stored.round?.status})`);
  else {
    const wrong = expected.criteria.filter((want) => {
      const got = result.criteria.find((c) => c.criterionId === want.criterionId);
      return !got || got.mean !== want.mean || got.min !== want.min || got.max !== want.max || got.count !== want.count;
    });
    if (result.answers !== n) problems.push(`result.answers ${result.answers}, expected ${n}`);
    if (wrong.length > 0) problems.push(`result differs from the final answers for ${wrong.map((c) => c.criterionId).join(', ')}`);
    if (result.overallMean !== expected.overallMean) problems.push(`overall mean ${result.overallMean}, expected ${expected.overallMean}`);
    if (result.answers === n && wrong.length === 0) checks.push(`closed: ${n} answers, means ${result.criteria.map((c) => round(c.mean, 4)).join(' / ')} — exactly those of the final answers (re-submits replaced, retries not counted)`);
  }
  const byEvaluator = new Map(stored.answers.map((a) => [a.evaluator.id, a]));
  const wrongAnswers = [...final].filter(([i, scores]) => JSON.stringify(SET.criteria.map((c) => byEvaluator.get(people[i]!.id)?.scores[c.id])) !== JSON.stringify(scores)).length;
  if (stored.answers.length !== n || wrongAnswers > 0) problems.push(`${stored.answers.length} answer documents (expected ${n}), ${wrongAnswers} with other scores than the evaluator's last`);
  else checks.push(`store: ${n} answer documents, each with its evaluator's last scores`);
  for (const [p, count] of Object.entries(problemCounts)) problems.push(`${count} × ${p}`);
  if (ours.errors === 0) checks.push(`${ours.sent.length} invokes answered as expected (${requests.answer} "sparad", ${requests.resubmit} "uppdaterad", ${requests.retry} "redan gjort")`);

  const side = (s: typeof ours): Side => {
    const ok = s.sent.filter((x) => x.outcome === 200).map((x) => x.latencyMs);
    return {
      requests: s.sent.length,
      elapsedMs: round(s.elapsedMs, 1),
      throughput: round((ok.length / s.elapsedMs) * 1000, 1),
      latencyMs: Object.fromEntries(Object.entries(summariseLatencies(ok)).map(([k, v]) => [k, round(v, 2)])) as unknown as LatencySummary,
      errors: s.errors,
      cpuUsPerRequest: round(s.cpuUs / Math.max(1, s.sent.length), 0),
      bySlice: s.bySlice,
    };
  };
  const o = side(ours);
  const e = side(base);
  const answerTurns = requests.answer + requests.resubmit;
  const totalCalls = Object.values(storeCalls).reduce((x, v) => x + v, 0);
  // A retried activity: the ledger's create (a conflict) and get. A progress update: the round and the conversation.
  const perAnswerTurn = (totalCalls - 2 * requests.retry - 2 * shown.length) / answerTurns;
  return {
    store: bot.store,
    concurrency,
    roundId,
    requests,
    ours: o,
    echo: e,
    throughputRatio: round(o.throughput / e.throughput, 2),
    sliceRatios: o.bySlice.map((v, i) => round(v / e.bySlice[i]!, 2)),
    cpuRatio: round(o.cpuUsPerRequest / e.cpuUsPerRequest, 2),
    countSeenBySlice,
    p50BySlice,
    progressUpdates: shown.length,
    progressShown: shown,
    storeCalls,
    ...(cosmosHttp !== undefined ? { httpPerRequest: round(cosmosHttp / (requests.answer + requests.resubmit + requests.retry), 2) } : {}),
    storeCallsPerAnswerTurn: round(perAnswerTurn, 3),
    storeUsPerRequest: round(storeUs / Math.max(1, o.requests), 1),
    storeUsByKind: Object.fromEntries(Object.entries(storeUsByKind).map(([k, v]) => [k, round(v / Math.max(1, o.requests), 1)])),
    checks,
    problems,
  };
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const wallStart = performance.now();
  const deadline = Date.now() + maxSeconds * 1000 - 10_000;
  const load = loadavg().map((l) => l.toFixed(2)).join(', ');
  log(`answers: ${answerCount} evaluators per SQLite round at concurrency ${concurrencies.join(', ')}, ${sliceCount} slices, Cosmos round ${cosmosAnswers} at C=${cosmosConcurrency}; ${cpus().length} cores, load average ${load}`);
  const verbose = flags.verbose ?? false;
  const children: Child[] = [];
  const connectors: ConnectorHandle[] = [];
  try {
    const startBot = async (name: string, file: string, args: string[], store: 'sqlite' | 'cosmos'): Promise<Bot> => {
      const connector = await startConnector('child', `${name}-connector`, verbose);
      connectors.push(connector);
      const child = await startChild(name, file, { verbose, args });
      children.push(child);
      if (!child.ready.port) throw new Error(`${name}: ready message without port`);
      return { name, store, child, connector, url: `http://127.0.0.1:${child.ready.port}/api/messages` };
    };
    const [sqlite, echo, cosmos] = await Promise.all([
      startBot('shk-bot[sqlite]', 'bot-server.ts', ['--store', 'sqlite'], 'sqlite'),
      startBot('echo-bot', 'echo-server.ts', [], 'sqlite'),
      cosmosAnswers > 0 ? startBot('shk-bot[cosmos]', 'bot-server.ts', ['--store', 'cosmos'], 'cosmos') : Promise.resolve(undefined),
    ]);
    log(`answers: servers ready in ${Math.round(performance.now() - wallStart)} ms`);

    if (warmup > 0) {
      for (const bot of [sqlite, cosmos]) {
        if (!bot) continue;
        const run = await runRound(bot, echo, 16, Math.min(warmup, bot === cosmos ? cosmosAnswers : answerCount), 'Uppvärmning', deadline, false);
        // Listing answers is reported for the measured rounds (so the bench can also run against a build without the tally).
        const broken = run.problems.filter((p) => !p.startsWith('answers listed'));
        if (broken.length > 0) throw new Error(`warm-up on ${bot.name}: ${broken.join('; ')}`);
      }
    }

    const runs: RoundRun[] = [];
    let n = 0;
    for (const concurrency of concurrencies) {
      const r = await runRound(sqlite, echo, concurrency, answerCount, `Benchmarkinitiativet ${++n}`, deadline);
      runs.push(r);
      log(`answers: sqlite c=${concurrency}: ${r.ours.throughput} req/s (echo ${r.echo.throughput}), ${r.storeCallsPerAnswerTurn} store calls per answer turn, ${r.problems.length === 0 ? 'all checks passed' : `${r.problems.length} problem(s)`}`);
    }
    if (cosmos) {
      const r = await runRound(cosmos, echo, cosmosConcurrency, cosmosAnswers, `Benchmarkinitiativet ${++n}`, deadline);
      runs.push(r);
      log(`answers: cosmos c=${cosmosConcurrency}: ${r.ours.throughput} req/s, ${r.storeCallsPerAnswerTurn} store calls per answer turn, ${r.problems.length === 0 ? 'all checks passed' : `${r.problems.length} problem(s)`}`);
    }

    const settings = { answers: answerCount, concurrencies, slices: sliceCount, resubmitShare, retryShare, cosmosAnswers, cosmosConcurrency, warmup };
    if (flags.json) {
      process.stdout.write(`${JSON.stringify({ benchmark: 'shk-bot evaluation answers vs bare botbuilder echo bot', at: new Date().toISOString(), loadAverage: loadavg(), machine: { cores: cpus().length, node: process.version }, settings, runs }, null, 2)}\n`);
    } else {
      printReport(runs, performance.now() - wallStart, load);
    }
    const failed = runs.some((r) => r.problems.length > 0);
    if (failed) log('answers: FAILED CHECKS (see PROBLEMS above)');
    process.exitCode = failed ? 1 : 0;
  } finally {
    await Promise.allSettled([...children.map((c) => c.stop()), ...connectors.map((c) => c.stop())]);
    cleanupSync();
    clearTimeout(watchdog);
  }
}

function printReport(runs: RoundRun[], wallMs: number, load: string): void {
  const out: string[] = ['', `load average at the start ${load}`, ''];
  out.push(
    table([
      ['store', 'C', 'requests (answer/resubmit/retry)', 'ours req/s', 'echo req/s', 'ratio', 'per slice', 'ours p50/p99 ms', 'echo p50/p99 ms', 'bot µs/req (echo)', 'errors'],
      ...runs.map((r) => [
        r.store,
        r.concurrency,
        `${r.ours.requests} (${r.requests.answer}/${r.requests.resubmit}/${r.requests.retry})`,
        r.ours.throughput,
        r.echo.throughput,
        r.throughputRatio.toFixed(2),
        r.sliceRatios.map((x) => x.toFixed(2)).join(' '),
        `${r.ours.latencyMs.p50} / ${r.ours.latencyMs.p99}`,
        `${r.echo.latencyMs.p50} / ${r.echo.latencyMs.p99}`,
        `${r.ours.cpuUsPerRequest} (${r.echo.cpuUsPerRequest})`,
        r.ours.errors + r.echo.errors,
      ]),
    ]),
  );
  out.push('', 'by slice (the round grows; K = "bygger på K svar" on the answered cards):');
  out.push(
    table([
      ['store', 'C', 'slice', 'K min–max', 'ours p50 ms', 'ours req/s', 'echo req/s'],
      ...runs.flatMap((r) => r.countSeenBySlice.map((k, i) => [r.store, r.concurrency, i + 1, `${k.min}–${k.max}`, r.p50BySlice[i]!, r.ours.bySlice[i]!, r.echo.bySlice[i]!])),
    ]),
  );
  out.push('');
  for (const r of runs) {
    out.push(
      `store calls, ${r.store} c=${r.concurrency} (${r.ours.requests} requests, ${r.progressUpdates} progress update(s)): ` +
        Object.entries(r.storeCalls).map(([k, v]) => `${k} ${v}`).join(', ') +
        (r.httpPerRequest !== undefined ? `; Cosmos HTTP requests ${r.httpPerRequest} per request` : ''),
    );
    out.push(`  per answer turn (first answers and re-submits; retries' 2 and updates' 2 taken out): ${r.storeCallsPerAnswerTurn}; store time per request ${r.storeUsPerRequest} µs (${Object.entries(r.storeUsByKind)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 4)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`);
  }
  for (const r of runs) {
    out.push('', `checks, ${r.store} c=${r.concurrency} (round ${r.roundId}):`, ...r.checks.map((c) => `  ok  ${c}`));
    if (r.problems.length > 0) out.push(`PROBLEMS, ${r.store} c=${r.concurrency}:`, ...r.problems.map((p) => `  ${p}`));
  }
  out.push('', `wall time ${(wallMs / 1000).toFixed(1)} s`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  log(`answers failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  cleanupSync();
  process.exit(1);
});
