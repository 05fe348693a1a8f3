/**
 * Load generator: our bot (createApp, SQLite) against a bare botbuilder echo bot, same machine, same run.
 * See bench/README.md. `npm run bench -- --help` lists the flags.
 */
import { cpSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { boundLifetime, startChild, type Child } from './children.js';
import { CONTAINERS } from '../src/app.js';
import { openStore } from '../src/store/open-store.js';
import { seedItems as seedStore } from './seed-store.js';
import { startConnector, type ConnectorHandle } from './connector.js';
import { PEOPLE, type Person } from '../test/helpers/activities.js';
import type { ConnectorSummary, RosterMember, SummaryOptions } from './recording.js';
import type { ProcessStats } from './ipc.js';
import { percentile, round, summariseLatencies, table, type LatencySummary, intFlag } from './stats.js';
import { prepareRequests, type PreparedRequest, type RequestText, type WorkloadOptions } from './workload.js';

const HELP = `Usage: npm run bench -- [flags]

  --requests N          measured requests per scenario (default 2000)
  --concurrency C       requests in flight at once (default 16)
  --warmup N            warm-up requests per scenario, not counted (default 200)
  --rounds R            split the measured requests into R slices run interleaved
                        (echo, help, hint, todo, echo, …) so machine noise hits all alike (default 4)
  --scenarios LIST      comma list of echo,help,hint,todo,list,mine (default all six)
  --store KIND          sqlite (default) or cosmos: our bots on the @azure/cosmos SDK against
                        @vercel/cosmosdb-server in the bot's process (round trips counted; its times mean little)
  --seed-items N        att-göra written through the app's services into each of our bots' stores before
                        timing (default 3000; 0 = an empty store)
  --seed-conversations M  the conversations holding them: the load generator's own and more (default 40)
  --connector WHERE     child (default): each bot's recording connector in its own process;
                        parent: in the load generator's process
  --personal-chats N    personal chats the messages rotate over (default 20)
  --channel-share F     share of channel messages with the bot @mentioned (default 0.2; todo: always 1)
  --unknown-text TEXT   text for the hint scenario (default "hur går det med budgeten")
  --log-level LEVEL     our bot's log level (default silent; e.g. info writes pino JSON to a pipe)
  --timeout-ms MS       per-request timeout (default 10000)
  --max-seconds S       hard limit for the whole run (default 180)
  --cpu-prof DIR        run the bots with node --cpu-prof; profiles (CPU.*.<pid>.*.cpuprofile)
                        are written to DIR when they stop
  --json                print machine-readable results (only) on stdout
  --verbose             pass the children's stderr through
`;

const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    warmup: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '4' },
    scenarios: { type: 'string', default: 'echo,help,hint,todo,list,mine' },
    store: { type: 'string', default: 'sqlite' },
    'seed-items': { type: 'string', default: '3000' },
    'seed-conversations': { type: 'string', default: '40' },
    connector: { type: 'string', default: 'child' },
    'personal-chats': { type: 'string', default: '20' },
    'channel-share': { type: 'string', default: '0.2' },
    'unknown-text': { type: 'string', default: 'hur går det med budgeten' },
    'log-level': { type: 'string', default: 'silent' },
    'timeout-ms': { type: 'string', default: '10000' },
    'max-seconds': { type: 'string', default: '180' },
    'cpu-prof': { type: 'string' },
    json: { type: 'boolean', default: false },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (flags.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const requests = intFlag('requests', flags.requests, 1, 1_000_000);
const concurrency = intFlag('concurrency', flags.concurrency, 1, 1024);
const warmup = intFlag('warmup', flags.warmup, 0, 1_000_000);
const rounds = Math.min(intFlag('rounds', flags.rounds, 1, 100), requests);
const timeoutMs = intFlag('timeout-ms', flags['timeout-ms'], 100, 120_000);
const maxSeconds = intFlag('max-seconds', flags['max-seconds'], 5, 3600);
const seedItems = intFlag('seed-items', flags['seed-items'], 0, 1_000_000);
const seedConversations = intFlag('seed-conversations', flags['seed-conversations'], 1, 100_000);
if (flags.store !== 'sqlite' && flags.store !== 'cosmos') {
  process.stderr.write('--store must be sqlite or cosmos\n');
  process.exit(64);
}
const connectorWhere = flags.connector === 'parent' ? 'parent' : flags.connector === 'child' ? 'child' : undefined;
if (!connectorWhere) {
  process.stderr.write('--connector must be child or parent\n');
  process.exit(64);
}
const channelShare = Number(flags['channel-share']);
if (!(channelShare >= 0 && channelShare <= 1)) {
  process.stderr.write('--channel-share must be between 0 and 1\n');
  process.exit(64);
}
const workload: WorkloadOptions = {
  personalChats: intFlag('personal-chats', flags['personal-chats'], 0, 10_000),
  channelShare,
  channelThreads: 6,
};

type Bot = 'echo' | 'ours';

interface Scenario {
  key: string;
  name: string;
  bot: Bot;
  /** The message text (after the bot mention), or a function of the request's number. */
  text: RequestText;
  describe: string;
  /** Changes to the conversation mix for this scenario (todo: channel messages only). */
  workload?: Partial<WorkloadOptions>;
  /** People @mentioned in every message (the text carries their `<at>…</at>` markup). */
  mentions?: Person[];
  /** What the scenario's connector answers roster look-ups (TeamsInfo.getMember) with. */
  roster?: RosterMember[];
  /** The reply's card text is needed to check it (the connector then sends it with the summary). */
  needsCardText?: boolean;
  /**
   * Connector calls this scenario makes besides its replies (`${method} ${kind} ${status}` → at most how many in
   * the whole run): reported, and problems only above that number.
   */
  expectedCalls?: Record<string, number>;
  /** Does the recorded reply look like what this scenario must produce? `cardText` only with needsCardText. */
  expectReply(shape: string, request: PreparedRequest, cardText?: string): boolean;
}

const ADAPTIVE_CARD = 'attachment:application/vnd.microsoft.card.adaptive';

const unknownText = flags['unknown-text']!;
const ALL_SCENARIOS: Record<string, Scenario> = {
  echo: {
    key: 'echo',
    name: 'echo',
    bot: 'echo',
    text: 'hello',
    describe: 'echo bot, "hello" → "echo: hello"',
    expectReply: (shape) => shape.startsWith('text:echo: ') && shape.endsWith('hello'),
  },
  help: {
    key: 'help',
    name: 'ours:help',
    bot: 'ours',
    text: 'hjälp',
    describe: 'our bot, "hjälp" → help card',
    expectReply: (shape) => shape === ADAPTIVE_CARD,
  },
  hint: {
    key: 'hint',
    name: 'ours:hint',
    bot: 'ours',
    text: unknownText,
    describe: `our bot, "${unknownText}" → text hint`,
    // The hint quotes the text (tidied, cut after 60 characters).
    expectReply: (shape) => shape.startsWith('text:') && shape.includes(unknownText.trim().replace(/\s+/g, ' ').slice(0, 40)),
  },
  todo: {
    key: 'todo',
    name: 'ours:todo',
    bot: 'ours',
    // N = the request's number: every request creates its own item, and its card must show its own title.
    text: (n) => `att-göra <at>${PEOPLE.petra.name}</at> skicka mail om ensamhetspengen nr ${n} senast fredag`,
    describe: 'our bot, "@SHK-boten att-göra @Petra Edoff skicka mail om ensamhetspengen nr N senast fredag" → item card',
    // "att-göra" with a person mention is a channel command: every request is a channel message mentioning the bot.
    workload: { channelShare: 1 },
    mentions: [PEOPLE.petra],
    // Petra with her AAD id: TeamsInfo.getMember answers, and the bot remembers her in the members container.
    roster: [{ id: PEOPLE.petra.id, name: PEOPLE.petra.name, aadObjectId: PEOPLE.petra.aadObjectId }],
    needsCardText: true,
    // The roster look-up for Petra (GET …/members/29:petra-edoff) until the members container has her: once,
    // or once per request of the first wave, which all miss the cache. More means the cache does not work.
    expectedCalls: { 'GET members 200': concurrency },
    expectReply: (shape, request, cardText) =>
      shape === ADAPTIVE_CARD && new RegExp(`Skicka mail om ensamhetspengen nr ${request.n}(?!\\d)`).test(cardText ?? ''),
  },
  list: {
    key: 'list',
    name: 'ours:list',
    bot: 'ours',
    text: 'uppgifter',
    describe: 'our bot, "uppgifter" → the conversation\'s list card (first page of the seeded items)',
    needsCardText: true,
    // A page of the conversation's seeded items (every conversation of the mix holds some).
    expectReply: (shape, _request, cardText) => shape === ADAPTIVE_CARD && (seedItems === 0 || /Uppgift \d+: skicka underlag/.test(cardText ?? '')),
  },
  mine: {
    key: 'mine',
    name: 'ours:mine',
    bot: 'ours',
    text: 'mina uppgifter',
    describe: 'our bot, "mina uppgifter" → the sender\'s items across conversations (first page)',
    needsCardText: true,
    expectReply: (shape, _request, cardText) => shape === ADAPTIVE_CARD && (seedItems === 0 || /Uppgift \d+: skicka underlag/.test(cardText ?? '')),
  },
};

const scenarioKeys = flags.scenarios!.split(',').map((s) => s.trim()).filter(Boolean);
for (const key of scenarioKeys) {
  if (!ALL_SCENARIOS[key]) {
    process.stderr.write(`unknown scenario ${key}; use echo, help, hint, todo, list, mine\n`);
    process.exit(64);
  }
}
if (new Set(scenarioKeys).size !== scenarioKeys.length) {
  process.stderr.write('--scenarios lists a scenario twice\n');
  process.exit(64);
}
const scenarios = scenarioKeys.map((key) => ALL_SCENARIOS[key]!);

const log = (text: string) => process.stderr.write(`${text}\n`);

// ---------------------------------------------------------------- process lifetime: everything bounded

let dataDir: string | undefined;
const { cleanupSync, watchdog } = boundLifetime({
  name: 'bench',
  maxSeconds,
  cleanup: () => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  },
});

// ---------------------------------------------------------------- the load loop

interface PhaseResult {
  elapsedMs: number;
  latencies: number[];
  /** Per request: HTTP status, or the error name for requests that got no response. */
  outcomes: Array<number | string>;
}

async function runPhase(url: string, batch: PreparedRequest[], deadline: number): Promise<PhaseResult> {
  const latencies = new Array<number>(batch.length);
  const outcomes = new Array<number | string>(batch.length);
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const index = next++;
      if (Date.now() > deadline) {
        outcomes[index] = 'NotSent(deadline)';
        latencies[index] = Number.NaN;
        continue;
      }
      const start = performance.now();
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: batch[index]!.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        await response.arrayBuffer();
        outcomes[index] = response.status;
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        outcomes[index] = e.name === 'TimeoutError' ? 'Timeout' : `${e.name}${e.cause?.code ? `(${e.cause.code})` : ''}`;
      }
      latencies[index] = performance.now() - start;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, worker));
  return { elapsedMs: performance.now() - started, latencies, outcomes };
}

// ---------------------------------------------------------------- checking: 200 and exactly one reply each

interface Check {
  /** Requests with any problem. */
  errors: number;
  /** Problem → count: "HTTP 500", "Timeout", "no reply", "2 replies", "unexpected reply". */
  problems: Record<string, number>;
}

function check(batch: PreparedRequest[], outcomes: Array<number | string>, summary: ConnectorSummary, scenario: Scenario): Check {
  const problems: Record<string, number> = {};
  let errors = 0;
  const add = (problem: string) => (problems[problem] = (problems[problem] ?? 0) + 1);
  let example: string | undefined;
  batch.forEach((request, i) => {
    const outcome = outcomes[i];
    const replies = summary.repliesTo[request.id] ?? 0;
    const found: string[] = [];
    if (outcome !== 200) found.push(typeof outcome === 'number' ? `HTTP ${outcome}` : String(outcome));
    if (typeof outcome === 'string' && outcome.startsWith('NotSent')) {
      // Never sent (run out of time): nothing to look for at the connector.
    } else if (replies === 0) found.push('no reply at connector');
    else if (replies > 1) found.push(`${replies} replies at connector`);
    else if (!scenario.expectReply(summary.shapeOf[request.id] ?? '', request, summary.cardTextOf?.[request.id])) {
      const cardText = summary.cardTextOf?.[request.id];
      found.push(`unexpected reply ${JSON.stringify((summary.shapeOf[request.id] ?? '').slice(0, 60))}${cardText !== undefined ? ' (card text checked)' : ''}`);
      // Card texts differ per request: one example, so the problems still group.
      if (cardText !== undefined && !example) example = `e.g. request nr ${request.n}: card ${JSON.stringify(cardText.replace(/\s+/g, ' ').slice(0, 100))}`;
    }
    if (found.length > 0) errors++;
    for (const problem of found) add(problem);
  });
  if (example) add(example);
  return { errors, problems };
}

/** Connector calls that are not one successful reply to one of our requests, nor expected (there should be none). */
function strayCalls(summary: ConnectorSummary, sentIds: Set<string>, expected: Record<string, number> = {}): Record<string, number> {
  const stray: Record<string, number> = {};
  for (const [key, count] of Object.entries(summary.calls)) {
    if (key === 'POST reply 200') continue;
    const atMost = expected[key];
    if (atMost === undefined) stray[key] = count;
    else if (count > atMost) stray[`${key} (expected at most ${atMost})`] = count;
  }
  const unknown = Object.keys(summary.repliesTo).filter((id) => !sentIds.has(id)).length;
  if (unknown > 0) stray['replies to unknown activity ids'] = unknown;
  return stray;
}

async function summaryCovering(connector: ConnectorHandle, expected: number, deadlineMs: number, options?: SummaryOptions): Promise<ConnectorSummary> {
  // Botbuilder answers the HTTP request only after the turn (and so the reply POST) finished, so the connector
  // has normally seen everything already; allow a short settle for anything still in flight.
  for (;;) {
    const summary = await connector.summary(options);
    if (Object.keys(summary.repliesTo).length >= expected || Date.now() > deadlineMs) return summary;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// ---------------------------------------------------------------- CPU bookkeeping

interface CpuFigures {
  /** CPU time (user + system) in ms during the measured phase. */
  ms: number;
  /** …as a share of one core (100 = one core busy all the time). */
  percentOfCore: number;
  /** …per measured request, µs. */
  perRequestUs: number;
}

/** Sums CPU and connection counts of one process over the measured slices. */
class Meter {
  private cpuUs = 0;
  private connections = 0;
  private seen = false;
  readonly counters: Record<string, number> = {};
  add(before: ProcessStats | undefined, after: ProcessStats | undefined): void {
    if (!before || !after) return;
    this.seen = true;
    this.cpuUs += after.cpuUserUs + after.cpuSystemUs - before.cpuUserUs - before.cpuSystemUs;
    this.connections += (after.connectionsAccepted ?? 0) - (before.connectionsAccepted ?? 0);
    for (const [key, value] of Object.entries(after.counters ?? {})) {
      const delta = value - (before.counters?.[key] ?? 0);
      if (delta !== 0) this.counters[key] = (this.counters[key] ?? 0) + delta;
    }
  }
  cpu(elapsedMs: number, count: number): CpuFigures | undefined {
    if (!this.seen) return undefined;
    return { ms: round(this.cpuUs / 1000, 1), percentOfCore: round((this.cpuUs / 1000 / elapsedMs) * 100, 1), perRequestUs: round(this.cpuUs / count, 0) };
  }
  newConnections(): number | undefined {
    return this.seen ? this.connections : undefined;
  }
}

const parentStats = (): ProcessStats => {
  const cpu = process.cpuUsage();
  return { pid: process.pid, cpuUserUs: cpu.user, cpuSystemUs: cpu.system, rssBytes: process.memoryUsage.rss() };
};

// ---------------------------------------------------------------- the run

interface ScenarioResult {
  scenario: string;
  describe: string;
  bot: Bot;
  requests: number;
  concurrency: number;
  warmup: number;
  rounds: number;
  /** Sum of the measured slices' wall time. */
  elapsedMs: number;
  /** HTTP 200 responses per second of measured time. */
  throughput: number;
  /** Of the measured requests that got HTTP 200. */
  latencyMs: LatencySummary;
  /** Measured requests with any problem (not 200, or not exactly one expected reply at the connector). */
  errors: number;
  problems: Record<string, number>;
  warmupErrors: number;
  warmupProblems: Record<string, number>;
  channelMessages: number;
  cpu: { bot?: CpuFigures; connector?: CpuFigures; loadGenerator?: CpuFigures };
  /** Worst per-slice p99 event-loop delay of the load generator (ms); high = the generator itself was starved. */
  loadGeneratorLoopDelayP99Ms: number;
  /** TCP connections opened during the measured slices: load generator → bot, and bot → connector. */
  newConnections: { toBot?: number; toConnector?: number };
  /** Our bot's store calls during the measured slices (e.g. `conversations.get`), and per request. */
  storeCalls?: Record<string, { total: number; perRequest: number }>;
  /** The scenario's expected connector calls besides replies (warm-up and measured), e.g. roster look-ups. */
  otherConnectorCalls?: Record<string, { count: number; atMost: number }>;
}

interface Server {
  /** The scenario this server serves: each scenario gets its own bot process and connector. */
  scenario: string;
  expectedCalls: Record<string, number>;
  summaryOptions: SummaryOptions;
  child: Child;
  connector: ConnectorHandle;
  url: string;
  /** Every activity id sent to this server (to spot connector calls that answer none of them). */
  sentIds: Set<string>;
}

interface ScenarioState {
  scenario: Scenario;
  server: Server;
  warm: PreparedRequest[];
  warmOutcomes: Array<number | string>;
  slices: PreparedRequest[][];
  measured: PreparedRequest[];
  outcomes: Array<number | string>;
  latencies: number[];
  elapsedMs: number;
  bot: Meter;
  connector: Meter;
  generator: Meter;
  /** p99 event-loop delay of the load generator, per slice (a fresh histogram each: re-enabling one would count the pause). */
  loopDelayP99Ms: number[];
  /** HTTP 200 responses per second, per slice (for the per-round ratios). */
  sliceThroughput: number[];
}

async function main(): Promise<void> {
  const wallStart = performance.now();
  const deadline = Date.now() + maxSeconds * 1000 - 5000;
  log(
    `bench: ${requests} requests × ${scenarios.length} scenarios in ${rounds} interleaved round(s), concurrency ${concurrency}, ` +
      `warm-up ${warmup}, connector in ${connectorWhere}, ${cpus().length} cores, node ${process.version}`,
  );

  dataDir = await mkdtemp(join(tmpdir(), 'shk-bench-'));
  const verbose = flags.verbose ?? false;
  const profile = flags['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', flags['cpu-prof']] : [];
  const connectors: ConnectorHandle[] = [];
  const children: Child[] = [];
  // SQLite: the store is seeded once, here, through the app's services, and each bot of ours starts on a copy of the
  // data folder (seeding in every bot at once took minutes on a busy machine). Cosmos: each bot seeds its own server.
  let seeded: { items: number; conversations: number; ms: number } | undefined;
  if (seedItems > 0 && flags.store === 'sqlite') {
    const store = await openStore({ dataDir: join(dataDir, 'seed'), containers: [...CONTAINERS] });
    try {
      seeded = await seedStore(store, { items: seedItems, conversations: seedConversations, timeZone: 'Europe/Stockholm', workload });
    } finally {
      await store.close();
    }
    log(`bench: seeded ${seeded.items} items in ${seeded.conversations} conversations through the app's services in ${Math.round(seeded.ms)} ms (sqlite; each bot of ours starts on a copy)`);
  }

  try {
    // One bot process (and one connector) per scenario, even for our two: then every bot process has the same
    // history (warm-up, then a slice every round) — a process that just rendered cards has a grown young
    // generation and runs the next slice cheaper, which made the scenario order show in the figures.
    const startServer = async (scenario: Scenario): Promise<Server> => {
      const connector = await startConnector(connectorWhere!, `${scenario.key}-connector`, verbose);
      connectors.push(connector);
      if (scenario.roster) await connector.setRoster(scenario.roster);
      const child =
        scenario.bot === 'echo'
          ? await startChild(`echo-bot[${scenario.key}]`, 'echo-server.ts', { verbose, nodeArgs: profile, startTimeoutMs: 120_000 })
          : await (async () => {
              if (seeded) cpSync(join(dataDir!, 'seed'), join(dataDir!, scenario.key), { recursive: true });
              return startChild(`shk-bot[${scenario.key}]`, 'bot-server.ts', {
              verbose,
              args: [
                '--data-dir', join(dataDir!, scenario.key), '--log-level', flags['log-level']!, '--store', flags.store!,
                ...(seedItems > 0 && flags.store === 'cosmos'
                  ? ['--seed', JSON.stringify({ items: seedItems, conversations: seedConversations, personalChats: workload.personalChats, channelThreads: workload.channelThreads })]
                  : []),
              ],
              startTimeoutMs: 120_000,
              nodeArgs: profile,
            });
            })();
      children.push(child);
      if (!child.ready.port) throw new Error(`${child.name}: ready message without port`);
      return {
        scenario: scenario.name,
        expectedCalls: scenario.expectedCalls ?? {},
        summaryOptions: scenario.needsCardText ? { cardText: true } : {},
        child,
        connector,
        url: `http://127.0.0.1:${child.ready.port}/api/messages`,
        sentIds: new Set(),
      };
    };
    // Start them side by side (start-up is mostly tsx compiling).
    const started = await Promise.all(scenarios.map((scenario) => startServer(scenario)));
    const seededBy = children.map((c) => c.ready.seeded && `${c.name} ${c.ready.seeded.items} items in ${c.ready.seeded.conversations} conversations (${Math.round(c.ready.seeded.ms)} ms)`).filter(Boolean);
    if (seededBy.length > 0) log(`bench: seeded through the app's services before timing (${flags.store}): ${seededBy.join('; ')}`);
    log(`bench: servers ready in ${Math.round(performance.now() - wallStart)} ms (${children.map((c) => `${c.name} pid ${c.process.pid}`).join(', ')})`);

    // Prepare every body up front; measured requests are split into `rounds` slices.
    let offset = 0;
    const states: ScenarioState[] = scenarios.map((scenario, i) => {
      const server = started[i]!;
      const mix = { ...workload, ...scenario.workload };
      const warm = prepareRequests(scenario.text, warmup, server.connector.url, mix, offset, scenario.mentions);
      const measured = prepareRequests(scenario.text, requests, server.connector.url, mix, offset + warmup, scenario.mentions);
      offset += warmup + requests;
      for (const r of [...warm, ...measured]) server.sentIds.add(r.id);
      const slices = Array.from({ length: rounds }, (_, r) =>
        measured.slice(Math.floor((r * requests) / rounds), Math.floor(((r + 1) * requests) / rounds)),
      );
      return {
        scenario, server, warm, warmOutcomes: [], slices, measured, outcomes: [], latencies: [], elapsedMs: 0,
        bot: new Meter(), connector: new Meter(), generator: new Meter(), loopDelayP99Ms: [], sliceThroughput: [],
      };
    });
    for (const connector of connectors) await connector.clear();

    for (const state of states) {
      const warmResult = await runPhase(state.server.url, state.warm, deadline);
      state.warmOutcomes = warmResult.outcomes;
    }

    // Interleaved rounds: echo, help, hint, echo, help, hint, … so a slow spell on a shared machine hits all alike.
    for (let r = 0; r < rounds; r++) {
      for (const state of states) {
        const { server } = state;
        const before = await Promise.all([server.child.stats(), server.connector.stats(), parentStats()]);
        const loopDelay = monitorEventLoopDelay({ resolution: 10 });
        loopDelay.enable();
        const slice = await runPhase(server.url, state.slices[r]!, deadline);
        loopDelay.disable();
        state.loopDelayP99Ms.push(loopDelay.percentile(99) / 1e6);
        const after = await Promise.all([server.child.stats(), server.connector.stats(), parentStats()]);
        state.bot.add(before[0], after[0]);
        state.connector.add(before[1], after[1]);
        state.generator.add(before[2], after[2]);
        state.elapsedMs += slice.elapsedMs;
        state.sliceThroughput.push((slice.outcomes.filter((o) => o === 200).length / slice.elapsedMs) * 1000);
        state.outcomes.push(...slice.outcomes);
        state.latencies.push(...slice.latencies);
      }
    }

    // The connectors' side: exactly one reply of the expected kind per request, and nothing else.
    const summaries = new Map<Server, ConnectorSummary>();
    const stray: Record<string, Record<string, number>> = {};
    for (const server of started) {
      const expected = states
        .filter((s) => s.server === server)
        .reduce((n, s) => n + [...s.warmOutcomes, ...s.outcomes].filter((o) => o === 200).length, 0);
      const summary = await summaryCovering(server.connector, expected, Date.now() + 3000, server.summaryOptions);
      summaries.set(server, summary);
      stray[server.scenario] = strayCalls(summary, server.sentIds, server.expectedCalls);
    }

    const results: ScenarioResult[] = states.map((state) => {
      const summary = summaries.get(state.server)!;
      const warmCheck = check(state.warm, state.warmOutcomes, summary, state.scenario);
      const runCheck = check(state.measured, state.outcomes, summary, state.scenario);
      const ok = state.latencies.filter((_, i) => state.outcomes[i] === 200);
      const result: ScenarioResult = {
        scenario: state.scenario.name,
        describe: state.scenario.describe,
        bot: state.scenario.bot,
        requests,
        concurrency,
        warmup,
        rounds,
        elapsedMs: round(state.elapsedMs, 1),
        throughput: round((ok.length / state.elapsedMs) * 1000, 1),
        latencyMs: mapValues(summariseLatencies(ok), (v) => round(v, 2)),
        errors: runCheck.errors,
        problems: runCheck.problems,
        warmupErrors: warmCheck.errors,
        warmupProblems: warmCheck.problems,
        channelMessages: state.measured.filter((r) => r.where === 'channel').length,
        cpu: {
          bot: state.bot.cpu(state.elapsedMs, requests),
          connector: state.connector.cpu(state.elapsedMs, requests),
          loadGenerator: state.generator.cpu(state.elapsedMs, requests),
        },
        loadGeneratorLoopDelayP99Ms: round(Math.max(0, ...state.loopDelayP99Ms), 1),
        newConnections: { toBot: state.bot.newConnections(), toConnector: state.connector.newConnections() },
      };
      if (state.scenario.bot === 'ours') {
        result.storeCalls = Object.fromEntries(
          Object.entries(state.bot.counters).map(([key, total]) => [key, { total, perRequest: round(total / requests, 3) }]),
        );
      }
      if (state.scenario.expectedCalls) {
        result.otherConnectorCalls = Object.fromEntries(
          Object.entries(state.scenario.expectedCalls).map(([key, atMost]) => [key, { count: summary.calls[key] ?? 0, atMost }]),
        );
      }
      log(
        `bench: ${result.scenario}: ${result.throughput} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, errors ${result.errors}` +
          (result.warmupErrors ? `, warm-up errors ${result.warmupErrors}` : ''),
      );
      return result;
    });

    const echo = results.find((r) => r.bot === 'echo');
    const echoState = states.find((s) => s.scenario.bot === 'echo');
    const ratios: Ratios = { throughput: {}, throughputPerRound: {}, botCpuPerRequest: {} };
    for (const r of results.filter((r) => r.bot === 'ours')) {
      if (echo && echo.throughput > 0) ratios.throughput[r.scenario] = round(r.throughput / echo.throughput, 2);
      const state = states.find((s) => s.scenario.name === r.scenario)!;
      if (echoState) {
        // Paired by round: a slow spell that hits one round moves one of these, not the median.
        const perRound = state.sliceThroughput.map((t, i) => t / echoState.sliceThroughput[i]!).filter(Number.isFinite).sort((a, b) => a - b);
        if (perRound.length > 0) {
          ratios.throughputPerRound[r.scenario] = {
            min: round(perRound[0]!, 2),
            median: round(percentile(perRound, 50), 2),
            max: round(perRound[perRound.length - 1]!, 2),
          };
        }
      }
      const ours = r.cpu.bot?.perRequestUs;
      const theirs = echo?.cpu.bot?.perRequestUs;
      if (ours !== undefined && theirs) ratios.botCpuPerRequest[r.scenario] = round(ours / theirs, 2);
    }

    if (flags.json) {
      const output = {
        benchmark: 'shk-bot vs bare botbuilder echo bot',
        at: new Date().toISOString(),
        machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, platform: process.platform },
        settings: { requests, concurrency, warmup, rounds, connector: connectorWhere, timeoutMs, workload, logLevel: flags['log-level'], store: flags.store, seedItems, seedConversations },
        results,
        throughputRatioOursOverEcho: ratios.throughput,
        throughputRatioPerRound: ratios.throughputPerRound,
        botCpuPerRequestRatioOursOverEcho: ratios.botCpuPerRequest,
        strayConnectorCalls: stray,
        wallSeconds: round((performance.now() - wallStart) / 1000, 1),
      };
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    } else {
      printReport(results, ratios, stray, performance.now() - wallStart);
    }

    const failed =
      results.some((r) => r.errors > 0 || r.warmupErrors > 0) || Object.values(stray).some((s) => Object.keys(s).length > 0);
    if (failed) log('bench: FAILED CHECKS (see PROBLEMS above)');
    process.exitCode = failed ? 1 : 0;
  } finally {
    // Graceful first (so --cpu-prof profiles get written), SIGKILL after the grace period.
    await Promise.allSettled([...children.map((c) => c.stop()), ...connectors.map((c) => c.stop())]);
    cleanupSync();
    clearTimeout(watchdog);
  }
}

interface Ratios {
  throughput: Record<string, number>;
  throughputPerRound: Record<string, { min: number; median: number; max: number }>;
  botCpuPerRequest: Record<string, number>;
}

function mapValues<T extends object>(object: T, f: (value: number) => number): T {
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, f(v as number)])) as T;
}

function printReport(results: ScenarioResult[], ratios: Ratios, stray: Record<string, Record<string, number>>, wallMs: number): void {
  const out: string[] = [''];
  out.push(
    table([
      ['scenario', 'requests', 'concurrency', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors'],
      ...results.map((r) => [r.scenario, r.requests, r.concurrency, r.throughput, r.latencyMs.p50, r.latencyMs.p95, r.latencyMs.p99, r.latencyMs.max, r.errors]),
    ]),
  );
  out.push('');
  for (const [scenario, ratio] of Object.entries(ratios.throughput)) {
    const cpu = ratios.botCpuPerRequest[scenario];
    const perRound = ratios.throughputPerRound[scenario];
    const notes = [
      perRound && rounds > 1 ? `per round min/median/max ${perRound.min.toFixed(2)}/${perRound.median.toFixed(2)}/${perRound.max.toFixed(2)}` : undefined,
      cpu !== undefined ? `bot CPU per request ${cpu.toFixed(2)}× echo's` : undefined,
    ].filter(Boolean);
    out.push(`ours / echo throughput  ${scenario.padEnd(10)} ${ratio.toFixed(2)}` + (notes.length > 0 ? `   (${notes.join('; ')})` : ''));
  }
  out.push('');
  out.push('CPU during the measured slices (% of one core; µs per request) and TCP connections opened meanwhile:');
  out.push(
    table([
      ['scenario', 'bot %', 'bot µs/req', 'connector %', 'load gen %', 'load gen µs/req', 'gen loop p99 ms', 'new conns →bot', 'new conns →connector'],
      ...results.map((r) => [
        r.scenario,
        r.cpu.bot?.percentOfCore ?? Number.NaN,
        r.cpu.bot?.perRequestUs ?? Number.NaN,
        r.cpu.connector?.percentOfCore ?? Number.NaN,
        r.cpu.loadGenerator?.percentOfCore ?? Number.NaN,
        r.cpu.loadGenerator?.perRequestUs ?? Number.NaN,
        r.loadGeneratorLoopDelayP99Ms,
        r.newConnections.toBot ?? Number.NaN,
        r.newConnections.toConnector ?? Number.NaN,
      ]),
    ]),
  );
  if (connectorWhere === 'parent') out.push('(connectors run in the load generator: their CPU is in "load gen %")');
  for (const r of results) {
    if (!r.storeCalls) continue;
    const entries = Object.entries(r.storeCalls).filter(([key]) => key !== 'cosmos.http');
    const calls = entries.map(([key, c]) => `${key} ${c.total} (${c.perRequest}/req)`);
    const perRequest = entries.reduce((n, [, c]) => n + c.total, 0) / r.requests;
    const http = r.storeCalls['cosmos.http'];
    out.push(
      `store calls in ${r.scenario}: ${calls.length > 0 ? `${calls.join(', ')}; ${round(perRequest, 2)} per request` : 'none'}` +
        (http ? `; HTTP requests to the Cosmos server ${round(http.total / r.requests, 2)} per request` : ''),
    );
  }
  for (const r of results) {
    if (!r.otherConnectorCalls) continue;
    const calls = Object.entries(r.otherConnectorCalls).map(([key, c]) => `${c.count} × ${key} (expected at most ${c.atMost})`);
    out.push(`other connector calls in ${r.scenario} (warm-up + measured): ${calls.join(', ')}`);
  }
  for (const r of results) {
    const lines = [
      ...Object.entries(r.problems).map(([p, n]) => `  measured: ${n} × ${p}`),
      ...Object.entries(r.warmupProblems).map(([p, n]) => `  warm-up: ${n} × ${p}`),
    ];
    if (lines.length > 0) out.push('', `PROBLEMS in ${r.scenario}:`, ...lines);
  }
  for (const [scenario, calls] of Object.entries(stray)) {
    if (Object.keys(calls).length > 0) out.push('', `PROBLEMS at the ${scenario} connector (calls other than one reply per request):`, ...Object.entries(calls).map(([p, n]) => `  ${n} × ${p}`));
  }
  const channelCounts = new Set(results.map((r) => r.channelMessages));
  const channelText =
    channelCounts.size <= 1
      ? `${results[0]?.channelMessages ?? 0} of ${requests} measured requests per scenario were channel messages (bot @mentioned), the rest personal chats`
      : `channel messages (bot @mentioned) of ${requests} measured requests: ${results.map((r) => `${r.scenario} ${r.channelMessages}`).join(', ')}; the rest personal chats`;
  out.push('', `${channelText}; ${rounds} round(s); wall time ${(wallMs / 1000).toFixed(1)} s`);
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  cleanupSync();
  process.exit(1);
});
