import { describe, expect, it } from 'vitest';
import { buildBoardReport } from '../../src/domain/report/board-report.js';
import { defaultPeriod, isBoardMeeting, readReportDate, resolvePeriod, splitPeriodText } from '../../src/domain/report/report-period.js';
import { boardReportDocx, OVERDUE_LISTED } from '../../src/report/board-report-docx.js';
import { fixtureReport, REPORT_NOW, REPORT_TENANT, REPORT_TZ, reportFixture } from '../helpers/report-fixtures.js';
import { openDocx } from '../helpers/docx.js';

/** The document for a tenant with nothing, with one focus area, and with 200 initiatives; and the period rules. */

const write = (report: ReturnType<typeof fixtureReport>, locale: 'sv' | 'en' = 'sv') => boardReportDocx(report, { locale, scope: 'Core Team Äldre › Allmänt', timeZone: REPORT_TZ });

describe('The board report for tenants of every size', () => {
  it('a tenant with no data: every section is there and says so, no images', async () => {
    const report = fixtureReport(reportFixture({ initiatives: 0 }), { from: '2023-12-05', to: '2024-03-04', basis: 'lastThreeMonths' });
    expect(report.empty).toBe(true);
    const { text, media } = await openDocx(await write(report));
    expect(text).toContain('Det finns ännu inga initiativ, möten eller uppgifter i SHK-boten');
    expect(text).toContain('Rapporten gäller de senaste tre månaderna');
    expect(text).toContain('Inga initiativ är registrerade.');
    expect(text).toContain('Inga beslut antecknade i sparade möten under perioden.');
    expect(text).toContain('Inga uppgifter under perioden.');
    expect(text).toContain('Inga kommande datum sparade.');
    expect(text).toContain('Inga initiativ registrerade'); // the cover's focus areas
    expect(media).toEqual([]);
  });

  it('one focus area: the cover names it, initiatives by phase Idé → Uppföljning, a radar per evaluated initiative', async () => {
    const fixture = reportFixture({ initiatives: 7, focusAreas: ['elderly'], items: 12, meetings: 3 });
    const report = fixtureReport(fixture);
    expect(report.focusAreas.map((f) => f.focusArea)).toEqual(['elderly']);
    const phases = report.focusAreas[0]!.initiatives.map((i) => i.phase);
    const order = ['idea', 'concept', 'pilot', 'implementation', 'followUp'];
    expect([...phases].sort((a, b) => order.indexOf(a) - order.indexOf(b))).toEqual(phases);
    const { text, media } = await openDocx(await write(report));
    expect(text).toContain('Välmående och självständiga äldre');
    expect(text).not.toContain('Alla barn och unga lyckas');
    expect(text).toContain('ett fokusområde');
    const heads = ['Idéfas (', 'Konceptfas (', 'Pilotfas (', 'Implementering/lansering (', 'Uppföljning ('].map((h) => text.indexOf(h));
    expect(heads.filter((i) => i >= 0)).toEqual([...heads.filter((i) => i >= 0)].sort((a, b) => a - b));
    const evaluated = fixture.initiatives.filter((i) => i.latestResult).length;
    expect(evaluated).toBe(6); // every seventh has no round
    expect(text).toContain('Inte bedömt ännu.');
    expect(media).toHaveLength(evaluated + 1);
    // The board meeting of 8 February opens the period; its own decision is before it, the Core Teams' are in it.
    expect(text).toContain('Rapporten gäller tiden sedan styrelsemötet 8 februari 2024.');
    expect(text).not.toContain('Styrelsen godkände verksamhetsplanen.');
    expect(text).toContain('Beslut 1.1');
    expect(text).toMatch(/KPR-möte: material till Matilda/);
  });

  it('names with characters XML cannot hold, markup and quotes still give a document that opens', async () => {
    const fixture = reportFixture({ initiatives: 2, items: 4, meetings: 2 });
    fixture.initiatives[0]!.name = 'Trygg\u0001 hemgång <script>&amp; "citat"';
    fixture.items[1]!.title = 'Boka\u0007 lokal & fika <b>nu</b>';
    fixture.items[1]!.status = 'open';
    fixture.items[1]!.due = { date: '2024-02-01' };
    const { xml, text } = await openDocx(await write(fixtureReport(fixture)));
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(text).toContain('Trygg hemgång <script>&amp; "citat"');
    expect(text).toContain('Boka lokal & fika <b>nu</b>');
  });

  it('200 initiatives: all of them, one radar each, the overdue list capped with a count of the rest', async () => {
    const fixture = reportFixture({ initiatives: 200, items: 300, meetings: 6 });
    const report = fixtureReport(fixture);
    expect(report.focusAreas.reduce((n, f) => n + f.initiatives.length, 0)).toBe(200);
    const body = await write(report);
    const { text, media, xml } = await openDocx(body);
    const evaluated = fixture.initiatives.filter((i) => i.latestResult).length;
    expect(media).toHaveLength(evaluated + 1);
    expect((xml.match(/<w:drawing>/g) ?? []).length).toBe(evaluated + 1);
    for (const initiative of fixture.initiatives) expect(text).toContain(initiative.name);
    expect(report.actionItems.overdue.length).toBeGreaterThan(OVERDUE_LISTED);
    expect(text).toContain(`… och ${report.actionItems.overdue.length - OVERDUE_LISTED} till`);
    expect(body.length).toBeLessThan(20 * 1024 * 1024);
  }, 120_000);
});

describe('The report period', () => {
  const meeting = (title: string, date: string, kind: 'board' | 'coreTeam' = 'coreTeam') => ({ ...reportFixture({ initiatives: 0, meetings: 2 }).meetings[1]!, id: title, title, date, kind });

  it('a board meeting is one saved as Styrelsemöte, or whose title says styrelse or board', () => {
    expect(isBoardMeeting({ kind: 'board', title: 'Möte' })).toBe(true);
    expect(isBoardMeeting({ kind: 'other', title: 'Protokoll Samhällskontraktet Styrelsemöte' })).toBe(true);
    expect(isBoardMeeting({ kind: 'other', title: 'Extra styrelsemöte i mars' })).toBe(true);
    expect(isBoardMeeting({ kind: 'other', title: 'SHK board meeting' })).toBe(true);
    expect(isBoardMeeting({ kind: 'coreTeam', title: 'Core Team Äldre' })).toBe(false);
    expect(isBoardMeeting({ kind: 'other', title: 'Skateboard-workshop' })).toBe(false);
  });

  it('default: from the day after the last board meeting before today, else the last three months', () => {
    const meetings = [meeting('Core Team', '2024-02-27'), meeting('Styrelsemöte', '2024-02-04'), meeting('Styrelsemöte dec', '2023-12-01'), meeting('Styrelsemöte i dag', '2024-03-04')];
    expect(defaultPeriod(meetings, REPORT_NOW, REPORT_TZ)).toMatchObject({ from: '2024-02-05', to: '2024-03-04', basis: 'sinceBoardMeeting', boardMeeting: { date: '2024-02-04' } });
    expect(defaultPeriod([meeting('Core Team', '2024-02-27')], REPORT_NOW, REPORT_TZ)).toEqual({ from: '2023-12-05', to: '2024-03-04', basis: 'lastThreeMonths' });
  });

  it('"från … till …" in Swedish and English through the product\'s date parser; dates without a year look back', () => {
    expect(splitPeriodText('från 1 februari till 15 mars')).toEqual({ from: '1 februari', to: '15 mars' });
    expect(splitPeriodText('from 2024-01-01 to 2024-02-01')).toEqual({ from: '2024-01-01', to: '2024-02-01' });
    expect(splitPeriodText('till fredag')).toEqual({ to: 'fredag' });
    expect(splitPeriodText('1/2 - 15/3')).toEqual({ from: '1/2', to: '15/3' });
    expect(splitPeriodText('')).toEqual({});
    expect(splitPeriodText('om budgeten')).toBeUndefined();
    expect(splitPeriodText('från ' + 'x'.repeat(200))).toBeUndefined();
    expect(readReportDate('29 februari', 'to', REPORT_NOW, REPORT_TZ)).toBe('2024-02-29');
    expect(readReportDate('1 april', 'from', REPORT_NOW, REPORT_TZ)).toBe('2023-04-01');
    expect(readReportDate('i går', 'from', REPORT_NOW, REPORT_TZ)).toBe('2024-03-03');
    expect(readReportDate('15 mars', 'to', REPORT_NOW, REPORT_TZ)).toBe('2024-03-15');
    expect(resolvePeriod({ from: 'blaha' }, [], REPORT_NOW, REPORT_TZ)).toEqual({ code: 'badDate', text: 'blaha' });
    expect(resolvePeriod({ from: '2020-01-01' }, [], REPORT_NOW, REPORT_TZ)).toEqual({ code: 'tooLong', maxDays: 1098 });
    expect(resolvePeriod({ from: '1 februari' }, [], REPORT_NOW, REPORT_TZ)).toEqual({ from: '2024-02-01', to: '2024-03-04', basis: 'explicit' });
  });

  it('att-göra are counted as they stood at the end of a past period', () => {
    const fixture = reportFixture({ initiatives: 0, items: 20 });
    const input = { tenantId: REPORT_TENANT, now: REPORT_NOW, timeZone: REPORT_TZ, initiatives: [], rounds: new Map(), meetings: [], reminders: [], items: fixture.items, organisationOf: () => undefined };
    const february = buildBoardReport({ ...input, period: { from: '2024-02-01', to: '2024-02-20', basis: 'explicit' } });
    // Completed on 25 February: still open on the 20th.
    expect(february.actionItems.totals.done).toBe(0);
    expect(february.asOf).toBe('2024-02-20');
    const now = buildBoardReport({ ...input, period: { from: '2024-02-01', to: '2024-03-04', basis: 'explicit' } });
    expect(now.actionItems.totals.done).toBe(5);
    expect(now.actionItems.byOrganisation.map((o) => o.organisation)).toEqual(['vasteras', 'eskilstuna', 'mdu', 'shk', 'unknown']);
  });
});
