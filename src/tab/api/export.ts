import ExcelJS from 'exceljs';
import type { TabInitiative, TabItem, TabResult } from '../shared/api.js';
import type { Presenter } from './tab-data.js';

/**
 * Exports for the board report: a table (headers + rows of text, numbers and dates) written as CSV or XLSX.
 * CSV follows what Excel expects in the reader's language: Swedish uses semicolons and a decimal comma,
 * English commas and a decimal point; both start with a UTF-8 byte order mark so Excel reads å, ä and ö.
 */

export type Cell = string | number | Date | undefined;

export interface Table {
  /** Sheet name (max 31 characters in Excel). */
  name: string;
  headers: string[];
  /** Column widths in characters, one per header. */
  widths: number[];
  rows: Cell[][];
}

export function itemsTable(items: TabItem[], conversationTitles: ReadonlyMap<string, string>, organisationNames: ReadonlyMap<string, string>, p: Presenter): Table {
  const h = (key: Parameters<Presenter['t']>[0]) => p.t(key);
  return {
    name: h('tabApi.export.itemsSheet'),
    headers: [
      h('tabApi.export.title'),
      h('tabApi.export.assignees'),
      h('tabApi.export.organisations'),
      h('tabApi.export.due'),
      h('tabApi.export.status'),
      h('tabApi.export.meeting'),
      h('tabApi.export.conversation'),
      h('tabApi.export.createdBy'),
      h('tabApi.export.createdAt'),
      h('tabApi.export.completedAt'),
      h('tabApi.export.completedBy'),
    ],
    widths: [50, 28, 24, 12, 12, 30, 30, 20, 12, 12, 20],
    rows: items.map((item) => [
      item.title,
      item.assignees.map((a) => a.name).join(', '),
      [...new Set(item.assignees.map((a) => (a.organisation ? organisationNames.get(a.organisation) : undefined)).filter(Boolean))].join(', '),
      item.due ? (item.due.time ? `${item.due.date} ${item.due.time}` : item.due.date) : undefined,
      item.status === 'done' ? h('tabApi.export.statusDone') : item.overdue ? h('tabApi.export.statusOverdue') : h('tabApi.export.statusOpen'),
      item.meeting ? `${item.meeting.title}${item.meeting.date ? ` (${item.meeting.date})` : ''}` : undefined,
      conversationTitles.get(item.conversationKey),
      item.createdBy,
      localDate(item.createdAt, p),
      item.completedAt ? localDate(item.completedAt, p) : undefined,
      item.completedBy,
    ]),
  };
}

/** Round results in long form (one row per initiative, round and criterion), easy to pivot and chart in Excel. */
export function roundsTable(initiatives: TabInitiative[], p: Presenter): Table {
  const h = (key: Parameters<Presenter['t']>[0]) => p.t(key);
  const rows: Cell[][] = [];
  for (const initiative of initiatives) {
    const results: TabResult[] = [...(initiative.latest ? [initiative.latest] : []), ...initiative.history];
    for (const result of results) {
      for (const criterion of result.criteria) {
        rows.push([
          initiative.name,
          initiative.phaseLabel,
          initiative.focusAreaLabel,
          localDate(result.closedAt, p),
          result.answers,
          criterion.label,
          round1(criterion.mean),
          criterion.min,
          criterion.max,
          round1(result.overallMean),
        ]);
      }
    }
  }
  return {
    name: h('tabApi.export.roundsSheet'),
    headers: [
      h('tabApi.export.initiative'),
      h('tabApi.export.phase'),
      h('tabApi.export.focusArea'),
      h('tabApi.export.closedAt'),
      h('tabApi.export.answers'),
      h('tabApi.export.criterion'),
      h('tabApi.export.mean'),
      h('tabApi.export.min'),
      h('tabApi.export.max'),
      h('tabApi.export.overallMean'),
    ],
    widths: [32, 20, 32, 12, 8, 32, 8, 6, 6, 12],
    rows,
  };
}

const round1 = (value: number) => Math.round(value * 10) / 10;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** 'YYYY-MM-DD' of an instant in the team's time zone (sv-SE formats dates that way). */
function localDate(iso: string, p: Presenter): string {
  let format = dayFormats.get(p.timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('sv-SE', { timeZone: p.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(p.timeZone, format);
  }
  return format.format(new Date(iso));
}

/**
 * Text as it may go into a spreadsheet: no NUL or other control characters (XML 1.0 forbids them in XLSX, and they
 * break CSV readers) and no bidi overrides or isolates (U+202A–U+202E, U+2066–U+2069), which can make a cell read
 * differently from what it contains. Tabs and line breaks stay.
 */
export function safeCellText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');
}

const safeCell = (value: Cell): Cell => (typeof value === 'string' ? safeCellText(value) : value);

export function toCsv(table: Table, locale: 'sv' | 'en'): Buffer {
  const separator = locale === 'sv' ? ';' : ',';
  const cell = (raw: Cell): string => {
    const value = safeCell(raw);
    if (value === undefined) return '';
    let text = typeof value === 'number' ? (locale === 'sv' ? String(value).replace('.', ',') : String(value)) : value instanceof Date ? value.toISOString() : value;
    // A cell starting with = + - @ would run as a formula in Excel (CSV injection): make it text.
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /["\n\r;,]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [table.headers, ...table.rows].map((row) => row.map(cell).join(separator));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export async function toXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'SHK-boten';
  const sheet = workbook.addWorksheet(table.name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.headers.map((header, i) => ({ header: safeCellText(header), width: table.widths[i] ?? 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.map((value) => safeCell(value) ?? null));
  if (table.rows.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.headers.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
