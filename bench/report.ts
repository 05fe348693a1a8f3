/**
 * Board report benchmark: `npx tsx bench/report.ts [--initiatives 200] [--items 300] [--iterations 3] [--json]`.
 *
 * Generates the board report (.docx) of a large tenant — 200 initiatives in two focus areas, most with a radar,
 * 300 att-göra, six meetings — and, as the in-run baseline, the report of an empty tenant (cover, summary and the
 * empty sections: what the docx library and the writer cost with nothing to draw). Runs are interleaved (empty,
 * large, empty, …) so machine noise spreads over both. Prints per report: the model build (domain), the .docx
 * (radars rasterised with resvg + packing), the total, the file size and the number of images.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { boardReportDocx, reportChartCache } from '../src/report/board-report-docx.js';
import { fixtureReport, REPORT_TZ, reportFixture, type ReportFixture } from '../test/helpers/report-fixtures.js';
import { intFlag, percentile, round, table } from './stats.js';

const { values: args } = parseArgs({
  options: {
    initiatives: { type: 'string', default: '200' },
    items: { type: 'string', default: '300' },
    iterations: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log('npx tsx bench/report.ts [--initiatives 200] [--items 300] [--iterations 3] [--json]');
  process.exit(0);
}
const initiatives = intFlag('initiatives', args.initiatives, 1, 2000);
const items = intFlag('items', args.items, 0, 100_000);
const iterations = intFlag('iterations', args.iterations, 1, 100);

interface Case {
  name: string;
  /** A chart cache kept between runs: the report opened again (the product keeps one per process). */
  cache?: ReturnType<typeof reportChartCache>;
  fixture: ReportFixture;
  build: number[];
  docx: number[];
  total: number[];
  bytes: number;
  images: number;
}

const cases: Case[] = [
  { name: 'empty tenant (baseline)', fixture: reportFixture({ initiatives: 0 }), build: [], docx: [], total: [], bytes: 0, images: 0 },
  { name: `${initiatives} initiatives, ${items} att-göra`, fixture: reportFixture({ initiatives, items, meetings: 6 }), build: [], docx: [], total: [], bytes: 0, images: 0 },
];
cases.push({ ...cases[1]!, name: `${cases[1]!.name}, charts cached`, cache: reportChartCache(), build: [], docx: [], total: [] });

async function once(c: Case): Promise<void> {
  const t0 = performance.now();
  const report = fixtureReport(c.fixture);
  const t1 = performance.now();
  const body = await boardReportDocx(report, { locale: 'sv', scope: 'Core Team Äldre › Allmänt', timeZone: REPORT_TZ, ...(c.cache ? { charts: c.cache } : {}) });
  const t2 = performance.now();
  c.build.push(t1 - t0);
  c.docx.push(t2 - t1);
  c.total.push(t2 - t0);
  c.bytes = body.length;
  c.images = c.fixture.initiatives.filter((i) => i.latestResult).length + (report.actionItems.totals.done + report.actionItems.totals.onTime + report.actionItems.totals.atRisk + report.actionItems.totals.overdue > 0 ? 1 : 0);
}

// Warm-up: fonts loaded, code compiled.
for (const c of cases) await once(c);
for (const c of cases) Object.assign(c, { build: [], docx: [], total: [] });
for (let i = 0; i < iterations; i++) for (const c of cases) await once(c);

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const baseline = median(cases[0]!.total);
const rows = cases.map((c) => ({
  report: c.name,
  buildMs: round(median(c.build), 1),
  docxMs: round(median(c.docx), 0),
  totalMs: round(median(c.total), 0),
  vsBaseline: round(median(c.total) / baseline, 1),
  sizeKB: round(c.bytes / 1024, 0),
  images: c.images,
}));
if (args.json) console.log(JSON.stringify({ iterations, rows }, null, 2));
else {
  console.log(`Board report (.docx), median of ${iterations} runs after one warm-up, interleaved with the baseline\n`);
  console.log(
    table([
      ['report', 'model ms', 'docx ms', 'total ms', '× baseline', 'size KB', 'images'],
      ...rows.map((r) => [r.report, r.buildMs, r.docxMs, r.totalMs, r.vsBaseline, r.sizeKB, r.images]),
    ]),
  );
  const large = rows[1]!;
  console.log(`\nper image: ${round((large.totalMs - rows[0]!.totalMs) / Math.max(1, large.images), 1)} ms, ${round(large.sizeKB / Math.max(1, large.images), 1)} KB`);
}
