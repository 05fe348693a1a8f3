/**
 * Concurrent evaluation answers: N evaluators answer one round "at once" through POST /api/messages (invoke
 * `adaptiveCard/action`, verb `round.submit`), at each concurrency asked for, with the bare echo bot at the same
 * concurrency as the in-run baseline. Checks every answer, the coalesced round-card progress updates and the
 * closed round's exact means. See bench/README.md. `npx tsx bench/answers.ts --help` lists the flags.
 */
import { postActivity } from '../test/helpers/http.js';
import { rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { criteriaSet, DEFAULT_CRITERIA_SET } from '../src/domain/scoring/criteria.js';
import { t } from '../src/i18n/index.js';
import { partitionKey } from '../src/store/document-store.js';
import { SQLITE_FILE_NAME } from '../src/store/open-store.js';
import { cardAction, message, PEOPLE, TENANT, where, type Person, type Where } from '../test/helpers/activities.js';
import { cardOf, cardText, cardTexts } from '../test/helpers/card-text.js';
import { boundLifetime, startChild, type Child } from './children.js';
import { startConnector, type ConnectorHandle } from './connector.js';
import type { ProcessStats } from './ipc.js';
import type { RecordedCall } from './recording.js';
import { percentile, round, summariseLatencies, table, type LatencySummary, intFlag } from './stats.js';
import { prepareRequests, type PreparedRequest } from './workload.js';

const HELP = `Usage: npx tsx bench/answers.ts [flags]

  --answers N           evaluators answering each round, one answer each (default 200)
  --concurrency LIST    comma list: one round per concurrency, answers in flight at once (default 200,16;
                        C >= N sends every answer at once); the echo baseline runs at each C too
  --warmup N            answers on a warm-up round (and echo requests) before the measured rounds (default 50)
  --settle-ms MS        how long to wait for the last round-card progress update (default 8000)
  --log-level LEVEL     our bot's log level (default silent)
  --timeout-ms MS       per-request timeout (default 30000)
  --max-seconds S       hard limit for the whole run (default 110)
  --json                print machine-readable results (only) on stdout
  --verbose             pass the children's stderr through
`;

const { values: flags } = parseArgs({
  options: {
    answers: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '200,16' },
    warmup: { type: 'string', default: '50' },
    'settle-ms': { type: 'string', default: '8000' },
    'log-level': { type: 'string', default: 'silent' },
    'timeout-ms': { type: 'string', default: '30000' },
    'max-seconds': { type: 'string', default: '110' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const answerCount = intFlag('answers', flags.answers, 1, 100_000);
const concurrencies = flags.concurrency!.split(',').map((c) => intFlag('concurrency', c.trim(), 1, 4096));
const warmup = intFlag('warmup', flags.warmup, 0, 100_000);
const settleMs = intFlag('settle-ms', flags['settle-ms'], 0, 60_000);
const timeoutMs = intFlag('timeout-ms', flags['timeout-ms'], 100, 300_000);
const maxSeconds = intFlag('max-seconds', flags['max-seconds'], 5, 3600);

const log = (text: string) => process.stderr.write(`${text}\n`);

// ---------------------------------------------------------------- what the evaluators answer

const SET = criteriaSet(DEFAULT_CRITERIA_SET)!;
const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';
/** The initiative every measured round evaluates ("@SHK-boten bedöm Benchmarkinitiativet"). */
const INITIATIVE = 'Benchmarkinitiativet';
/** What the cards say (Swedish: the channel has no language set, and sv is the default). */
const SAYS = {
  saved: t('answered.heading', { name: INITIATIVE }),
  replaced: t('answered.replaced', { name: INITIATIVE }),
  closed: t('round.closedText'),
  resultTitle: t('result.title', { name: INITIATIVE }),
  overall: t('result.overall'),
};

/**
 * Evaluator i's score (1–5) per criterion of the standard set, chosen so the means are exact and known:
 * for N = 200 (any multiple of 20) 3.0, 4.5, 2.5, 3.4 and 4.0 — overall 3.48, shown as 3,5.
 */
const SCORE_RULES: Array<(i: number, n: number) => number> = [
  (i) => (i % 5) + 1, // 1..5 evenly → 3.0, range 1–5
  (i) => (i % 2) + 4, // 4, 5 → 4.5, range 4–5
  (i) => (i % 4) + 1, // 1..4 evenly → 2.5, range 1–4
  (i) => (i % 10 < 3 ? 2 : 4), // 30 % twos, 70 % fours → 3.4, range 2–4
  (i, n) => (i < n / 2 ? 3 : 5), // first half 3, second half 5 → 4.0, range 3–5
];
if (SCORE_RULES.length !== SET.criteria.length) throw new Error(`the ${SET.id} criteria set has ${SET.criteria.length} criteria; answers.ts scores ${SCORE_RULES.length}`);

/** The form's data as Teams sends it: every score a string, as an Input.ChoiceSet gives it. */
function scoresOf(i: number, n: number): Record<string, string> {
  return Object.fromEntries(SET.criteria.map((criterion, c) => [`score_${criterion.id}`, String(SCORE_RULES[c]!(i, n))]));
}

interface ExpectedCriterion {
  criterionId: string;
  name: string;
  mean: number;
  min: number;
  max: number;
  count: number;
}

/** The result the bot must compute from what we send: the same arithmetic (sum / count), so exactly equal. */
function expectedResult(n: number): { criteria: ExpectedCriterion[]; overallMean: number } {
  const criteria = SET.criteria.map((criterion, c) => {
    const values = Array.from({ length: n }, (_, i) => SCORE_RULES[c]!(i, n));
    return {
      criterionId: criterion.id,
      name: criterion.name.sv,
      mean: values.reduce((t, v) => t + v, 0) / values.length,
      min: Math.min(...values),
      max: Math.max(...values),
      count: values.length,
    };
  });
  return { criteria, overallMean: criteria.reduce((t, c) => t + c.mean, 0) / criteria.length };
}

/** As the result card shows a score: "3,4". */
const svScore = (value: number) => value.toLocaleString('sv-SE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** N distinct evaluators, each with a Teams id and an AAD object id (the answer's id is round + evaluator). */
function evaluators(n: number): Person[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `29:bench-evaluator-${i}`,
    name: `Utvärderare ${i}`,
    aadObjectId: `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`,
  }));
}

// ---------------------------------------------------------------- process lifetime: everything bounded

let dataDir: string | undefined;
let db: Database.Database | undefined;
const { cleanupSync, watchdog } = boundLifetime({
  name: 'answers',
  maxSeconds,
  cleanup: () => {
    try {
      db?.close();
    } catch {
      // closing a read-only handle cannot lose anything
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  },
});

// ---------------------------------------------------------------- the load loop

interface Sent {
  /** From just before fetch() to the end of the body. */
  latencyMs: number;
  /** performance.now() when the body had arrived. */
  doneAt: number;
  /** HTTP status, or the error name for requests that got no response. */
  outcome: number | string;
  /** The parsed JSON body (invoke responses), when asked for. */
  body?: any;
}

async function runConcurrent(url: string, bodies: string[], concurrency: number, deadline: number, parse: boolean): Promise<{ elapsedMs: number; sent: Sent[] }> {
  const sent = new Array<Sent>(bodies.length);
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const index = next++;
      if (Date.now() > deadline) {
        sent[index] = { latencyMs: Number.NaN, doneAt: Number.NaN, outcome: 'NotSent(deadline)' };
        continue;
      }
      const start = performance.now();
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: bodies[index]!,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const text = await response.text();
        const doneAt = performance.now();
        let body: unknown;
        if (parse) {
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = text;
          }
        }
        sent[index] = { latencyMs: doneAt - start, doneAt, outcome: response.status, body };
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        const doneAt = performance.now();
        sent[index] = { latencyMs: doneAt - start, doneAt, outcome: e.name === 'TimeoutError' ? 'Timeout' : `${e.name}${e.cause?.code ? `(${e.cause.code})` : ''}` };
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, bodies.length) }, worker));
  return { elapsedMs: performance.now() - started, sent };
}

const post = (url: string, activity: Record<string, unknown>) => postActivity(url, activity, { timeoutMs });

// ---------------------------------------------------------------- the bot's store, read-only

interface StoredRound {
  id: string;
  status: string;
  card?: { conversationId: string; activityId: string };
  result?: { answers: number; overallMean: number; criteria: Array<{ criterionId: string; mean: number; min: number; max: number; count: number }> };
}

/** The bot's SQLite file, opened read-only (WAL: we see every committed write, and never block the bot). */
function storeReader(file: string) {
  db = new Database(file, { readonly: true, fileMustExist: true });
  const getRound = db.prepare<[string], { body: string }>("SELECT body FROM documents WHERE container = 'rounds' AND id = ?");
  const listAnswers = db.prepare<[string], { body: string }>("SELECT body FROM documents WHERE container = 'answers' AND pk = ?");
  return {
    round(id: string): StoredRound | undefined {
      const row = getRound.get(id);
      return row ? (JSON.parse(row.body) as StoredRound) : undefined;
    },
    answers(roundId: string): Array<{ evaluator: { id: string; aadObjectId?: string } }> {
      return listAnswers.all(partitionKey(TENANT, 'round', roundId)).map((row) => JSON.parse(row.body));
    },
  };
}

// ---------------------------------------------------------------- CPU and store bookkeeping

interface Delta {
  cpuUs: number;
  counters: Record<string, number>;
  timersUs: Record<string, number>;
}

function delta(before: ProcessStats, after: ProcessStats): Delta {
  const diff = (a: Record<string, number> = {}, b: Record<string, number> = {}) =>
    Object.fromEntries(Object.entries(a).map(([key, value]) => [key, value - (b[key] ?? 0)]).filter(([, value]) => value !== 0));
  return {
    cpuUs: after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs,
    counters: diff(after.counters, before.counters),
    timersUs: diff(after.timersUs, before.timersUs),
  };
}

// ---------------------------------------------------------------- one measured round

interface Slice {
  requests: number;
  concurrency: number;
  elapsedMs: number;
  throughput: number;
  latencyMs: LatencySummary;
  errors: number;
  problems: Record<string, number>;
  botCpuUsPerRequest: number;
}

interface Quarter {
  /** Completions in this quarter of the run (in completion order). */
  answers: number;
  /** Range of "Medelvärdet bygger på K svar" on the cards answered in this quarter: the answers the bot counted. */
  countSeen: { min: number; max: number };
  latencyP50Ms: number;
  /** Mean time between consecutive completions: the bot's time per answer while it was saturated. */
  msBetweenCompletions: number;
}

interface RoundRun {
  concurrency: number;
  roundId: string;
  ours: Slice;
  echo: Slice;
  /** ours answers/s ÷ echo req/s at the same concurrency. */
  throughputRatio: number;
  botCpuRatio: number;
  /** PUTs to the round card's activity id while the round was open (coalesced progress updates). */
  progressUpdates: number;
  /** "K har svarat" on each of those updates, in order. */
  progressShown: number[];
  /** From the first answer sent to the last progress update. */
  lastProgressAfterMs: number;
  /** Our bot's store calls per answer and µs per answer, from the first answer until the last progress update. */
  storeCallsPerAnswer: Record<string, number>;
  storeUsPerAnswer: Record<string, number>;
  /**
   * The recounts: every answer lists all answers of the round so far (K documents, K = "bygger på K svar"), and
   * so does every progress update. Documents read in all, and answers.query µs per document read.
   */
  recount: { queries: number; documentsRead: number; usPerDocument: number; lastAnswerRecountUs: number };
  byQuarter: Quarter[];
  /** What the result card and the store said after closing. */
  result: { storedAnswers: number; distinctEvaluators: number; resultAnswers?: number; means?: number[]; overallMean?: number };
  checks: string[];
  problems: string[];
}

const expected = expectedResult(answerCount);

async function main(): Promise<void> {
  const wallStart = performance.now();
  const deadline = Date.now() + maxSeconds * 1000 - 5000;
  log(
    `answers: ${answerCount} evaluators per round at concurrency ${concurrencies.join(', ')}, warm-up ${warmup}, ` +
      `${cpus().length} cores, node ${process.version}`,
  );
  dataDir = await mkdtemp(join(tmpdir(), 'shk-bench-answers-'));
  const botDataDir = join(dataDir, 'answers');
  const verbose = flags.verbose ?? false;
  const children: Child[] = [];
  const connectors: ConnectorHandle[] = [];

  try {
    // Each bot with its own recording connector, as in load.ts (started side by side: mostly tsx compiling).
    const startServer = async (bot: 'ours' | 'echo') => {
      const connector = await startConnector('child', `${bot}-connector`, verbose);
      connectors.push(connector);
      const child =
        bot === 'ours'
          ? await startChild('shk-bot[answers]', 'bot-server.ts', { verbose, args: ['--data-dir', botDataDir, '--log-level', flags['log-level']!] })
          : await startChild('echo-bot', 'echo-server.ts', { verbose });
      children.push(child);
      if (!child.ready.port) throw new Error(`${child.name}: ready message without port`);
      return { child, connector, url: `http://127.0.0.1:${child.ready.port}/api/messages` };
    };
    const [ours, echo] = await Promise.all([startServer('ours'), startServer('echo')]);
    log(`answers: servers ready in ${Math.round(performance.now() - wallStart)} ms (${children.map((c) => `${c.name} pid ${c.process.pid}`).join(', ')})`);
    const store = storeReader(join(botDataDir, SQLITE_FILE_NAME));
    const people = evaluators(answerCount);
    const serviceUrl = ours.connector.url;
    let thread = 1_712_000_000_000;
    let echoOffset = 0;

    /** "@SHK-boten bedöm <name>" from Petra in a new thread; the round id from the card, its card id from the store. */
    const startRound = async (name: string, at: Where) => {
      const activity = message(`bedöm ${name}`, { serviceUrl, from: PEOPLE.petra, at, mentionBot: true });
      const response = await post(ours.url, activity);
      if (response.status !== 200) throw new Error(`"bedöm ${name}": HTTP ${response.status}`);
      const replies = await ours.connector.calls({ kinds: ['reply'] });
      const roundCard = replies
        .filter((c) => c.activityId === activity.id)
        .map((c) => cardOf(c.body))
        .find((card) => (card?.actions ?? []).some((a: any) => a?.verb === 'round.open'));
      const roundId = roundCard?.actions?.find((a: any) => a?.verb === 'round.open')?.data?.roundId as string | undefined;
      if (!roundId) throw new Error(`"bedöm ${name}": no round card with a round id among the replies (${replies.length} replies)`);
      const stored = store.round(roundId);
      if (!stored?.card?.activityId) throw new Error(`round ${roundId}: not stored, or without its posted card id`);
      return { roundId, cardActivityId: stored.card.activityId };
    };

    const answerBodies = (roundId: string, cardActivityId: string, at: Where, n: number) =>
      people.slice(0, n).map((person, i) =>
        JSON.stringify(cardAction('round.submit', { roundId, ...scoresOf(i, n) }, { serviceUrl, from: person, at, replyToId: cardActivityId })),
      );

    const closeRound = (roundId: string, cardActivityId: string, at: Where) =>
      post(ours.url, cardAction('round.close', { roundId }, { serviceUrl, from: PEOPLE.petra, at, replyToId: cardActivityId }));

    const echoSlice = async (count: number, concurrency: number): Promise<{ slice: Slice; requests: PreparedRequest[] }> => {
      const requests = prepareRequests('hello', count, echo.connector.url, { personalChats: 20, channelShare: 0.2, channelThreads: 6 }, echoOffset);
      echoOffset += count;
      const before = await echo.child.stats();
      const run = await runConcurrent(echo.url, requests.map((r) => r.body), concurrency, deadline, false);
      const after = await echo.child.stats();
      const summary = await echo.connector.summary();
      const problems: Record<string, number> = {};
      let errors = 0;
      requests.forEach((request, i) => {
        const found: string[] = [];
        const outcome = run.sent[i]!.outcome;
        if (outcome !== 200) found.push(typeof outcome === 'number' ? `HTTP ${outcome}` : outcome);
        else if ((summary.repliesTo[request.id] ?? 0) !== 1) found.push(`${summary.repliesTo[request.id] ?? 0} replies at connector`);
        else if (!summary.shapeOf[request.id]?.startsWith('text:echo: ')) found.push('unexpected reply');
        if (found.length > 0) errors++;
        for (const p of found) problems[p] = (problems[p] ?? 0) + 1;
      });
      await echo.connector.clear();
      return { slice: sliceOf(run, count, concurrency, errors, problems, delta(before, after).cpuUs), requests };
    };

    // Warm-up: the echo bot, and a whole round (answers, progress, close) on our bot, not counted.
    if (warmup > 0) {
      await echoSlice(warmup, 16);
      const at = where.channel(String(thread++));
      const { roundId, cardActivityId } = await startRound('Uppvärmning', at);
      const run = await runConcurrent(ours.url, answerBodies(roundId, cardActivityId, at, Math.min(warmup, answerCount)), 16, deadline, true);
      const bad = run.sent.filter((s) => s.outcome !== 200 || s.body?.statusCode !== 200).length;
      if (bad > 0) throw new Error(`warm-up: ${bad} answers failed`);
      const closed = await closeRound(roundId, cardActivityId, at);
      if (closed.status !== 200 || closed.body?.statusCode !== 200) throw new Error(`warm-up: closing failed (${closed.status})`);
      await ours.connector.clear();
    }

    const runs: RoundRun[] = [];
    for (const concurrency of concurrencies) {
      // The echo baseline first, at the same concurrency and count, then the round.
      const echoRun = await echoSlice(answerCount, concurrency);
      const at = where.channel(String(thread++));
      const { roundId, cardActivityId } = await startRound(INITIATIVE, at);
      const bodies = answerBodies(roundId, cardActivityId, at, answerCount);
      const before = await ours.child.stats();
      const firstSentAt = Date.now();
      const run = await runConcurrent(ours.url, bodies, concurrency, deadline, true);
      const after = await ours.child.stats();
      const usage = delta(before, after);

      const checks: string[] = [];
      const problemList: string[] = [];
      const problems: Record<string, number> = {};
      let errors = 0;
      let saved = 0;
      let replaced = 0;
      const countSeen = new Array<number>(answerCount).fill(Number.NaN);
      run.sent.forEach((sent, i) => {
        const found: string[] = [];
        const body = sent.body;
        if (sent.outcome !== 200) found.push(typeof sent.outcome === 'number' ? `HTTP ${sent.outcome}` : sent.outcome);
        else if (body?.statusCode !== 200) found.push(`invoke statusCode ${body?.statusCode}: ${JSON.stringify(body?.value).slice(0, 80)}`);
        else if (body?.type !== CARD_TYPE) found.push(`invoke answered ${body?.type}: ${JSON.stringify(body?.value).slice(0, 80)}`);
        else {
          const text = cardText(body.value);
          if (text.includes(SAYS.saved)) saved++;
          else if (text.includes(SAYS.replaced)) replaced++;
          else found.push('card is not the "your answer is saved" card');
          const k = /bygger på (\d+) svar/.exec(text);
          if (k) countSeen[i] = Number(k[1]);
          else found.push('answered card without "bygger på K svar"');
        }
        if (found.length > 0) errors++;
        for (const p of found) problems[p] = (problems[p] ?? 0) + 1;
      });
      const ourSlice = sliceOf(run, answerCount, concurrency, errors, problems, usage.cpuUs);
      if (errors === 0) checks.push(`${answerCount} × HTTP 200, invoke statusCode 200 with an Adaptive Card (${saved} "sparad", ${replaced} "uppdaterad")`);
      if (replaced > 0) problemList.push(`${replaced} answers came back as "uppdaterad" although every evaluator answered once`);
      const seen = countSeen.filter(Number.isFinite);
      if (seen.length > 0 && Math.max(...seen) !== answerCount) problemList.push(`no answer saw all ${answerCount} answers counted (max ${Math.max(...seen)})`);

      // The coalesced progress updates: wait for the one that shows every answer.
      const progressCalls = async () => (await ours.connector.calls({ kinds: ['update'] })).filter((c) => c.activityId === cardActivityId && c.status < 300);
      const shown = (call: RecordedCall) => Number(/(\d+) har svarat/.exec(cardText(cardOf(call.body)))?.[1] ?? Number.NaN);
      let updates = await progressCalls();
      const settleUntil = Date.now() + settleMs;
      while (!updates.some((u) => shown(u) === answerCount) && Date.now() < settleUntil) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        updates = await progressCalls();
      }
      const progressShown = updates.map(shown);
      // Store calls up to here: the answers and the progress updates they caused (CPU above: the answers only).
      const storeUsage = delta(before, await ours.child.stats());
      if (!progressShown.includes(answerCount)) problemList.push(`no round-card update showed "${answerCount} har svarat" within ${settleMs} ms (saw ${progressShown.join(', ') || 'none'})`);
      else checks.push(`round card updated ${updates.length}× for ${answerCount} answers (showed ${progressShown.join(', ')})`);
      const otherCalls = (await ours.connector.calls({})).filter((c) => !(c.kind === 'reply') && !(c.kind === 'update' && c.activityId === cardActivityId));
      if (otherCalls.length > 0) problemList.push(`connector calls besides replies and round-card updates: ${otherCalls.map((c) => `${c.method} ${c.kind} ${c.status}`).join(', ')}`);

      // Close as the creator (the button on the round card) and check the result: card and store.
      const closeStartedAt = Date.now();
      const closed = await closeRound(roundId, cardActivityId, at);
      if (closed.status !== 200 || closed.body?.statusCode !== 200 || closed.body?.type !== CARD_TYPE) {
        problemList.push(`round.close: HTTP ${closed.status}, ${JSON.stringify(closed.body).slice(0, 120)}`);
      } else if (!cardText(closed.body.value).includes(SAYS.closed)) {
        problemList.push('round.close answered a card that does not say the round is closed');
      }
      const resultCall = (await ours.connector.calls({ kinds: ['reply'], since: closeStartedAt })).find((c) =>
        cardTexts(cardOf(c.body)).includes(SAYS.resultTitle),
      );
      const resultProblems = resultCall ? checkResultCard(cardOf(resultCall.body)) : ['no result card posted'];
      if (resultProblems.length === 0) checks.push(`result card: ${answerCount} svar, ${expected.criteria.map((c) => `${svScore(c.mean)} (${c.min}–${c.max}, ${c.count})`).join(', ')}, overall ${svScore(expected.overallMean)}`);
      problemList.push(...resultProblems.map((p) => `result card: ${p}`));

      const storedRound = store.round(roundId);
      const storedAnswers = store.answers(roundId);
      const distinctEvaluators = new Set(storedAnswers.map((a) => a.evaluator.aadObjectId ?? a.evaluator.id)).size;
      const storeProblems = checkStoredResult(storedRound, storedAnswers.length, distinctEvaluators);
      if (storeProblems.length === 0) {
        checks.push(
          `store: ${storedAnswers.length} answers from ${distinctEvaluators} evaluators; round closed with result.answers ${storedRound?.result?.answers}, ` +
            `means ${storedRound?.result?.criteria.map((c) => c.mean).join(' / ')} (overall ${round(storedRound?.result?.overallMean ?? Number.NaN, 6)}) — exactly as sent`,
        );
      }
      problemList.push(...storeProblems.map((p) => `store: ${p}`));
      for (const [p, n] of Object.entries(problems)) problemList.push(`${n} × ${p}`);

      const echoSliceResult = echoRun.slice;
      const lastUpdate = updates.at(-1);
      const r: RoundRun = {
        concurrency,
        roundId,
        ours: ourSlice,
        echo: echoSliceResult,
        throughputRatio: round(ourSlice.throughput / echoSliceResult.throughput, 2),
        botCpuRatio: round(ourSlice.botCpuUsPerRequest / echoSliceResult.botCpuUsPerRequest, 2),
        progressUpdates: updates.length,
        progressShown,
        lastProgressAfterMs: lastUpdate ? lastUpdate.at - firstSentAt : Number.NaN,
        storeCallsPerAnswer: mapRecord(storeUsage.counters, (v) => round(v / answerCount, 3)),
        storeUsPerAnswer: mapRecord(storeUsage.timersUs, (v) => round(v / answerCount, 1)),
        recount: recountFigures(storeUsage, countSeen, progressShown),
        byQuarter: quarters(run.sent, countSeen),
        result: {
          storedAnswers: storedAnswers.length,
          distinctEvaluators,
          ...(storedRound?.result
            ? { resultAnswers: storedRound.result.answers, means: storedRound.result.criteria.map((c) => c.mean), overallMean: storedRound.result.overallMean }
            : {}),
        },
        checks,
        problems: problemList,
      };
      runs.push(r);
      log(
        `answers: c=${concurrency}: ${ourSlice.throughput} answers/s (echo ${echoSliceResult.throughput} req/s), p50 ${ourSlice.latencyMs.p50} ms, ` +
          `p99 ${ourSlice.latencyMs.p99} ms, ${updates.length} progress updates, ${problemList.length === 0 ? 'all checks passed' : `${problemList.length} problem(s)`}`,
      );
      await ours.connector.clear();
    }

    if (flags.json) {
      process.stdout.write(
        `${JSON.stringify(
          {
            benchmark: 'shk-bot concurrent evaluation answers vs bare botbuilder echo bot',
            at: new Date().toISOString(),
            machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: process.platform },
            settings: { answers: answerCount, concurrencies, warmup, settleMs, timeoutMs, logLevel: flags['log-level'] },
            expected,
            runs,
            wallSeconds: round((performance.now() - wallStart) / 1000, 1),
          },
          null,
          2,
        )}\n`,
      );
    } else {
      printReport(runs, performance.now() - wallStart);
    }
    const failed = runs.some((r) => r.problems.length > 0);
    if (failed) log('answers: FAILED CHECKS (see PROBLEMS above)');
    process.exitCode = failed ? 1 : 0;
  } finally {
    db?.close();
    db = undefined;
    await Promise.allSettled([...children.map((c) => c.stop()), ...connectors.map((c) => c.stop())]);
    cleanupSync();
    clearTimeout(watchdog);
  }
}

function sliceOf(run: { elapsedMs: number; sent: Sent[] }, requests: number, concurrency: number, errors: number, problems: Record<string, number>, cpuUs: number): Slice {
  const ok = run.sent.filter((s) => s.outcome === 200).map((s) => s.latencyMs);
  return {
    requests,
    concurrency,
    elapsedMs: round(run.elapsedMs, 1),
    throughput: round((ok.length / run.elapsedMs) * 1000, 1),
    latencyMs: mapRecord(summariseLatencies(ok), (v) => round(v, 2)) as unknown as LatencySummary,
    errors,
    problems,
    botCpuUsPerRequest: round(cpuUs / requests, 0),
  };
}

function recountFigures(usage: Delta, countSeen: number[], progressShown: number[]): RoundRun['recount'] {
  const documentsRead = [...countSeen, ...progressShown].filter(Number.isFinite).reduce((t, k) => t + k, 0);
  const usPerDocument = documentsRead > 0 ? (usage.timersUs['answers.query'] ?? 0) / documentsRead : Number.NaN;
  return {
    queries: usage.counters['answers.query'] ?? 0,
    documentsRead,
    usPerDocument: round(usPerDocument, 2),
    lastAnswerRecountUs: round(usPerDocument * answerCount, 0),
  };
}

/** Latency and service time by quarter of the run, in completion order. */
function quarters(sent: Sent[], countSeen: number[]): Quarter[] {
  const done = sent.map((s, i) => ({ ...s, k: countSeen[i]! })).filter((s) => s.outcome === 200).sort((a, b) => a.doneAt - b.doneAt);
  const out: Quarter[] = [];
  for (let q = 0; q < 4; q++) {
    const part = done.slice(Math.floor((q * done.length) / 4), Math.floor(((q + 1) * done.length) / 4));
    if (part.length === 0) continue;
    const ks = part.map((s) => s.k).filter(Number.isFinite);
    // Gaps between consecutive completions inside the quarter (the first one's gap is to the previous quarter's last).
    const previous = done[Math.floor((q * done.length) / 4) - 1];
    const span = part.at(-1)!.doneAt - (previous?.doneAt ?? part[0]!.doneAt);
    const gaps = previous ? part.length : part.length - 1;
    out.push({
      answers: part.length,
      countSeen: { min: ks.length ? Math.min(...ks) : Number.NaN, max: ks.length ? Math.max(...ks) : Number.NaN },
      latencyP50Ms: round(percentile(Float64Array.from(part.map((s) => s.latencyMs)).sort(), 50), 1),
      msBetweenCompletions: gaps > 0 ? round(span / gaps, 2) : Number.NaN,
    });
  }
  return out;
}

/** The posted result card: title, "N svar", and per criterion (in order) name, mean, range and count. */
function checkResultCard(card: any): string[] {
  const problems: string[] = [];
  const texts = cardTexts(card);
  const subtitle = texts.find((t) => t.includes(' svar · '));
  if (!subtitle?.includes(`· ${answerCount} svar ·`)) problems.push(`subtitle ${JSON.stringify(subtitle)} does not say ${answerCount} svar`);
  let from = 0;
  for (const c of expected.criteria) {
    const row = [c.name, svScore(c.mean), `${c.min}–${c.max}`, String(c.count)];
    const at = texts.findIndex((_, i) => i >= from && row.every((cell, j) => texts[i + j] === cell));
    if (at < 0) problems.push(`no row ${JSON.stringify(row)}`);
    else from = at + row.length;
  }
  const overall = svScore(expected.overallMean);
  const overallAt = texts.indexOf(SAYS.overall, from);
  if (overallAt < 0 || texts[overallAt + 1] !== overall) problems.push(`overall mean ${overall} not shown after "${SAYS.overall}"`);
  return problems;
}

/** The closed round in the store: N answers counted, exact means, min, max and count per criterion. */
function checkStoredResult(stored: StoredRound | undefined, storedAnswers: number, distinctEvaluators: number): string[] {
  const problems: string[] = [];
  if (storedAnswers !== answerCount) problems.push(`${storedAnswers} answer documents, expected ${answerCount}`);
  if (distinctEvaluators !== answerCount) problems.push(`${distinctEvaluators} distinct evaluators, expected ${answerCount}`);
  if (!stored) return [...problems, 'round not found'];
  if (stored.status !== 'closed') problems.push(`round status ${stored.status}`);
  const result = stored.result;
  if (!result) return [...problems, 'closed round without result'];
  if (result.answers !== answerCount) problems.push(`result.answers ${result.answers}, expected ${answerCount}`);
  for (const want of expected.criteria) {
    const got = result.criteria.find((c) => c.criterionId === want.criterionId);
    if (!got) problems.push(`no result for ${want.criterionId}`);
    else if (got.mean !== want.mean || got.min !== want.min || got.max !== want.max || got.count !== want.count) {
      problems.push(`${want.criterionId}: mean ${got.mean} (${got.min}–${got.max}, ${got.count}), expected ${want.mean} (${want.min}–${want.max}, ${want.count})`);
    }
  }
  if (Math.abs(result.overallMean - expected.overallMean) > 1e-9) problems.push(`overall mean ${result.overallMean}, expected ${expected.overallMean}`);
  return problems;
}

function mapRecord<T extends object>(object: T, f: (value: number) => number): Record<string, number> {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, f(v as number)]));
}

function printReport(runs: RoundRun[], wallMs: number): void {
  const out: string[] = [''];
  out.push(
    table([
      ['run', 'concurrency', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'bot µs/req'],
      ...runs.flatMap((r) =>
        [
          ['echo (baseline)', r.echo],
          ['ours: round.submit', r.ours],
        ].map(([name, s]) => {
          const slice = s as Slice;
          return [name as string, slice.concurrency, slice.requests, slice.throughput, slice.latencyMs.p50, slice.latencyMs.p95, slice.latencyMs.p99, slice.latencyMs.max, slice.errors, slice.botCpuUsPerRequest];
        }),
      ),
    ]),
  );
  out.push('');
  for (const r of runs) {
    out.push(`ours / echo throughput  c=${String(r.concurrency).padEnd(4)} ${r.throughputRatio.toFixed(2)}   (bot CPU per request ${r.botCpuRatio.toFixed(2)}× echo's)`);
  }
  out.push('');
  out.push(`round-card progress updates (PUT to the round card's activity id) for ${answerCount} answers:`);
  for (const r of runs) {
    out.push(
      `  c=${String(r.concurrency).padEnd(4)} ${r.progressUpdates} update(s), showing ${r.progressShown.join(', ') || '-'} har svarat; ` +
        `the last ${Number.isFinite(r.lastProgressAfterMs) ? `${(r.lastProgressAfterMs / 1000).toFixed(1)} s` : '-'} after the first answer was sent`,
    );
  }
  out.push('');
  out.push('by quarter of the run, in completion order (K = answers the bot counted for the card: "bygger på K svar"):');
  out.push(
    table([
      ['concurrency', 'quarter', 'answers', 'K min–max', 'p50 latency ms', 'ms between completions'],
      ...runs.flatMap((r) => r.byQuarter.map((q, i) => [r.concurrency, i + 1, q.answers, `${q.countSeen.min}–${q.countSeen.max}`, q.latencyP50Ms, q.msBetweenCompletions])),
    ]),
  );
  out.push('');
  for (const r of runs) {
    const calls = Object.entries(r.storeCallsPerAnswer).map(([k, v]) => `${k} ${v}`);
    const us = Object.entries(r.storeUsPerAnswer).sort((a, b) => b[1] - a[1]);
    const total = us.reduce((t, [, v]) => t + v, 0);
    out.push(`store calls per answer (progress updates included), c=${r.concurrency}: ${calls.join(', ')}`);
    out.push(`  store time per answer ${round(total, 0)} µs: ${us.slice(0, 4).map(([k, v]) => `${k} ${round(v, 0)} µs`).join(', ')}`);
    out.push(
      `  recounts: ${r.recount.queries} answers.query reading ${r.recount.documentsRead} answer documents in all, ${r.recount.usPerDocument} µs each; ` +
        `recounting all ${answerCount} (the last answer) ≈ ${r.recount.lastAnswerRecountUs} µs`,
    );
  }
  for (const r of runs) {
    out.push('', `checks, c=${r.concurrency} (round ${r.roundId}):`, ...r.checks.map((c) => `  ok  ${c}`));
    if (r.problems.length > 0) out.push(`PROBLEMS, c=${r.concurrency}:`, ...r.problems.map((p) => `  ${p}`));
  }
  out.push(
    '',
    `expected means: ${expected.criteria.map((c) => `${c.criterionId} ${c.mean}`).join(', ')}; overall ${round(expected.overallMean, 6)}; ` +
      `wall time ${(wallMs / 1000).toFixed(1)} s`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  log(`answers failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  cleanupSync();
  process.exit(1);
});
