import { format } from 'date-fns';
import { enGB, sv } from 'date-fns/locale';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  ImageRun,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IRunOptions,
  type ParagraphChild,
} from 'docx';
import { radarSvg } from '../charts/radar.js';
import { ChartCache, svgToTrimmedPng } from '../charts/render-png.js';
import { parseYmd } from '../domain/dates/due-date.js';
import { PHASES, type Phase } from '../domain/initiatives/initiative.js';
import { AT_RISK_DAYS, type BoardReport, type ComingDate, type OrganisationKey, type ReportFocusArea, type ReportInitiative, type SummaryPoint, type Tone } from '../domain/report/board-report.js';
import { criteriaSet } from '../domain/scoring/criteria.js';
import { translator, type Locale, type Translate } from '../i18n/index.js';
import { STATUS_COLORS, statusChartSvg } from './status-chart.js';

/**
 * Writes a BoardReport as a Word document with the `docx` library, in the house style of a municipal report:
 * a cover, a one-page summary in bullets, then one heading per part with bullets and small tables. Each evaluated
 * initiative's latest round is shown as its radar chart (the product's radar SVG rasterised with resvg), and the
 * att-göra per organisation as a small bar chart. Green, amber and red appear only where they mean on time, at
 * risk and overdue.
 */

export interface ReportDocxOptions {
  locale: Locale;
  /** Who or what the report is based on ("Core Team Äldre › Allmänt", or a person's conversations). */
  scope: string;
  timeZone: string;
  /**
   * Rendered charts by content (the same round draws the same radar): a report opened again, or asked for from the
   * tab and the chat, rasterises only what changed. Without it every chart is drawn.
   */
  charts?: ChartCache;
}

/** A cache of the report's chart PNGs (content-addressed, LRU); one per process is plenty. */
export function reportChartCache(maxEntries = 400): ChartCache {
  return new ChartCache(maxEntries, { render: (svg) => svgToTrimmedPng(svg, { scale: RADAR_SCALE }) });
}

const FONT = 'Arial';
const INK = '1F2A44';
const ACCENT = '1F4E79';
const MUTED = '5F6670';
const RULE = 'BFC5CE';
const HEADER_FILL = 'E8ECF1';
const TONE_TEXT: Record<Tone, string> = { onTime: '2E7D32', atRisk: '8A5A00', overdue: 'C62828' };
/** Radar images: rendered at this width and shown at RADAR_SHOW px (docx pixels are 1/96 inch): ~220 dpi. */
const RADAR_SIZE = 340;
const RADAR_SCALE = 1.5;
const RADAR_SHOW = 265;
const CHART_PX = 600;
const CHART_SHOW = 520;
/** Overdue att-göra listed by name; the rest are counted (the tab has the full list). */
export const OVERDUE_LISTED = 25;

export async function boardReportDocx(report: BoardReport, options: ReportDocxOptions): Promise<Buffer> {
  const t = translator(options.locale);
  const w = new Writer(report, options, t);
  const doc = new Document({
    creator: t('bot.name'),
    title: `${t('report.title')} ${w.day(report.period.from)}–${w.day(report.period.to)}`,
    description: t('report.subtitle'),
    styles: {
      default: {
        document: { run: { font: FONT, size: 21, color: '222222' }, paragraph: { spacing: { after: 80, line: 264, lineRule: LineRuleType.AUTO } } },
        heading1: { run: { font: FONT, size: 32, bold: true, color: ACCENT }, paragraph: { spacing: { before: 240, after: 140 }, keepNext: true } },
        heading2: { run: { font: FONT, size: 26, bold: true, color: INK }, paragraph: { spacing: { before: 220, after: 100 }, keepNext: true } },
        heading3: { run: { font: FONT, size: 22, bold: true, color: INK }, paragraph: { spacing: { before: 160, after: 60 }, keepNext: true } },
      },
    },
    sections: [
      {
        properties: { page: { margin: { top: 1300, bottom: 1200, left: 1300, right: 1300 } }, titlePage: true },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  run({ text: `${t('report.footer', { from: w.day(report.period.from), to: w.day(report.period.to) })}   ·   ${t('report.page')} `, size: 16, color: MUTED }),
                  run({ children: [PageNumber.CURRENT], size: 16, color: MUTED }),
                ],
              }),
            ],
          }),
          first: new Footer({ children: [new Paragraph({ children: [] })] }),
        },
        children: [...w.cover(), ...w.summary(), ...w.initiatives(), ...w.decisions(), ...w.actionItems(), ...w.coming()],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

class Writer {
  constructor(
    private readonly report: BoardReport,
    private readonly options: ReportDocxOptions,
    private readonly t: Translate,
  ) {}

  private get locale(): Locale {
    return this.options.locale;
  }

  /** "4 mars 2024" / "4 March 2024". */
  day(date: string): string {
    const { year, month, day } = parseYmd(date);
    return format(new Date(year, month - 1, day), 'd MMMM yyyy', { locale: this.locale === 'sv' ? sv : enGB });
  }

  /** "4 mars" (the year when it is not the report's). */
  shortDay(date: string, time?: string): string {
    const { year, month, day } = parseYmd(date);
    const sameYear = year === parseYmd(this.report.today).year;
    const text = format(new Date(year, month - 1, day), sameYear ? 'd MMMM' : 'd MMMM yyyy', { locale: this.locale === 'sv' ? sv : enGB });
    if (!time) return text;
    return this.locale === 'sv' ? `${text} kl. ${time.replace(':', '.')}` : `${text} ${time}`;
  }

  number(value: number): string {
    const text = (Math.round(value * 10) / 10).toFixed(1);
    return this.locale === 'sv' ? text.replace('.', ',') : text;
  }

  private focusAreaName(area: ReportFocusArea): string {
    return area.text ?? this.t(`focusArea.${area.focusArea}`);
  }

  private organisationName(key: OrganisationKey): string {
    return key === 'unknown' ? this.t('report.items.unknown') : this.t(`organisation.${key}`);
  }

  private phaseName(phase: Phase, lower = false): string {
    const name = this.t(`phase.${phase}`);
    return lower ? name.toLocaleLowerCase(this.locale === 'sv' ? 'sv-SE' : 'en-GB') : name;
  }

  private list(items: string[]): string {
    return new Intl.ListFormat(this.locale === 'sv' ? 'sv' : 'en-GB', { style: 'long', type: 'conjunction' }).format(items);
  }

  // ---- building blocks ------------------------------------------------------------------------------------------

  private heading(text: string, level: 1 | 2 | 3, pageBreakBefore = false): Paragraph {
    const heading = level === 1 ? HeadingLevel.HEADING_1 : level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3;
    return new Paragraph({ heading, pageBreakBefore, children: [run(text)] });
  }

  private text(text: string, options: { color?: string; size?: number; bold?: boolean; italics?: boolean; after?: number } = {}): Paragraph {
    return new Paragraph({
      spacing: { after: options.after ?? 80 },
      children: [run({ text, ...(options.color ? { color: options.color } : {}), ...(options.size ? { size: options.size } : {}), ...(options.bold ? { bold: true } : {}), ...(options.italics ? { italics: true } : {}) })],
    });
  }

  private bullet(children: ParagraphChild[] | string, level = 0): Paragraph {
    return new Paragraph({ bullet: { level }, spacing: { after: 60 }, children: typeof children === 'string' ? [run(children)] : children });
  }

  /** A small coloured square and a word, for a status that has a meaning (on time / at risk / overdue). */
  private toneMark(tone: Tone): TextRun {
    return run({ text: '■ ', color: TONE_TEXT[tone] });
  }

  private image(png: Buffer, width: number, height: number, alt: string): ImageRun {
    const safe = xmlSafe(alt);
    return new ImageRun({ type: 'png', data: png, transformation: { width, height }, altText: { name: safe.slice(0, 60), title: safe, description: safe } });
  }

  // ---- cover ----------------------------------------------------------------------------------------------------

  cover(): Array<Paragraph | Table> {
    const { report, t } = this;
    const basis =
      report.period.basis === 'sinceBoardMeeting' && report.period.boardMeeting
        ? t('report.basis.sinceBoardMeeting', { date: this.day(report.period.boardMeeting.date) })
        : report.period.basis === 'lastThreeMonths'
          ? t('report.basis.lastThreeMonths')
          : t('report.basis.explicit');
    const areas = report.focusAreas.map((f) => this.focusAreaName(f));
    const row = (label: string, value: string) =>
      new TableRow({
        children: [
          new TableCell({ width: { size: 2200, type: WidthType.DXA }, borders: noBorders(), children: [new Paragraph({ children: [run({ text: label, bold: true, color: MUTED })] })] }),
          new TableCell({ width: { size: 6800, type: WidthType.DXA }, borders: noBorders(), children: value.split('\n').map((line) => new Paragraph({ children: [run(line)] })) }),
        ],
      });
    return [
      new Paragraph({ spacing: { before: 2400, after: 120 }, children: [run({ text: t('organisation.shk').toLocaleUpperCase(this.locale === 'sv' ? 'sv-SE' : 'en-GB'), bold: true, color: MUTED, size: 22, characterSpacing: 40 })] }),
      new Paragraph({ spacing: { before: 120, after: 160, line: 240, lineRule: LineRuleType.AUTO }, children: [run({ text: t('report.title'), size: 56, bold: true, color: ACCENT })] }),
      new Paragraph({ spacing: { after: 600 }, border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: ACCENT, space: 8 } }, children: [run({ text: t('report.subtitle'), size: 30, color: INK })] }),
      new Table({
        layout: TableLayoutType.FIXED,
        columnWidths: [2200, 6800],
        borders: noTableBorders(),
        rows: [
          row(t('report.cover.period'), `${this.day(report.period.from)} – ${this.day(report.period.to)}\n(${basis})`),
          row(t('report.cover.focusAreas'), areas.length ? areas.join('\n') : t('report.cover.noFocusAreas')),
          row(t('report.cover.date'), this.day(report.today)),
          row(t('report.cover.basis'), this.options.scope),
        ],
      }),
      new Paragraph({ spacing: { before: 1400 }, children: [run({ text: t('report.cover.madeBy'), color: MUTED, size: 18, italics: true })] }),
      new Paragraph({
        children: [
          run({ text: t('report.cover.colours', { days: AT_RISK_DAYS }), color: MUTED, size: 18, italics: true }),
        ],
      }),
    ];
  }

  // ---- summary --------------------------------------------------------------------------------------------------

  summary(): Paragraph[] {
    const out: Paragraph[] = [this.heading(this.t('report.summary.heading'), 1, true)];
    if (this.report.empty) out.push(this.bullet(this.t('report.summary.empty')));
    for (const point of this.report.summary) {
      if (this.report.empty && point.kind === 'decisions') continue; // the line above already says there is nothing
      const line = this.summaryLine(point);
      if (line) out.push(line);
    }
    return out;
  }

  private summaryLine(point: SummaryPoint): Paragraph | undefined {
    const { t } = this;
    switch (point.kind) {
      case 'period':
        if (point.basis === 'sinceBoardMeeting' && point.boardMeetingDate) return this.bullet(t('report.summary.period.sinceBoardMeeting', { date: this.day(point.boardMeetingDate) }));
        if (point.basis === 'lastThreeMonths') return this.bullet(t('report.summary.period.lastThreeMonths'));
        return this.bullet(t('report.summary.period.explicit', { from: this.day(this.report.period.from), to: this.day(this.report.period.to) }));
      case 'portfolio': {
        const phases = this.list(point.phases.map((p) => t('report.summary.phaseCount', { count: p.count, phase: this.phaseName(p.phase, true) })));
        return this.bullet(point.focusAreas === 1 ? t('report.summary.portfolioOneArea', { count: point.initiatives, phases }) : t('report.summary.portfolio', { count: point.initiatives, areas: point.focusAreas, phases }));
      }
      case 'evaluated':
        return this.bullet(t('report.summary.evaluated', { rounds: point.rounds, count: point.initiatives }));
      case 'best':
        return this.bullet(t('report.summary.best', { name: point.name, mean: this.number(point.mean) }));
      case 'change':
        return this.bullet(t(point.change > 0 ? 'report.summary.changeUp' : 'report.summary.changeDown', { name: point.name, change: this.number(Math.abs(point.change)) }));
      case 'decisions':
        if (point.decisions === 0) return this.bullet(t('report.summary.decisionsNone'));
        return this.bullet(point.meetings === 1 ? t('report.summary.decisionsOneMeeting', { count: point.decisions }) : t('report.summary.decisions', { count: point.decisions, meetings: point.meetings }));
      case 'actionItems':
        return this.bullet([this.toneMark(point.tone), run(t('report.summary.actionItems', { done: point.done, open: point.open, overdue: point.overdue }))]);
      case 'overdueOrganisations':
        return this.bullet([this.toneMark('overdue'), run(t('report.summary.overdueOrganisations', { list: this.list(point.organisations.map((o) => this.organisationName(o))) }))]);
      case 'next':
        return this.bullet(t(point.meeting ? 'report.summary.nextMeeting' : 'report.summary.next', { text: point.text, date: this.shortDay(point.date) }));
    }
  }

  // ---- initiatives ----------------------------------------------------------------------------------------------

  initiatives(): Array<Paragraph | Table> {
    const { t } = this;
    const out: Array<Paragraph | Table> = [this.heading(t('report.initiatives.heading'), 1, true)];
    if (this.report.focusAreas.length === 0) {
      out.push(this.text(t('report.initiatives.none')));
      return out;
    }
    for (const area of this.report.focusAreas) {
      out.push(this.heading(this.focusAreaName(area), 2));
      const counts = PHASES.filter((p) => area.byPhase[p] > 0).map((p) => `${this.phaseName(p)} ${area.byPhase[p]}`);
      out.push(this.text(t('report.initiatives.perPhase', { list: counts.join(' · ') }), { color: MUTED }));
      for (const phase of PHASES) {
        const inPhase = area.initiatives.filter((i) => i.phase === phase);
        if (inPhase.length === 0) continue;
        out.push(this.heading(`${this.phaseName(phase)} (${inPhase.length})`, 3));
        out.push(this.initiativeTable(inPhase));
      }
    }
    return out;
  }

  /** One row per initiative: the radar on the left, name and figures on the right. */
  private initiativeTable(initiatives: ReportInitiative[]): Table {
    const rows = initiatives.map(
      (initiative) =>
        new TableRow({
          cantSplit: true,
          children: [
            new TableCell({
              width: { size: 4200, type: WidthType.DXA },
              verticalAlign: VerticalAlign.CENTER,
              children: [new Paragraph({ alignment: AlignmentType.CENTER, children: initiative.latest ? [this.radar(initiative)] : [run({ text: '–', color: MUTED })] })],
            }),
            new TableCell({ width: { size: 4900, type: WidthType.DXA }, verticalAlign: VerticalAlign.TOP, margins: { bottom: 120 }, children: this.initiativeFacts(initiative) }),
          ],
        }),
    );
    return new Table({ layout: TableLayoutType.FIXED, columnWidths: [4200, 4900], width: { size: 9100, type: WidthType.DXA }, borders: rowRules(), rows });
  }

  private radar(initiative: ReportInitiative): ImageRun {
    const latest = initiative.latest!;
    const set = criteriaSet(latest.criteriaSetId);
    const name = (id: string) => set?.criteria.find((c) => c.id === id)?.name[this.locale] ?? id;
    const hasBand = latest.criteria.some((c) => c.min !== undefined);
    const svg = radarSvg({
      size: RADAR_SIZE,
      axes: latest.criteria.map((c) => name(c.criterionId)),
      series: [
        {
          label: initiative.name,
          values: latest.criteria.map((c) => c.mean),
          ...(hasBand ? { band: { min: latest.criteria.map((c) => c.min), max: latest.criteria.map((c) => c.max) } } : {}),
        },
      ],
      legend: false,
      decimal: this.locale === 'sv' ? ',' : '.',
    });
    // Without its white square the chart is cut to what is drawn (the page is white anyway).
    const bare = svg.replace(/<rect width="\d+" height="\d+" fill="#ffffff"\/>/, '');
    const png = this.options.charts ? this.options.charts.put(bare).png : svgToTrimmedPng(bare, { scale: RADAR_SCALE });
    const { width, height } = pngSize(png);
    return this.image(png, RADAR_SHOW, Math.round((RADAR_SHOW * height) / width), this.t('report.initiatives.chartAlt', { name: initiative.name }));
  }

  private initiativeFacts(initiative: ReportInitiative): Paragraph[] {
    const { t } = this;
    const out: Paragraph[] = [new Paragraph({ spacing: { before: 80, after: 40 }, keepNext: true, children: [run({ text: initiative.name, bold: true, size: 23, color: INK })] })];
    if (initiative.owner) out.push(this.text(t('report.initiatives.owner', { name: initiative.owner }), { color: MUTED, after: 60 }));
    const latest = initiative.latest;
    if (!latest) {
      out.push(this.text(t('report.initiatives.notEvaluated'), { italics: true, color: MUTED }));
      return out;
    }
    out.push(
      new Paragraph({
        spacing: { after: 40 },
        children: [
          run({ text: t('report.initiatives.mean', { mean: this.number(latest.overallMean) }), bold: true }),
          run({ text: `  ·  ${t('report.initiatives.answers', { count: latest.answers, date: this.shortDay(latest.closedDate) })}`, color: MUTED }),
        ],
      }),
    );
    const facts: string[] = [];
    if (latest.spread) facts.push(t('report.initiatives.spread', { min: latest.spread.min, max: latest.spread.max }));
    if (latest.change !== undefined && latest.previousClosedDate) {
      const date = this.shortDay(latest.previousClosedDate);
      const change = this.number(Math.abs(latest.change));
      facts.push(Math.abs(latest.change) < 0.05 ? t('report.initiatives.changeSame', { date }) : t(latest.change > 0 ? 'report.initiatives.changeUp' : 'report.initiatives.changeDown', { change, date }));
    } else facts.push(t('report.initiatives.firstRound'));
    out.push(this.text(facts.join('  ·  '), { after: 60 }));
    const set = criteriaSet(latest.criteriaSetId);
    for (const c of latest.criteria) {
      const name = set?.criteria.find((x) => x.id === c.criterionId)?.name[this.locale] ?? c.criterionId;
      const text =
        c.min !== undefined && c.max !== undefined
          ? t('report.initiatives.criterionSpread', { name, mean: this.number(c.mean), min: c.min, max: c.max })
          : t('report.initiatives.criterion', { name, mean: this.number(c.mean) });
      out.push(new Paragraph({ spacing: { after: 0 }, children: [run({ text, size: 18, color: '333333' })] }));
    }
    return out;
  }

  // ---- decisions ------------------------------------------------------------------------------------------------

  decisions(): Paragraph[] {
    const { t } = this;
    // After pages of initiatives the decisions start a page of their own; in a report without initiatives they follow on.
    const out: Paragraph[] = [this.heading(t('report.decisions.heading'), 1, this.report.focusAreas.length > 0)];
    if (this.report.decisions.length === 0) out.push(this.text(t('report.decisions.none'), { color: MUTED }));
    for (const group of this.report.decisions) {
      out.push(this.heading(t('report.decisions.meeting', { title: group.title, date: this.shortDay(group.date) }), 3));
      for (const decision of group.decisions) out.push(this.bullet(decision));
    }
    return out;
  }

  // ---- att-göra -------------------------------------------------------------------------------------------------

  actionItems(): Array<Paragraph | Table> {
    const { t } = this;
    const { byOrganisation, totals, overdue } = this.report.actionItems;
    const out: Array<Paragraph | Table> = [this.heading(t('report.items.heading'), 1)];
    const total = totals.done + totals.onTime + totals.atRisk + totals.overdue;
    if (total === 0) {
      out.push(this.text(t('report.items.none'), { color: MUTED }));
      return out;
    }
    out.push(this.text(t('report.items.intro', { date: this.day(this.report.asOf) }), { color: MUTED }));
    const headers = [t('report.items.organisation'), t('report.items.done'), t('report.items.onTime'), t('report.items.atRisk', { days: AT_RISK_DAYS }), t('report.items.overdue')];
    const widths = [3300, 1400, 1400, 1600, 1400];
    const cell = (text: string, options: { header?: boolean; right?: boolean; color?: string; bold?: boolean } = {}) =>
      new TableCell({
        borders: ruleBorders(),
        ...(options.header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: HEADER_FILL } } : {}),
        margins: { top: 50, bottom: 50, left: 90, right: 90 },
        children: [
          new Paragraph({
            alignment: options.right ? AlignmentType.RIGHT : AlignmentType.LEFT,
            spacing: { after: 0 },
            children: [run({ text, bold: options.header || options.bold, ...(options.color ? { color: options.color } : {}), size: options.header ? 18 : 20 })],
          }),
        ],
      });
    const toneColor = (count: number, tone: Tone) => (count > 0 && tone !== 'onTime' ? TONE_TEXT[tone] : undefined);
    const numbers = (o: { done: number; onTime: number; atRisk: number; overdue: number }, bold = false) => [
      cell(String(o.done), { right: true, bold }),
      cell(String(o.onTime), { right: true, bold }),
      cell(String(o.atRisk), { right: true, bold, ...(toneColor(o.atRisk, 'atRisk') ? { color: toneColor(o.atRisk, 'atRisk')! } : {}) }),
      cell(String(o.overdue), { right: true, bold, ...(toneColor(o.overdue, 'overdue') ? { color: toneColor(o.overdue, 'overdue')! } : {}) }),
    ];
    out.push(
      new Table({
        layout: TableLayoutType.FIXED,
        columnWidths: widths,
        width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
        rows: [
          new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, { header: true, right: i > 0 })) }),
          ...byOrganisation.map((o) => new TableRow({ cantSplit: true, children: [cell(this.organisationName(o.organisation)), ...numbers(o)] })),
          new TableRow({ cantSplit: true, children: [cell(t('report.items.total'), { bold: true }), ...numbers(totals, true)] }),
        ],
      }),
    );
    const svg = statusChartSvg({
      width: CHART_PX,
      rows: byOrganisation.map((o) => ({ label: this.organisationName(o.organisation), counts: { done: o.done, onTime: o.onTime, atRisk: o.atRisk, overdue: o.overdue } })),
      legend: { done: t('report.items.done'), onTime: t('report.items.onTime'), atRisk: t('report.items.atRisk', { days: AT_RISK_DAYS }), overdue: t('report.items.overdue') },
    });
    const png = svgToTrimmedPng(svg, { scale: 2 });
    const size = pngSize(png);
    out.push(new Paragraph({ spacing: { before: 200, after: 120 }, children: [this.image(png, CHART_SHOW, Math.round((CHART_SHOW * size.height) / size.width), t('report.items.chartAlt'))] }));

    out.push(this.heading(t('report.items.overdueHeading'), 2));
    if (overdue.length === 0) out.push(this.bullet([this.toneMark('onTime'), run(t('report.items.overdueNone'))]));
    for (const item of overdue.slice(0, OVERDUE_LISTED)) {
      out.push(
        this.bullet([
          this.toneMark('overdue'),
          run(
            t(item.daysLate === 0 ? 'report.items.overdueLineToday' : item.daysLate === 1 ? 'report.items.overdueLineYesterday' : 'report.items.overdueLine', {
              title: item.title,
              owners: item.owners.join(', '),
              date: this.shortDay(item.due.date, item.due.time),
              days: item.daysLate,
            }),
          ),
        ]),
      );
    }
    if (overdue.length > OVERDUE_LISTED) out.push(this.text(t('report.items.overdueMore', { count: overdue.length - OVERDUE_LISTED }), { color: MUTED }));
    return out;
  }

  // ---- coming dates ---------------------------------------------------------------------------------------------

  coming(): Paragraph[] {
    const { t } = this;
    const out: Paragraph[] = [this.heading(t('report.coming.heading'), 1)];
    if (this.report.coming.length === 0) out.push(this.text(t('report.coming.none'), { color: MUTED }));
    for (const entry of this.report.coming) out.push(this.comingLine(entry));
    return out;
  }

  private comingLine(entry: ComingDate): Paragraph {
    const text = entry.kind === 'nextMeeting' ? this.t('report.coming.nextMeeting', { title: entry.text }) : entry.text;
    return this.bullet([
      run({ text: `${this.shortDay(entry.date, entry.time)}  `, bold: true }),
      ...(entry.kpr && !/\bKPR\b/.test(text) ? [run({ text: `${this.t('report.coming.kpr')}: `, bold: true, color: INK })] : []),
      run(text),
    ]);
  }
}

/** Characters XML 1.0 does not allow (control characters, lone surrogates): a document with one does not open. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export const xmlSafe = (text: string): string => text.replace(NOT_XML, '');

/** A text run whose text (from users: titles, names, decisions) is made safe for XML; docx escapes the rest. */
function run(options: string | IRunOptions): TextRun {
  if (typeof options === 'string') return new TextRun(xmlSafe(options));
  return new TextRun(typeof options.text === 'string' ? { ...options, text: xmlSafe(options.text) } : options);
}

function noBorders() {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  return { top: none, bottom: none, left: none, right: none };
}

function noTableBorders() {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  return { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none };
}

/** Rules between rows and under the last one, nothing else. */
function rowRules() {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const rule = { style: BorderStyle.SINGLE, size: 4, color: RULE };
  return { top: none, bottom: rule, left: none, right: none, insideHorizontal: rule, insideVertical: none };
}

function ruleBorders() {
  const none = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const rule = { style: BorderStyle.SINGLE, size: 4, color: RULE };
  return { top: none, bottom: rule, left: none, right: none };
}

/** Width and height of a PNG from its IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export { STATUS_COLORS };
