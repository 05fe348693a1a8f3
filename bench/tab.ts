/**
 * The tab's API on a large tenant: `npx tsx bench/tab.ts [--conversations 12] [--items 150] [--meetings 12]
 * [--initiatives 20] [--requests 60] [--concurrency 4] [--json]`.
 *
 * Builds a tenant through the domain services (the same code the bot runs): C channels with I att-göra items
 * each (a third done, some overdue), M meetings per channel with to-dos linked to items, and N initiatives with
 * a closed evaluation round each. Then the real HTTP server (createApp, SQLite in a temp dir, local mode: dev
 * identity, all conversations visible) answers the tab's endpoints over HTTP.
 *
 * Baseline in the same run: GET /healthz, which reads the store once (a point read) and answers small JSON.
 * Requests are interleaved endpoint by endpoint (healthz, items, healthz, meetings, …) so machine noise falls
 * on all of them alike; the ratio endpoint p50 / healthz p50 is the figure to compare between runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { addDays } from '../src/domain/dates/due-date.js';
import { FixedClock } from '../src/domain/ports.js';
import { silentLogger } from '../src/logger.js';
import { PEOPLE, TENANT } from '../test/helpers/activities.js';
import { intFlag, round, summariseLatencies, table } from './stats.js';

const HELP = `Usage: npx tsx bench/tab.ts [flags]

  --conversations N   channels in the tenant (default 12)
  --items N           att-göra items per channel (default 150)
  --meetings N        meetings per channel, 4 to-dos each (default 12)
  --initiatives N     initiatives with a closed round of 3 answers (default 20)
  --requests N        measured requests per endpoint (default 60)
  --concurrency N     requests in flight (default 1: latencies without queueing behind each other)
  --json              print machine-readable results only
`;

const { values: args } = parseArgs({
  options: {
    conversations: { type: 'string', default: '12' },
    items: { type: 'string', default: '150' },
    meetings: { type: 'string', default: '12' },
    initiatives: { type: 'string', default: '20' },
    requests: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const conversations = intFlag('conversations', args.conversations, 1, 200);
const itemsPer = intFlag('items', args.items, 0, 5_000);
const meetingsPer = intFlag('meetings', args.meetings, 0, 500);
const initiativeCount = intFlag('initiatives', args.initiatives, 0, 500);
const requests = intFlag('requests', args.requests, 1, 100_000);
const concurrency = intFlag('concurrency', args.concurrency, 1, 256);
const log = (line: string) => (args.json ? undefined : process.stdout.write(`${line}\n`));

const dataDir = await mkdtemp(join(tmpdir(), 'shk-bench-tab-'));
const clock = new FixedClock('2024-02-01T08:00:00Z');
const app = await createApp(
  loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'silent', LOCAL_MODE: 'true', DEV_TENANT_ID: TENANT }),
  silentLogger(),
  { clock, manualJobs: true },
);
try {
  const started = performance.now();
  const people = Object.values(PEOPLE);
  const { services } = app;
  const keys: string[] = [];
  for (let c = 0; c < conversations; c++) {
    const channelId = `19:bench-channel-${c}@thread.tacv2`;
    await services.conversations.touch({
      tenantId: TENANT,
      kind: 'channel',
      conversationId: channelId,
      channelId,
      teamId: channelId,
      teamName: `Core Team ${c}`,
      channelName: 'Allmänt',
      serviceUrl: 'http://127.0.0.1:9/',
      channelIdName: 'msteams',
      botId: '28:bench-bot',
    });
    const key = `channel:${channelId}`;
    keys.push(key);
    for (let i = 0; i < itemsPer; i++) {
      const created = await services.actionItems.create({
        tenantId: TENANT,
        conversationKey: key,
        title: `Uppgift ${i} i kanal ${c}: skicka underlag till KPR om ensamhetspengen`,
        assignees: [people[i % people.length]!, ...(i % 4 === 0 ? [people[(i + 1) % people.length]!] : [])],
        due: { date: addDays('2024-02-01', (i % 60) + 1) },
        sender: people[(i + 2) % people.length]!,
      });
      if (created.ok && i % 3 === 0) {
        await services.actionItems.act(TENANT, created.value.item.id, created.value.item.revision, { person: people[0]!, conversationKey: key }, { type: 'complete' });
      }
    }
    for (let m = 0; m < meetingsPer; m++) {
      await services.meetings.save({
        tenantId: TENANT,
        conversationKey: key,
        form: {
          title: `Core Team-möte ${m + 1}`,
          kind: 'coreTeam',
          date: addDays('2023-01-10', m * 28),
          participants: 'Petra Edoff, Samhällskontraktet\nChristine Wäneskog, Västerås stad\nJohan Lindström, Eskilstuna kommun\nAnne Almqvist, Mälardalens universitet',
          decisions: 'Budgeten för 2024 fastställs.\nPiloten Måltider och möten går vidare.',
          todos: 'Petra: skicka inbjudan\nChristine: boka lokal\nJohan: ta fram underlag\nAnne: sammanställa enkäten',
          keyPoints: 'Genomgång av fokusområdena.\nKPR träffas i mars.',
        },
        by: people[0]!,
        lookup: async (name) => people.find((p) => p.name.startsWith(name)),
      });
    }
  }
  for (let n = 0; n < initiativeCount; n++) {
    const evaluators = people.slice(1, 4);
    const start = await services.evaluations.startRound({ tenantId: TENANT, conversationKey: keys[0]!, text: `Initiativ nummer ${n + 1}`, evaluators, createdBy: people[0]! });
    if (!start.ok) throw new Error(`round ${n}: ${start.error.code}`);
    for (const [e, evaluator] of evaluators.entries()) {
      const scores = Object.fromEntries(['citizenValue', 'partnership', 'innovation', 'sustainability', 'focusAreaFit'].map((id, k) => [id, 1 + ((n + e + k) % 5)]));
      await services.evaluations.submitAnswer(TENANT, start.value.round.id, keys[0]!, evaluator, { scores });
    }
    await services.evaluations.closeRound(TENANT, start.value.round.id, people[0]!, 'sv');
  }
  clock.set('2024-03-04T09:00:00Z');
  const seedSeconds = (performance.now() - started) / 1000;
  const port = await app.start();
  const base = `http://127.0.0.1:${port}`;
  const initiatives = ((await (await fetch(`${base}/api/tab/initiatives`)).json()) as { initiatives: Array<{ id: string }> }).initiatives;
  const five = initiatives.slice(0, 5).map((i) => i.id).join(',');

  const endpoints: Array<[string, string]> = [
    ['healthz (baseline)', '/healthz'],
    ['me', '/api/tab/me'],
    ['items, one channel', `/api/tab/items?conversation=${encodeURIComponent(keys[0]!)}`],
    ['items, all channels', '/api/tab/items'],
    ['meetings, all', '/api/tab/meetings'],
    ['meetings, search', '/api/tab/meetings?q=budgeten%20kpr'],
    ['initiatives', '/api/tab/initiatives'],
    ['radar, compare 5', `/api/tab/radar.svg?initiatives=${five}`],
    ['export items.xlsx, all', '/api/tab/export/items.xlsx'],
    ['export rounds.csv', '/api/tab/export/rounds.csv'],
  ];
  const latencies = new Map(endpoints.map(([name]) => [name, [] as number[]]));
  const bytes = new Map<string, number>();
  const once = async ([name, path]: [string, string]) => {
    const t0 = performance.now();
    const response = await fetch(`${base}${path}`, { headers: { 'accept-language': 'sv-SE' } });
    const body = Buffer.from(await response.arrayBuffer());
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.toString().slice(0, 200)}`);
    latencies.get(name)!.push(performance.now() - t0);
    bytes.set(name, body.length);
  };
  // Warm-up, then interleaved rounds: every endpoint once per round, `concurrency` rounds in flight.
  for (const endpoint of endpoints) await once(endpoint);
  for (const list of latencies.values()) list.length = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++;
        for (const endpoint of endpoints) await once(endpoint);
      }
    }),
  );

  const baseline = summariseLatencies(latencies.get(endpoints[0]![0])!);
  const results = endpoints.map(([name]) => {
    const s = summariseLatencies(latencies.get(name)!);
    return { endpoint: name, requests: latencies.get(name)!.length, p50: round(s.p50), p95: round(s.p95), ratioP50: round(s.p50 / baseline.p50), kb: round(bytes.get(name)! / 1024, 1) };
  });
  const totalItems = conversations * (itemsPer + meetingsPer * 4);
  if (args.json) {
    process.stdout.write(`${JSON.stringify({ conversations, items: totalItems, meetings: conversations * meetingsPer, initiatives: initiativeCount, concurrency, results })}\n`);
  } else {
    log(`Tenant: ${conversations} channels, ${totalItems} items (incl. meeting to-dos), ${conversations * meetingsPer} meetings, ${initiativeCount} initiatives; built in ${seedSeconds.toFixed(1)} s`);
    log(`${requests} interleaved rounds over ${endpoints.length} endpoints, ${concurrency} in flight; SQLite (WAL), local mode.\n`);
    log(table([['endpoint', 'requests', 'p50 ms', 'p95 ms', 'p50 / healthz', 'KB'], ...results.map((r) => [r.endpoint, r.requests, r.p50, r.p95, r.ratioP50, r.kb])]));
  }
} finally {
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
}
