import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { boardReportDocx } from '../../src/report/board-report-docx.js';
import { fixtureReport, REPORT_TZ, reportFixture } from '../helpers/report-fixtures.js';

/**
 * The board report opened by another word processor: LibreOffice (Debian's libreoffice-writer-nogui) converts it to
 * PDF and poppler (pdftoppm) draws the pages, which are kept in screenshots/report/ to look at. Without soffice this
 * test FAILS: .ci/run installs it, as it installs chromium for the tab.
 */

const run = promisify(execFile);
const OUT = join(import.meta.dirname, '..', '..', 'screenshots', 'report');

async function tool(name: string): Promise<string> {
  try {
    const { stdout } = await run('sh', ['-c', `command -v ${name}`]);
    return stdout.trim();
  } catch {
    throw new Error(`${name} is not installed: apt-get install libreoffice-writer-nogui poppler-utils (.ci/run does)`);
  }
}

describe('The board report in LibreOffice', () => {
  const work: string[] = [];
  afterAll(async () => {
    for (const dir of work) await rm(dir, { recursive: true, force: true });
  });

  async function render(name: string, body: Buffer): Promise<{ pages: string[]; text: string; images: number }> {
    const soffice = await tool('soffice');
    const pdftoppm = await tool('pdftoppm');
    const dir = await mkdtemp(join(tmpdir(), 'shk-report-render-'));
    work.push(dir);
    const docx = join(dir, `${name}.docx`);
    await writeFile(docx, body);
    // A profile of its own, so parallel runs and a desktop LibreOffice do not collide.
    await run(soffice, [`-env:UserInstallation=file://${join(dir, 'profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx], { timeout: 90_000 });
    const pdf = join(dir, `${name}.pdf`);
    await mkdir(OUT, { recursive: true });
    for (const old of (await readdir(OUT)).filter((f) => f.startsWith(`${name}-`))) await rm(join(OUT, old));
    await run(pdftoppm, ['-r', '70', '-png', pdf, join(OUT, name)], { timeout: 60_000 });
    const pages = (await readdir(OUT)).filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png')).sort();
    const { stdout: text } = await run(await tool('pdftotext'), ['-layout', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
    const { stdout: list } = await run(await tool('pdfimages'), ['-list', pdf], { maxBuffer: 16 * 1024 * 1024 });
    const images = list.split('\n').filter((line) => /^\s*\d+\s+\d+\s+image\b/.test(line)).length;
    return { pages, text, images };
  }

  it('a Core Team\'s report: cover, summary, radar per initiative, att-göra chart — every page drawn', async () => {
    const fixture = reportFixture({ initiatives: 12, items: 40, meetings: 4 });
    const report = fixtureReport(fixture);
    const { pages, text, images } = await render('board-report-sv', await boardReportDocx(report, { locale: 'sv', scope: 'Core Team Äldre › Allmänt', timeZone: REPORT_TZ }));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const page of pages) expect((await readFile(join(OUT, page))).length).toBeGreaterThan(8_000);
    for (const heading of ['Processledarrapport', 'Sammanfattning', 'Initiativ per fokusområde', 'Beslut under perioden', 'Uppgifter per organisation', 'Kommande datum']) expect(text).toContain(heading);
    // Every image survives the round trip: the radars of the evaluated initiatives and the att-göra chart.
    expect(images).toBe(fixture.initiatives.filter((i) => i.latestResult).length + 1);
  }, 180_000);

  it('an empty tenant\'s report, in English, opens as a short document', async () => {
    const report = fixtureReport(reportFixture({ initiatives: 0 }), { from: '2023-12-05', to: '2024-03-04', basis: 'lastThreeMonths' });
    const { pages, text, images } = await render('board-report-empty-en', await boardReportDocx(report, { locale: 'en', scope: 'Core Team Äldre › General', timeZone: REPORT_TZ }));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages.length).toBeLessThanOrEqual(5);
    expect(text).toContain('Process leader’s report');
    expect(text).toContain('No initiatives are registered.');
    expect(images).toBe(0);
  }, 180_000);
});
