/**
 * Radar chart benchmark: `npx tsx bench/radar.ts [--fresh 8] [--iterations 50] [--warmup 10] [--gets 200] [--json]`.
 * `--samples <dir>` also writes the sample charts (PNG + SVG) that screenshots/charts/ holds.
 *
 * Three parts, each with its baseline in the same run, interleaved:
 *
 * 1. **First render in a fresh process** (`--fresh` samples per variant, one child process per sample, variants
 *    in rotating order). A child (`node --import tsx bench/radar.ts --child <variant>`) times the import of
 *    render-png.ts (resvg's native addon included), then its first radarSvg() + svgToPng() of the 600 px
 *    round chart (mean with a min–max band), then five more (their median: `next 5`; `first / next` is the
 *    median of each child's ratio, the figure that the machine's load affects least):
 *    - `old path`: the full DejaVu Sans files, no warm-up (what every render did before #14);
 *    - `subset, cold`: the font subsets, no warm-up;
 *    - `subset, warmed`: what the app does: ChartStore.warmUp() at start (30 radars laid out, a card-sized one drawn twice; timed
 *      separately, with the import of chart-store.ts), then the chart;
 *    - `trivial (baseline)`: the first svgToPng() of a one-rect-one-text SVG of the same size.
 * 2. **Warm render** at 400 and 600 px, per chart (the round chart; three initiatives compared): the old path
 *    (full fonts) and ours (subsets), with the trivial SVG as baseline; radarSvg() + svgToPng() timed together.
 * 3. **HTTP serving** through the real route (createHttpServer, SQLite store in a temp dir), one request at a time:
 *    - `first GET after save`: ChartStore.compare() saves the chart (and starts its render), the GET is sent at
 *      once (it waits for the render still in flight); the old path read the SVG from the store and rendered it
 *      on that GET (emulated: container.get + ChartCache.put with the full fonts, as chart-store.ts did);
 *    - `first GET 250 ms after save`: ours, as Teams asks (the card reaches the client first): the render is done;
 *    - `cached GET`: the same chart again (ours: kept by id, no store read; old: a store read, the SVG hashed,
 *      the PNG from ChartCache);
 *    - `conditional GET (304)`: with the ETag (ours only; the old route had no ETag);
 *    - `GET /healthz (baseline)`: the cheapest route of the same server (a store health check).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { radarSvg, type RadarOptions } from '../src/charts/radar.js';
import { percentile, round, table } from './stats.js';

const { values: args } = parseArgs({
  options: {
    fresh: { type: 'string', default: '8' },
    iterations: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '10' },
    gets: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
    samples: { type: 'string' },
    child: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log('npx tsx bench/radar.ts [--fresh 8] [--iterations 50] [--warmup 10] [--gets 200] [--json] [--samples screenshots/charts]');
  process.exit(0);
}

const BOARD = ['Invånarnytta', 'Partnerskap & samproduktion', 'Innovationshöjd', 'Hållbarhet', 'Koppling till fokusområdena'];

const charts: Record<string, (size: number) => RadarOptions> = {
  'mean+band': (size) => ({
    size,
    axes: BOARD,
    title: 'Digital trygghetsvärd – medel av 6 bedömningar',
    series: [{ label: 'Medel', values: [3.83, 4.17, 2.5, 3.33, 4.67], band: { min: [3, 3, 1, 2, 4], max: [5, 5, 4, 4, 5] } }],
  }),
  'compare-3': (size) => ({
    size,
    axes: BOARD,
    title: 'Jämförelse av koncept',
    series: [
      { label: 'Digital trygghetsvärd', values: [3.8, 4.2, 2.5, 3.3, 4.7] },
      { label: 'Mötesplats för unga i Eskilstuna', values: [4.5, 3.0, 3.8, 4.1, 3.6] },
      { label: 'Läxhjälp online', values: [2.9, 2.2, 4.4, 2.6, 3.1] },
    ],
  }),
};

const trivialSvg = (size: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
  `<rect width="${size}" height="${size}" fill="#ffffff"/>` +
  `<text x="${size / 2}" y="${size / 2}" font-family="'DejaVu Sans', sans-serif" font-size="16" text-anchor="middle">Invånarnytta</text></svg>`;

// ---- 1. the child: one first render in a fresh process ------------------------------------------------------

const FRESH_VARIANTS = ['old', 'cold', 'warmed', 'trivial'] as const;
type FreshVariant = (typeof FRESH_VARIANTS)[number];
interface FreshSample {
  importMs: number;
  warmUpMs: number;
  firstMs: number;
  /** Median of the next five renders of the same chart in the same child: warm, for a ratio free of the load. */
  nextMs: number;
}

if (args.child) {
  const variant = args.child as FreshVariant;
  const t0 = performance.now();
  const { svgToPng } = await import('../src/charts/render-png.js');
  const t1 = performance.now();
  if (variant === 'warmed') {
    // What app.start() does (ChartStore.warmUp), without a store.
    const { ChartStore } = await import('../src/charts/chart-store.js');
    ChartStore.prototype.warmUp.call(undefined);
  }
  const t2 = performance.now();
  const draw = () => {
    if (variant === 'trivial') svgToPng(trivialSvg(600));
    else svgToPng(radarSvg(charts['mean+band']!(600)), variant === 'old' ? { fonts: 'full' } : {});
  };
  draw();
  const t3 = performance.now();
  const next: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    draw();
    next.push(performance.now() - t);
  }
  const sample: FreshSample = { importMs: t1 - t0, warmUpMs: t2 - t1, firstMs: t3 - t2, nextMs: next.sort((a, b) => a - b)[2]! };
  process.stdout.write(JSON.stringify(sample));
  process.exit(0);
}

// ---- the parent ----------------------------------------------------------------------------------------------

const { svgToPng, ChartCache } = await import('../src/charts/render-png.js');
const fresh = Math.max(1, Number(args.fresh));
const iterations = Math.max(1, Number(args.iterations));
const warmup = Math.max(0, Number(args.warmup));
const gets = Math.max(1, Number(args.gets));
const load = { before: loadavg().map((l) => round(l, 2)), after: [] as number[] };

if (args.samples) {
  const CONCEPT = ['Invånarnytta', 'Innovativ höjd', 'Genomförbarhet', 'Proaktivt', 'Möjlig effekt för att uppnå mål inom fokusområdena'];
  const samples: Record<string, RadarOptions> = {
    'radar-mean-band-600': charts['mean+band']!(600),
    'radar-compare-3-600': charts['compare-3']!(600),
    'radar-dark-600': { ...charts['mean+band']!(600), title: 'Digital trygghetsvärd', theme: 'dark' },
    'radar-concept-phase-600': {
      axes: CONCEPT,
      title: 'Konceptfas: Hemmaplan – stöd för äldre',
      series: [{ label: 'Medel', values: [4.2, 3.6, 2.8, 4.4, 5], band: { min: [3, 2, 2, 4, 4], max: [5, 5, 4, 5, 5] } }],
    },
    'radar-compare-3-400': charts['compare-3']!(400),
    'radar-concept-phase-400': { size: 400, axes: CONCEPT, series: [{ label: 'Medel', values: [4.2, 3.6, 2.8, 4.4, 5] }] },
  };
  mkdirSync(args.samples, { recursive: true });
  for (const [name, options] of Object.entries(samples)) {
    const svg = radarSvg(options);
    writeFileSync(join(args.samples, `${name}.svg`), svg);
    writeFileSync(join(args.samples, `${name}.png`), svgToPng(svg));
  }
  console.error(`wrote ${Object.keys(samples).length} samples to ${args.samples}`);
}

const median = (xs: number[]) => percentile(Float64Array.from(xs).sort(), 50);
const p95 = (xs: number[]) => percentile(Float64Array.from(xs).sort(), 95);

// 1. Fresh processes, variants in rotating order.
const self = fileURLToPath(import.meta.url);
const freshSamples: Record<FreshVariant, FreshSample[]> = { old: [], cold: [], warmed: [], trivial: [] };
for (let i = 0; i < fresh; i++) {
  for (let j = 0; j < FRESH_VARIANTS.length; j++) {
    const variant = FRESH_VARIANTS[(i + j) % FRESH_VARIANTS.length]!;
    const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', variant], { encoding: 'utf8' });
    freshSamples[variant].push(JSON.parse(out) as FreshSample);
  }
}
const freshLabel: Record<FreshVariant, string> = { old: 'old path (full fonts)', cold: 'subset, cold', warmed: 'subset, warmed (app)', trivial: 'trivial (baseline)' };
const freshRows = FRESH_VARIANTS.map((v) => {
  const s = freshSamples[v];
  const first = s.map((x) => x.firstMs);
  return {
    variant: freshLabel[v],
    importMs: median(s.map((x) => x.importMs)),
    warmUpMs: v === 'warmed' ? median(s.map((x) => x.warmUpMs)) : Number.NaN,
    firstMedianMs: median(first),
    firstMinMs: Math.min(...first),
    firstMaxMs: Math.max(...first),
    nextMs: median(s.map((x) => x.nextMs)),
    firstOverNext: median(s.map((x) => x.firstMs / x.nextMs)),
  };
});

// 2. Warm renders.
interface WarmRow {
  size: number;
  chart: string;
  path: string;
  medianMs: number;
  p95Ms: number;
  svgKB: number;
  pngKB: number;
  ratio: number;
}
const warmRows: WarmRow[] = [];
for (const size of [400, 600]) {
  const names = Object.keys(charts);
  const times: Record<string, number[]> = { trivial: [] };
  const bytes: Record<string, { svg: number; png: number }> = {};
  for (const name of names) for (const path of ['old', 'ours']) times[`${name}/${path}`] = [];
  for (let i = 0; i < warmup + iterations; i++) {
    const measured = i >= warmup;
    let t0 = performance.now();
    const trivial = svgToPng(trivialSvg(size));
    if (measured) times.trivial!.push(performance.now() - t0);
    bytes.trivial = { svg: trivialSvg(size).length, png: trivial.length };
    for (const name of names) {
      for (const path of i % 2 === 0 ? ['old', 'ours'] : ['ours', 'old']) {
        t0 = performance.now();
        const svg = radarSvg(charts[name]!(size));
        const png = svgToPng(svg, path === 'old' ? { fonts: 'full' } : {});
        if (measured) times[`${name}/${path}`]!.push(performance.now() - t0);
        bytes[name] = { svg: Buffer.byteLength(svg), png: png.length };
      }
    }
  }
  const base = median(times.trivial!);
  warmRows.push({ size, chart: 'trivial (baseline)', path: '', medianMs: base, p95Ms: p95(times.trivial!), svgKB: bytes.trivial!.svg / 1024, pngKB: bytes.trivial!.png / 1024, ratio: 1 });
  for (const name of names) {
    for (const path of ['old', 'ours']) {
      const t = times[`${name}/${path}`]!;
      warmRows.push({ size, chart: name, path: path === 'old' ? 'old (full fonts)' : 'ours (subsets)', medianMs: median(t), p95Ms: p95(t), svgKB: bytes[name]!.svg / 1024, pngKB: bytes[name]!.png / 1024, ratio: median(t) / base });
    }
  }
}

// 3. HTTP serving through the real route.
const { ChartStore, CARD_CHART_SIZE, CHARTS_CONTAINER } = await import('../src/charts/chart-store.js');
const { SqliteStore } = await import('../src/store/sqlite-store.js');
const { createHttpServer } = await import('../src/server.js');
const { silentLogger } = await import('../src/logger.js');
const { systemClock } = await import('../src/domain/ports.js');
const { partitionKey } = await import('../src/store/document-store.js');
const { criteriaSet } = await import('../src/domain/scoring/criteria.js');
const { newInitiative, withResult } = await import('../src/domain/initiatives/initiative.js');

const dir = mkdtempSync(join(tmpdir(), 'shk-radar-bench-'));
const store = SqliteStore.open({ file: join(dir, 'bot.db') });
const TENANT = 'bench-tenant';
const set = criteriaSet('standard')!;
const ours = new ChartStore(store, systemClock);
ours.warmUp();
/** The chart route as it was before #14: the SVG read from the store on every GET, rendered into a content cache. */
const container = store.container<{ id: string; pk: string; tenantId: string; type: 'chart'; svg: string; createdAt: string }>(CHARTS_CONTAINER);
const oldCache = new ChartCache(200, { render: (svg, o) => svgToPng(svg, { ...o, fonts: 'full' }) });
const oldEndpoint = {
  async png(tenantId: string, id: string) {
    const chart = await container.get(partitionKey(tenantId), id);
    return chart ? { png: oldCache.put(chart.svg, CARD_CHART_SIZE).png, etag: '' } : undefined;
  },
};
const messages = { process: async () => { throw new Error('not used'); } };
const servers = [createHttpServer({ logger: silentLogger(), charts: ours, store, messages, version: 'bench' }), createHttpServer({ logger: silentLogger(), charts: oldEndpoint, store, messages, version: 'bench' })];
const [ourUrl, oldUrl] = await Promise.all(servers.map(async (s) => `http://127.0.0.1:${await s.listen(0, '127.0.0.1')}`));

const initiatives = (n: number) => {
  const now = new Date();
  return Array.from({ length: 3 }, (_, k) =>
    withResult(
      newInitiative({ id: `20000000-0000-4000-8000-${String(n * 10 + k).padStart(12, '0')}`, tenantId: TENANT, name: `Initiativ ${n}.${k} – Mötesplats för unga`, createdBy: { id: 'bench', name: 'Bench' } }, now),
      { roundId: `r${n}.${k}`, criteriaSetId: set.id, closedAt: now.toISOString(), overallMean: 3, means: Object.fromEntries(set.criteria.map((c, i) => [c.id, 1 + ((n + k * 7 + i * 3) % 40) / 10])), answers: 5, chartPath: '' },
      now,
    ),
  );
};
const timedGet = async (url: string, headers: Record<string, string> = {}) => {
  const t0 = performance.now();
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  const ms = performance.now() - t0;
  if (response.status !== 200 && response.status !== 304) throw new Error(`GET ${url}: ${response.status}`);
  return { ms, status: response.status, etag: response.headers.get('etag') ?? '' };
};

const http: Record<string, number[]> = { 'ours: first GET after save': [], 'ours: first GET 250 ms after save': [], 'old: first GET after save': [], 'ours: cached GET': [], 'old: cached GET': [], 'ours: conditional GET (304)': [], 'GET /healthz (baseline)': [] };
const firstGets = Math.max(10, Math.min(gets, fresh * 5));
let ourPath = '';
let oldPath = '';
for (let i = 0; i < firstGets; i++) {
  const svgInitiatives = initiatives(i);
  // Old: the chart document saved (no render), then the GET renders it.
  const id = `${String(i).padStart(8, '0')}${'0'.repeat(24)}`;
  const svg = radarSvg({ size: CARD_CHART_SIZE, axes: set.criteria.map((c) => c.name.sv), series: svgInitiatives.map((x) => ({ label: x.name, values: set.criteria.map((c) => x.latestResult?.means[c.id] ?? Number.NaN) })), legend: true, decimal: ',' });
  await container.create({ id, pk: partitionKey(TENANT), tenantId: TENANT, type: 'chart', svg, createdAt: new Date().toISOString() });
  oldPath = `/charts/${TENANT}/${id}.png`;
  const order = i % 2 === 0 ? ['ours', 'old'] : ['old', 'ours'];
  for (const which of order) {
    if (which === 'old') http['old: first GET after save']!.push((await timedGet(oldUrl + oldPath)).ms);
    else {
      ourPath = await ours.compare(TENANT, initiatives(i + 1000), set, 'sv');
      http['ours: first GET after save']!.push((await timedGet(ourUrl + ourPath)).ms);
    }
  }
  // Teams fetches the image once the card has reached the client (well over 250 ms after the bot sent it).
  const later = await ours.compare(TENANT, initiatives(i + 2000), set, 'sv');
  await new Promise((resolve) => setTimeout(resolve, 250));
  http['ours: first GET 250 ms after save']!.push((await timedGet(ourUrl + later)).ms);
}
const etag = (await timedGet(ourUrl + ourPath)).etag;
for (let i = 0; i < gets; i++) {
  const steps: Array<[string, () => Promise<{ ms: number }>]> = [
    ['GET /healthz (baseline)', () => timedGet(`${ourUrl}/healthz`)],
    ['ours: cached GET', () => timedGet(ourUrl + ourPath)],
    ['old: cached GET', () => timedGet(oldUrl + oldPath)],
    ['ours: conditional GET (304)', () => timedGet(ourUrl + ourPath, { 'If-None-Match': etag })],
  ];
  for (let j = 0; j < steps.length; j++) {
    const [name, step] = steps[(i + j) % steps.length]!;
    const { ms } = await step();
    if (i >= 10) http[name]!.push(ms);
  }
}
for (const s of servers) s.server.close();
await store.close();
rmSync(dir, { recursive: true, force: true });
const healthz = median(http['GET /healthz (baseline)']!);
const httpRows = Object.entries(http).map(([name, t]) => ({ request: name, n: t.length, medianMs: median(t), p95Ms: p95(t), ratio: median(t) / healthz }));
load.after = loadavg().map((l) => round(l, 2));

const r = (v: number, d = 3) => (Number.isFinite(v) ? round(v, d) : v);
if (args.json) {
  console.log(JSON.stringify({ fresh, iterations, warmup, gets, load, freshRows, warmRows, httpRows }, (_k, v) => (typeof v === 'number' ? r(v) : v), 2));
} else {
  console.log(`load average before ${load.before.join(' ')}, after ${load.after.join(' ')} (1, 5, 15 min)\n`);
  console.log(`1. first render in a fresh process: 600 px round chart, ${fresh} child processes per variant, rotating order\n`);
  console.log(
    table([
      ['variant', 'import ms', 'warm-up ms', 'first render ms (median)', 'min', 'max', 'next 5 ms', 'first / next'],
      ...freshRows.map((x) => [x.variant, x.importMs, Number.isNaN(x.warmUpMs) ? '-' : x.warmUpMs, x.firstMedianMs, x.firstMinMs, x.firstMaxMs, x.nextMs, x.firstOverNext]),
    ]),
  );
  console.log(`\n2. warm render: radarSvg() + svgToPng(), ${iterations} iterations after ${warmup} warm-up, interleaved\n`);
  console.log(
    table([
      ['size', 'chart', 'path', 'median ms', 'p95 ms', 'SVG KB', 'PNG KB', '× trivial'],
      ...warmRows.map((x) => [`${x.size} px`, x.chart, x.path, x.medianMs, x.p95Ms, x.svgKB, x.pngKB, x.ratio]),
    ]),
  );
  console.log(`\n3. HTTP: GET /charts/…png through the real route, one request at a time (first GETs: ${firstGets} charts each; others: ${gets} rounds, interleaved)\n`);
  console.log(table([['request', 'n', 'median ms', 'p95 ms', '× /healthz'], ...httpRows.map((x) => [x.request, x.n, x.medianMs, x.p95Ms, x.ratio])]));
}
