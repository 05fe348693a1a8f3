/**
 * Radar chart rendering benchmark: `npx tsx bench/radar.ts [--iterations 50] [--warmup 10] [--json]`.
 * `--samples <dir>` also writes the sample charts (PNG + SVG) that screenshots/charts/ holds.
 *
 * Per size (400 and 600 px) and chart (mean of one series with a min–max band; three series compared) it times
 * radarSvg() + svgToPng() together, and the SVG build alone. The in-run baseline is svgToPng() of a trivial SVG
 * of the same size (one rect + one text): what resvg costs to rasterise and PNG-encode an almost empty canvas
 * with the bundled font loaded. The three are run interleaved (trivial, mean, compare, trivial, …), so machine
 * noise spreads evenly; the ratio radar / trivial is the figure to compare between runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { radarSvg, type RadarOptions } from '../src/charts/radar.js';
import { svgToPng } from '../src/charts/render-png.js';
import { percentile, round, table } from './stats.js';

const { values: args } = parseArgs({
  options: {
    iterations: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '10' },
    json: { type: 'boolean', default: false },
    samples: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log('npx tsx bench/radar.ts [--iterations 50] [--warmup 10] [--json] [--samples screenshots/charts]');
  process.exit(0);
}
const iterations = Math.max(1, Number(args.iterations));
const warmup = Math.max(0, Number(args.warmup));

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

const CONCEPT = ['Invånarnytta', 'Innovativ höjd', 'Genomförbarhet', 'Proaktivt', 'Möjlig effekt för att uppnå mål inom fokusområdena'];

if (args.samples) {
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

const trivialSvg = (size: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">` +
  `<rect width="${size}" height="${size}" fill="#ffffff"/>` +
  `<text x="${size / 2}" y="${size / 2}" font-family="'DejaVu Sans', sans-serif" font-size="16" text-anchor="middle">Invånarnytta</text></svg>`;

interface Row {
  size: number;
  chart: string;
  medianMs: number;
  p95Ms: number;
  svgMedianMs: number;
  svgKB: number;
  pngKB: number;
  ratio: number;
}

const summary = (samples: number[]) => {
  const sorted = Float64Array.from(samples).sort();
  return { median: percentile(sorted, 50), p95: percentile(sorted, 95) };
};

const rows: Row[] = [];
for (const size of [400, 600]) {
  const names = Object.keys(charts);
  const total: Record<string, number[]> = { trivial: [] };
  const build: Record<string, number[]> = {};
  const bytes: Record<string, { svg: number; png: number }> = {};
  for (const name of names) {
    total[name] = [];
    build[name] = [];
  }
  for (let i = 0; i < warmup + iterations; i++) {
    const measured = i >= warmup;
    let t0 = performance.now();
    const trivial = svgToPng(trivialSvg(size));
    if (measured) total.trivial!.push(performance.now() - t0);
    bytes.trivial = { svg: trivialSvg(size).length, png: trivial.length };
    for (const name of names) {
      t0 = performance.now();
      const svg = radarSvg(charts[name]!(size));
      const t1 = performance.now();
      const png = svgToPng(svg);
      const t2 = performance.now();
      if (measured) {
        total[name]!.push(t2 - t0);
        build[name]!.push(t1 - t0);
      }
      bytes[name] = { svg: Buffer.byteLength(svg), png: png.length };
    }
  }
  const base = summary(total.trivial!);
  rows.push({ size, chart: 'trivial (baseline)', medianMs: base.median, p95Ms: base.p95, svgMedianMs: Number.NaN, svgKB: bytes.trivial!.svg / 1024, pngKB: bytes.trivial!.png / 1024, ratio: 1 });
  for (const name of names) {
    const s = summary(total[name]!);
    rows.push({
      size,
      chart: name,
      medianMs: s.median,
      p95Ms: s.p95,
      svgMedianMs: summary(build[name]!).median,
      svgKB: bytes[name]!.svg / 1024,
      pngKB: bytes[name]!.png / 1024,
      ratio: s.median / base.median,
    });
  }
}

if (args.json) {
  console.log(JSON.stringify({ iterations, warmup, rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? round(v, 3) : v]))) }, null, 2));
} else {
  console.log(`radar chart render: radarSvg() + svgToPng(), ${iterations} iterations after ${warmup} warm-up, interleaved\n`);
  console.log(
    table([
      ['size', 'chart', 'median ms', 'p95 ms', 'svg build ms', 'SVG KB', 'PNG KB', '× trivial'],
      ...rows.map((r) => [`${r.size} px`, r.chart, r.medianMs, r.p95Ms, r.svgMedianMs, r.svgKB, r.pngKB, r.ratio]),
    ]),
  );
  console.log('\n× trivial = median / median of rendering a one-rect-one-text SVG of the same size in the same run.');
}
