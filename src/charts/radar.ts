/**
 * The spider (radar) diagram of DESIGN.md "The spider diagram" / "Charts": a standalone SVG built in code.
 *
 * Pure and deterministic: no I/O, no ids (several charts can be inlined in one page), every number rounded to
 * two decimals. Text is measured with the advance widths of DejaVu Sans (the font the PNG is rendered with,
 * see render-png.ts), so wrapped axis labels are placed where they really end up and are never clipped.
 * In a browser without DejaVu Sans the generic sans-serif fallback is narrower, so the layout stays safe.
 *
 * Labels come from users and are XML-escaped; characters that XML 1.0 forbids are dropped.
 */

export interface RadarSeries {
  label: string;
  /** One value per axis on the scale (1..5); NaN, null or undefined means "no data" for that axis. */
  values: ReadonlyArray<number | null | undefined>;
  /** Optional min–max band drawn as a light ring-shaped area under the series polygon. */
  band?: { min: ReadonlyArray<number | null | undefined>; max: ReadonlyArray<number | null | undefined> };
}

export interface RadarOptions {
  /** Width and height in px (square). Default 600, 200..2000. */
  size?: number;
  /** 3..8 axis labels, first at 12 o'clock, then clockwise. */
  axes: readonly string[];
  /** 1..5 series; colours are taken from RADAR_COLORS in order. */
  series: readonly RadarSeries[];
  /** Lowest value on the scale (innermost ring). Default 1. */
  scaleMin?: number;
  /** Highest value on the scale (outer ring). Default 5. */
  scaleMax?: number;
  title?: string;
  /** Legend under the chart. Default: when there is more than one series. */
  legend?: boolean;
  theme?: 'light' | 'dark';
  /** Decimal separator of the printed values. Default ',' (Swedish: "3,8"). */
  decimal?: ',' | '.';
}

/**
 * Series colours: Okabe–Ito hues (colour-blind safe: in simulated protan/deutan/tritan vision every pair stays
 * ≥ 17 ΔE apart), the first one a Teams-like indigo. The first four keep ≥ 3:1 contrast on white and on the
 * #1f1f1f dark background; the fifth (orange) is light and reads best on dark.
 */
export const RADAR_COLORS: readonly string[] = Object.freeze(['#6368D0', '#D55E00', '#009E73', '#CC79A7', '#E69F00']);

interface Theme {
  background: string;
  text: string;
  secondaryText: string;
  grid: string;
  axis: string;
  outerRing: string;
  fillOpacity: number;
  bandOpacity: number;
}

const THEMES: Record<'light' | 'dark', Theme> = {
  light: {
    background: '#ffffff',
    text: '#424242',
    secondaryText: '#707070',
    grid: '#e1e1e1',
    axis: '#e1e1e1',
    outerRing: '#c7c7c7',
    fillOpacity: 0.2,
    bandOpacity: 0.2,
  },
  dark: {
    background: '#1f1f1f',
    text: '#e6e6e6',
    secondaryText: '#adadad',
    grid: '#3d3d3d',
    axis: '#3d3d3d',
    outerRing: '#5c5c5c',
    fillOpacity: 0.26,
    bandOpacity: 0.28,
  },
};

const FONT_FAMILY = "'DejaVu Sans', sans-serif";

// ---------------------------------------------------------------------------------------------------------------
// Text measurement: DejaVu Sans / DejaVu Sans Bold advance widths (1/1000 em) for U+0020..U+00FF, read from the
// TTFs of the dejavu-fonts-ttf package (2.37.3). Other characters: 0.6 em, wide scripts/emoji 1 em.

const REGULAR_WIDTHS = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636,
  636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
  603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635,
  634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 600,
  600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
  600, 600, 600, 600, 600, 600, 600, 600, 318, 401, 636, 636, 636, 636, 337, 500, 500, 1000, 471, 612, 838, 361, 1000, 500,
  500, 838, 401, 401, 500, 636, 636, 318, 500, 401, 471, 612, 969, 969, 969, 531, 684, 684, 684, 684, 684, 684, 974, 698,
  632, 632, 632, 632, 295, 295, 295, 295, 775, 748, 787, 787, 787, 787, 787, 838, 787, 732, 732, 732, 732, 611, 605, 630,
  613, 613, 613, 613, 613, 613, 982, 550, 615, 615, 615, 615, 278, 278, 278, 278, 612, 634, 612, 612, 612, 612, 612, 838,
  612, 634, 634, 634, 634, 592, 635, 592,
];
const BOLD_WIDTHS = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696,
  696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
  733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716,
  712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838, 600,
  600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
  600, 600, 600, 600, 600, 600, 600, 600, 348, 456, 696, 696, 636, 696, 365, 500, 500, 1000, 564, 646, 838, 415, 1000, 500,
  500, 838, 438, 438, 500, 736, 636, 380, 500, 438, 564, 646, 1035, 1035, 1035, 580, 774, 774, 774, 774, 774, 774, 1085,
  734, 683, 683, 683, 683, 372, 372, 372, 372, 838, 837, 850, 850, 850, 850, 850, 838, 850, 812, 812, 812, 812, 724, 738,
  719, 675, 675, 675, 675, 675, 675, 1048, 593, 678, 678, 678, 678, 343, 343, 343, 343, 687, 712, 687, 687, 687, 687, 687,
  838, 687, 712, 712, 712, 712, 652, 716, 652,
];
/** A few common punctuation marks outside Latin-1: – — … ‘ ’ “ ” • € */
const EXTRA_WIDTHS: Record<number, readonly [number, number]> = {
  0x2013: [500, 500],
  0x2014: [1000, 1000],
  0x2026: [1000, 1000],
  0x2018: [318, 380],
  0x2019: [318, 380],
  0x201c: [518, 657],
  0x201d: [518, 657],
  0x2022: [590, 639],
  0x20ac: [636, 696],
};

function charWidth(cp: number, bold: boolean): number {
  if (cp >= 0x20 && cp <= 0xff) return (bold ? BOLD_WIDTHS : REGULAR_WIDTHS)[cp - 0x20] ?? 600;
  const extra = EXTRA_WIDTHS[cp];
  if (extra) return bold ? extra[1] : extra[0];
  // CJK, Hangul, full-width forms, emoji and other pictographs are about one em wide.
  if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0x1f000 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd)) return 1000;
  if (cp >= 0x0300 && cp <= 0x036f) return 0; // combining marks
  return bold ? 650 : 600;
}

/** Width in px of `text` set in DejaVu Sans at `fontSize`. Exported for tests. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  let units = 0;
  for (const ch of text) units += charWidth(ch.codePointAt(0) ?? 0x20, bold);
  return (units / 1000) * fontSize;
}

// ---------------------------------------------------------------------------------------------------------------
// Strings

/** Characters XML 1.0 does not allow (C0 controls except tab/newline/CR, lone surrogates, U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Escapes text for use in SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** User text → one clean line: forbidden characters dropped, all whitespace runs collapsed to one space. */
function clean(text: string): string {
  return String(text ?? '').replace(XML_FORBIDDEN, '').replace(/\s+/g, ' ').trim();
}

/** Rounds to 2 decimals and prints without exponent or "-0". */
function num(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) || r === 0 ? '0' : String(r);
}

const ELLIPSIS = '\u2026';

/** Shortens `text` with an ellipsis so it fits `maxWidth`. */
function truncate(text: string, maxWidth: number, fontSize: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && textWidth(chars.join('') + ELLIPSIS, fontSize, bold) > maxWidth) chars.pop();
  return chars.join('').trimEnd() + ELLIPSIS;
}

/** Splits a word that is wider than `maxWidth` into pieces that fit. */
function splitLongWord(word: string, maxWidth: number, fontSize: number, bold: boolean): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const ch of word) {
    if (current && textWidth(current + ch, fontSize, bold) > maxWidth) {
      pieces.push(current);
      current = ch;
    } else current += ch;
  }
  if (current) pieces.push(current);
  return pieces;
}

/** A unit of wrapping: a word, or the part of a word after a hyphen or slash; `spaced`: a space comes before it. */
interface Part {
  text: string;
  width: number;
  spaced: boolean;
}

/**
 * The parts a line may break between, each measured once: words, split after hyphens and slashes ("a/" + "b");
 * only the first part of a word follows a space. `wrapText` tries many widths on the same parts.
 */
function measureParts(text: string, fontSize: number, bold: boolean): Part[] {
  const parts: Part[] = [];
  text.split(' ').forEach((word, w) => {
    (word.match(/[^-/]+[-/]*|[-/]+/g) ?? [word]).forEach((part, i) => {
      parts.push({ text: part, width: textWidth(part, fontSize, bold), spaced: w > 0 && i === 0 });
    });
  });
  return parts;
}

/** Greedy word wrap of measured parts; a part wider than `maxWidth` is split. */
function greedyWrap(parts: Part[], space: number, maxWidth: number, fontSize: number, bold: boolean): string[] {
  // Widths add up (the model has no kerning), so a line's width is kept as a running sum.
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  for (const part of parts) {
    const pieces = part.width > maxWidth ? splitLongWord(part.text, maxWidth, fontSize, bold) : [part.text];
    pieces.forEach((piece, j) => {
      const w = pieces.length > 1 ? textWidth(piece, fontSize, bold) : part.width;
      const gap = part.spaced && j === 0 ? space : 0;
      if (line !== '' && lineWidth + gap + w > maxWidth) {
        lines.push(line);
        line = piece;
        lineWidth = w;
      } else if (line === '') {
        line = piece;
        lineWidth = w;
      } else {
        line += (gap ? ' ' : '') + piece;
        lineWidth += gap + w;
      }
    });
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Wraps `text` into at most `maxLines` lines no wider than `maxWidth`, or as wide as its longest word up to
 * `hardMaxWidth` (longer words are split; the last line is truncated with an
 * ellipsis if the text does not fit), with the lines balanced: the narrowest width giving the same number of
 * lines is used, so "Möjlig effekt för att uppnå mål / inom fokusområdena" becomes two even lines.
 */
export function wrapText(
  text: string,
  maxWidth: number,
  fontSize: number,
  maxLines: number,
  bold = false,
  hardMaxWidth = maxWidth,
): string[] {
  const t = clean(text);
  if (t === '') return [];
  const parts = measureParts(t, fontSize, bold);
  const space = textWidth(' ', fontSize, bold);
  const wrap = (w: number) => greedyWrap(parts, space, w, fontSize, bold);
  const lineCount = (w: number) => wrap(w).length;
  /** Smallest width in [lo, hi] giving at most `count` lines (assumes hi does). */
  const narrowest = (lo: number, hi: number, count: number) => {
    for (let i = 0; i < 14; i++) {
      const mid = (lo + hi) / 2;
      if (lineCount(mid) <= count) hi = mid;
      else lo = mid;
    }
    return hi;
  };
  const hardMax = Math.max(maxWidth, hardMaxWidth);
  // A word is split only when it is wider than hardMax: "Innovationshöjd" widens the line instead.
  const longestWord = Math.min(hardMax, t.split(' ').reduce((m, w) => Math.max(m, textWidth(w, fontSize, bold)), 0));
  let width = Math.max(maxWidth, longestWord);
  // Too many lines: widen (up to hardMax) before giving anything up.
  if (lineCount(width) > maxLines) width = lineCount(hardMax) <= maxLines ? narrowest(width, hardMax, maxLines) : hardMax;
  let lines = wrap(width);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = truncate(lines.slice(maxLines - 1).join(' '), width, fontSize, bold);
    return kept;
  }
  // Balance: the narrowest width (never below the longest word) that keeps the same number of lines.
  const balanced = wrap(narrowest(Math.min(longestWord, width), width, lines.length));
  if (balanced.length <= lines.length) lines = balanced;
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Layout

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function overlaps(a: Box, b: Box, gap = 0): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

type Anchor = 'start' | 'middle' | 'end';

interface TextBlock {
  lines: string[];
  width: number;
  height: number;
}

interface Placed {
  anchor: Anchor;
  /** Box relative to the chart centre. */
  box: Box;
}

/** Anchor by angle: right side start-anchored, left side end-anchored, (near) top and bottom centred. */
function anchorFor(cos: number): Anchor {
  if (Math.abs(cos) < 0.08) return 'middle';
  return cos > 0 ? 'start' : 'end';
}

/**
 * Places a block of width w / height h outside the point (ax, ay) that lies in direction (cos, sin) from the
 * centre: horizontally by its anchor, vertically sliding smoothly from "above" (top) over "centred" (sides)
 * to "below" (bottom).
 */
function placeOutside(ax: number, ay: number, cos: number, sin: number, w: number, h: number): Placed {
  const anchor = anchorFor(cos);
  const x = anchor === 'start' ? ax : anchor === 'end' ? ax - w : ax - w / 2;
  const y = ay - (h * (1 - sin)) / 2;
  return { anchor, box: { x, y, w, h } };
}

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** One entry per axis: the value clamped into the scale, or undefined for "no data". */
function clampSeries(values: ReadonlyArray<number | null | undefined>, n: number, min: number, max: number): (number | undefined)[] {
  const out: (number | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    out.push(finite(v) ? Math.min(max, Math.max(min, v)) : undefined);
  }
  return out;
}

function formatValue(v: number, decimal: ',' | '.'): string {
  const rounded = Math.round(v * 10 + 1e-9) / 10;
  const s = rounded.toFixed(1);
  return decimal === ',' ? s.replace('.', ',') : s;
}

function checkOptions(o: RadarOptions): void {
  const size = o.size ?? 600;
  if (!Number.isFinite(size) || size < 200 || size > 2000) throw new RangeError(`radarSvg: size must be 200..2000 px, got ${size}`);
  if (!Array.isArray(o.axes) || o.axes.length < 3 || o.axes.length > 8) {
    throw new RangeError(`radarSvg: 3..8 axes required, got ${Array.isArray(o.axes) ? o.axes.length : typeof o.axes}`);
  }
  if (!Array.isArray(o.series) || o.series.length < 1 || o.series.length > 5) {
    throw new RangeError(`radarSvg: 1..5 series required, got ${Array.isArray(o.series) ? o.series.length : typeof o.series}`);
  }
  for (const [i, s] of o.series.entries()) {
    if (!s || !Array.isArray(s.values)) throw new TypeError(`radarSvg: series[${i}].values must be an array`);
    if (s.values.length > o.axes.length) {
      throw new RangeError(`radarSvg: series[${i}] has ${s.values.length} values for ${o.axes.length} axes`);
    }
    if (s.band && (!Array.isArray(s.band.min) || !Array.isArray(s.band.max))) {
      throw new TypeError(`radarSvg: series[${i}].band needs min and max arrays`);
    }
  }
  const min = o.scaleMin ?? 1;
  const max = o.scaleMax ?? 5;
  if (!Number.isInteger(min) || !Number.isInteger(max) || max - min < 1 || max - min > 10) {
    throw new RangeError(`radarSvg: scaleMin/scaleMax must be integers 1..10 apart, got ${min}..${max}`);
  }
}

/** Builds the radar chart as a complete standalone SVG document: layout, then rings and axes, polygons, labels. */
export function radarSvg(options: RadarOptions): string {
  checkOptions(options);
  const layout = radarLayout(options);
  return [...documentStart(layout), ...rings(layout, axes(layout)), ...polygons(layout), ...labels(layout), `</svg>`].join('\n');
}

type Point = { x: number; y: number };

/** Everything the parts of the chart share: sizes, the plot's radius and centre, and where each axis label goes. */
type Layout = ReturnType<typeof radarLayout>;

/** Sizes, the wrapped axis labels and the plot radius that leaves room for them, the title and the legend. */
function radarLayout(options: RadarOptions) {
  const size = Math.round(options.size ?? 600);
  const theme = THEMES[options.theme === 'dark' ? 'dark' : 'light'];
  const decimal: ',' | '.' = options.decimal === '.' ? '.' : ',';
  const scaleMin = options.scaleMin ?? 1;
  const scaleMax = options.scaleMax ?? 5;
  const n = options.axes.length;
  const series = options.series;
  const showLegend = options.legend ?? series.length > 1;
  const showValues = series.length === 1;

  // Sizes scale with the chart, with floors so a 400 px chart stays readable.
  const u = size / 600;
  const fsLabel = Math.max(11, 13 * u);
  const fsRing = Math.max(9, 10 * u);
  const fsValue = Math.max(10.5, 12 * u);
  const fsTitle = Math.max(13, 17 * u);
  const fsLegend = Math.max(11, 12.5 * u);
  const lineHeight = 1.22;
  const pad = Math.round(Math.max(10, 16 * u));
  const pointR = Math.max(3, 3.75 * u);

  const angles = options.axes.map((_, i) => -Math.PI / 2 + (2 * Math.PI * i) / n);
  const dirs = angles.map((a) => ({
    // Snap tiny floating-point residues so top/bottom/side axes are exact.
    cos: Math.abs(Math.cos(a)) < 1e-9 ? 0 : Math.cos(a),
    sin: Math.abs(Math.sin(a)) < 1e-9 ? 0 : Math.sin(a),
  }));
  const span = scaleMax - (scaleMin - 1);
  const radiusOf = (v: number, R: number) => (R * (v - (scaleMin - 1))) / span;

  // ---- title block
  const titleText = clean(options.title ?? '');
  const titleLines = titleText ? wrapText(titleText, size - 2 * pad, fsTitle, 2, true) : [];
  const titleHeight = titleLines.length ? titleLines.length * fsTitle * 1.25 + fsTitle * 0.5 : 0;

  // ---- legend block
  const swatch = Math.round(fsLegend * 0.95);
  const legendItems = showLegend
    ? series.map((s, i) => {
        const label = truncate(clean(s.label), size * 0.6, fsLegend);
        return { label, color: RADAR_COLORS[i % RADAR_COLORS.length] ?? '#6368D0', width: swatch + fsLegend * 0.5 + textWidth(label, fsLegend) };
      })
    : [];
  const legendGap = fsLegend * 1.6;
  const legendRows: (typeof legendItems)[] = [];
  for (const item of legendItems) {
    const row = legendRows[legendRows.length - 1];
    const rowWidth = row ? row.reduce((sum, it) => sum + it.width, 0) + legendGap * row.length : 0;
    if (row && rowWidth + item.width <= size - 2 * pad) row.push(item);
    else legendRows.push([item]);
  }
  const legendRowHeight = fsLegend * 1.7;
  const legendHeight = legendRows.length ? legendRows.length * legendRowHeight + fsLegend * 0.6 : 0;

  // ---- plot area
  const areaTop = pad + titleHeight;
  const areaBottom = size - pad - legendHeight;
  const areaW = size - 2 * pad;
  const areaH = areaBottom - areaTop;

  // ---- values (clamped) and value-label sizes
  const clampedSeries = series.map((s) => clampSeries(s.values, n, scaleMin, scaleMax));
  const valueSample = formatValue(scaleMax, decimal);
  const valueW = textWidth(valueSample, fsValue, true);
  const valueH = fsValue * 1.05;
  const valueGap = Math.max(5, 7 * u);
  const ringLabelH = fsRing * 1.05;

  // Distance from the outer ring to the axis labels. On the 12 o'clock axis the ring labels sit in between.
  const labelGap = dirs.map((_, i) => {
    const base = Math.max(9, 12 * u);
    return i === 0 ? Math.max(base, ringLabelH + 8 * u) : base;
  });

  // ---- axis label candidates: choose the wrap width that gives the largest plot.
  const labelBlocks = (sideWidth: number): TextBlock[] =>
    options.axes.map((label, i) => {
      const middle = anchorFor(dirs[i]!.cos) === 'middle';
      const lines = middle
        ? wrapText(label, Math.max(sideWidth * 1.7, size * 0.42), fsLabel, 3)
        : wrapText(label, sideWidth, fsLabel, 3, false, size * 0.3);
      const width = lines.reduce((m, l) => Math.max(m, textWidth(l, fsLabel)), 0);
      return { lines, width, height: lines.length * fsLabel * lineHeight };
    });

  const extentsFor = (R: number, blocks: TextBlock[]) => {
    // The outer ring's vertices bound the plot (tighter than its circumscribed circle).
    let minX = 0;
    let maxX = 0;
    let minY = 0;
    let maxY = 0;
    const boxes: Placed[] = [];
    dirs.forEach(({ cos, sin }, i) => {
      minX = Math.min(minX, R * cos);
      maxX = Math.max(maxX, R * cos);
      minY = Math.min(minY, R * sin);
      maxY = Math.max(maxY, R * sin);
      const block = blocks[i]!;
      const d = R + labelGap[i]!;
      const placed = placeOutside(d * cos, d * sin, cos, sin, block.width, block.height);
      boxes.push(placed);
      minX = Math.min(minX, placed.box.x);
      maxX = Math.max(maxX, placed.box.x + placed.box.w);
      minY = Math.min(minY, placed.box.y);
      maxY = Math.max(maxY, placed.box.y + placed.box.h);
    });
    return { minX, maxX, minY, maxY, boxes };
  };

  const fit = (blocks: TextBlock[]) => {
    let lo = 0;
    let hi = size / 2;
    for (let i = 0; i < 24; i++) {
      const mid = (lo + hi) / 2;
      const e = extentsFor(mid, blocks);
      // The block of plot + labels is centred, so a long label on one side costs only its own width.
      const w = e.maxX - e.minX;
      const h = e.maxY - e.minY;
      if (w <= areaW && h <= areaH) lo = mid;
      else hi = mid;
    }
    return lo;
  };

  // Fewer, longer lines read better: take the widest wrap whose plot is within 3 % of the biggest possible.
  const candidates = [0.12, 0.145, 0.17, 0.2, 0.235, 0.27].map((f) => {
    const blocks = labelBlocks(size * f);
    return { R: fit(blocks), blocks };
  });
  const biggest = Math.max(...candidates.map((c) => c.R));
  const best = candidates.filter((c) => c.R >= biggest * 0.97).at(-1) ?? candidates[0]!;
  const R = Math.max(best.R, size * 0.12);
  const blocks = best.blocks;
  const ext = extentsFor(R, blocks);
  const cx = pad + (areaW - (ext.maxX - ext.minX)) / 2 - ext.minX;
  const cy = areaTop + (areaH - (ext.maxY - ext.minY)) / 2 - ext.minY;

  const pt = (r: number, i: number): Point => {
    const d = dirs[i]!;
    return { x: cx + r * d.cos, y: cy + r * d.sin };
  };
  const seriesPoints = clampedSeries.map((c) =>
    c.flatMap((v, i) => (v === undefined ? [] : [{ ...pt(radiusOf(v, R), i), v, i }])),
  );
  return {
    options, size, theme, decimal, scaleMin, scaleMax, n, series, showValues, u,
    fsLabel, fsRing, fsValue, fsTitle, fsLegend, lineHeight, pad, pointR,
    dirs, radiusOf, R, blocks, ext, cx, cy, pt, seriesPoints,
    titleText, titleLines, swatch, legendGap, legendRows, legendRowHeight, legendHeight,
    valueW, valueH, valueGap,
  };
}

const pointsAttr = (pts: Point[]) => pts.map((p) => `${num(p.x)},${num(p.y)}`).join(' ');

function documentStart({ options, size, theme, titleText }: Layout): string[] {
  const out: string[] = [];
  const ariaLabel = titleText || options.axes.map(clean).join(', ');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" role="img" aria-label="${escapeXml(ariaLabel)}" font-family="${FONT_FAMILY}">`,
  );
  if (titleText) out.push(`<title>${escapeXml(titleText)}</title>`);
  out.push(`<rect width="${size}" height="${size}" fill="${theme.background}"/>`);
  return out;
}

/** The grid: one polygonal ring per scale step (the outer ring a little stronger), around the axis lines. */
function rings({ scaleMin, scaleMax, radiusOf, R, dirs, pt, theme }: Layout, axisLines: string[]): string[] {
  const out: string[] = [`<g fill="none" stroke-linejoin="round">`];
  for (let v = scaleMin; v <= scaleMax; v++) {
    const r = radiusOf(v, R);
    const ring = dirs.map((_, i) => pt(r, i));
    const outer = v === scaleMax;
    out.push(
      `<polygon class="ring" points="${pointsAttr(ring)}" stroke="${outer ? theme.outerRing : theme.grid}" stroke-width="${outer ? 1.25 : 1}"/>`,
    );
  }
  out.push(...axisLines, `</g>`);
  return out;
}

/** One axis line per criterion, from the centre to the outer ring. */
function axes({ n, pt, R, cx, cy, theme }: Layout): string[] {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const end = pt(R, i);
    out.push(`<line class="axis" x1="${num(cx)}" y1="${num(cy)}" x2="${num(end.x)}" y2="${num(end.y)}" stroke="${theme.axis}" stroke-width="1"/>`);
  }
  return out;
}

/** The series: min–max bands first, then fills, outlines and points (a later fill never hides an earlier outline). */
function polygons({ series, n, scaleMin, scaleMax, radiusOf, R, pt, theme, seriesPoints, u, pointR }: Layout): string[] {
  const out: string[] = [];
  // Bands (min–max) first, under every series polygon.
  series.forEach((s, si) => {
    if (!s.band) return;
    const color = RADAR_COLORS[si % RADAR_COLORS.length]!;
    const lo = clampSeries(s.band.min, n, scaleMin, scaleMax);
    const hi = clampSeries(s.band.max, n, scaleMin, scaleMax);
    const inner: Point[] = [];
    const outer: Point[] = [];
    for (let i = 0; i < n; i++) {
      const a = lo[i];
      const b = hi[i];
      if (a === undefined || b === undefined) continue;
      inner.push(pt(radiusOf(Math.min(a, b), R), i));
      outer.push(pt(radiusOf(Math.max(a, b), R), i));
    }
    if (outer.length < 3) return;
    const path = (pts: Point[]) => `M${pts.map((p) => `${num(p.x)},${num(p.y)}`).join('L')}Z`;
    out.push(
      `<path class="band" d="${path(outer)} ${path(inner)}" fill="${color}" fill-opacity="${theme.bandOpacity}" fill-rule="evenodd" stroke="${color}" stroke-opacity="0.35" stroke-width="1" stroke-dasharray="3 3"/>`,
    );
  });

  const fillOpacity = series.length === 1 ? theme.fillOpacity : theme.fillOpacity * 0.4;
  // Fills first, then outlines, then points: a later fill never hides an earlier series' outline.
  seriesPoints.forEach((pts, si) => {
    if (pts.length < 3) return;
    const color = RADAR_COLORS[si % RADAR_COLORS.length]!;
    // With a band the band is the area and the mean its outline; a second fill would blur the band's edges.
    const opacity = series[si]?.band ? theme.fillOpacity * 0.3 : fillOpacity;
    out.push(`<polygon class="series-fill" points="${pointsAttr(pts)}" fill="${color}" fill-opacity="${num(opacity)}" stroke="none"/>`);
  });
  seriesPoints.forEach((pts, si) => {
    if (pts.length < 3) return;
    const color = RADAR_COLORS[si % RADAR_COLORS.length]!;
    out.push(
      `<polygon class="series" points="${pointsAttr(pts)}" fill="none" stroke="${color}" stroke-width="${num(Math.max(2, 2.25 * u))}" stroke-linejoin="round"/>`,
    );
  });
  seriesPoints.forEach((pts, si) => {
    const color = RADAR_COLORS[si % RADAR_COLORS.length]!;
    for (const p of pts) {
      out.push(`<circle class="point" cx="${num(p.x)}" cy="${num(p.y)}" r="${num(pointR)}" fill="${color}" stroke="${theme.background}" stroke-width="1.5"/>`);
    }
  });

  return out;
}

/** The texts: ring numbers, values (one series), axis labels, title and legend. */
function labels(layout: Layout): string[] {
  const halo = `stroke="${layout.theme.background}" stroke-width="3" stroke-linejoin="round" paint-order="stroke"`;
  return [...ringLabels(layout, halo), ...valueLabels(layout, halo), ...axisLabels(layout), ...title(layout), ...legend(layout)];
}

/** Small numbers just left of the 12 o'clock axis, above each ring. */
function ringLabels({ fsRing, theme, scaleMin, scaleMax, pt, radiusOf, R, u }: Layout, halo: string): string[] {
  const out: string[] = [];
  out.push(`<g class="ring-labels" font-size="${num(fsRing)}" fill="${theme.secondaryText}" text-anchor="end" ${halo}>`);
  for (let v = scaleMin; v <= scaleMax; v++) {
    const p = pt(radiusOf(v, R), 0);
    out.push(`<text x="${num(p.x - 6 * Math.max(1, u))}" y="${num(p.y - 3)}">${v}</text>`);
  }
  out.push(`</g>`);
  return out;
}

/** With one series: each value outside its point; on the 12 o'clock axis to the right (ring labels are left). */
function valueLabels({ showValues, seriesPoints, fsValue, theme, ext, cx, cy, decimal, dirs, valueGap, valueH }: Layout, halo: string): string[] {
  const out: string[] = [];
  if (!showValues) return out;
  const pts = seriesPoints[0] ?? [];
  out.push(`<g class="values" font-size="${num(fsValue)}" font-weight="bold" fill="${theme.text}" ${halo}>`);
  const labelBoxes = ext.boxes.map((b) => ({ x: cx + b.box.x, y: cy + b.box.y, w: b.box.w, h: b.box.h }));
  for (const p of pts) {
    const text = formatValue(p.v, decimal);
    const w = textWidth(text, fsValue, true);
    const { cos, sin } = dirs[p.i]!;
    // Candidates in order of preference; the first that keeps clear of every axis label wins.
    const candidates: { anchor: Anchor; box: Box }[] =
      p.i === 0
        ? [
            { anchor: 'start', box: { x: p.x + valueGap, y: p.y - valueGap * 0.4 - valueH, w, h: valueH } },
            { anchor: 'start', box: { x: p.x + valueGap, y: p.y + valueGap * 0.4, w, h: valueH } },
          ]
        : [
            placeOutside(p.x + valueGap * cos, p.y + valueGap * sin, cos, sin, w, valueH),
            // Inside the point (towards the centre), mirrored.
            placeOutside(p.x - valueGap * cos, p.y - valueGap * sin, -cos, -sin, w, valueH),
          ];
    const chosen = candidates.find((c) => !labelBoxes.some((b) => overlaps(c.box, b, 2))) ?? candidates[candidates.length - 1]!;
    const anchor = chosen.anchor;
    const x = anchor === 'start' ? chosen.box.x : anchor === 'end' ? chosen.box.x + w : chosen.box.x + w / 2;
    const top = chosen.box.y;
    const baseline = top + valueH * 0.5 + fsValue * 0.36;
    out.push(`<text x="${num(x)}" y="${num(baseline)}" text-anchor="${anchor}">${escapeXml(text)}</text>`);
  }
  out.push(`</g>`);
  return out;
}

/** The criteria names, wrapped, outside the plot. */
function axisLabels({ fsLabel, theme, ext, blocks, cx, cy, lineHeight }: Layout): string[] {
  const out: string[] = [];
  out.push(`<g class="axis-labels" font-size="${num(fsLabel)}" fill="${theme.text}">`);
  ext.boxes.forEach((placed, i) => {
    const block = blocks[i]!;
    if (block.lines.length === 0) return;
    const x = cx + (placed.anchor === 'start' ? placed.box.x : placed.anchor === 'end' ? placed.box.x + placed.box.w : placed.box.x + placed.box.w / 2);
    const top = cy + placed.box.y;
    const lh = fsLabel * lineHeight;
    const tspans = block.lines
      .map((line, k) => `<tspan x="${num(x)}" y="${num(top + k * lh + lh / 2 + fsLabel * 0.36)}">${escapeXml(line)}</tspan>`)
      .join('');
    out.push(`<text text-anchor="${placed.anchor}">${tspans}</text>`);
  });
  out.push(`</g>`);
  return out;
}

/** The title on top. */
function title({ titleLines, fsTitle, size, pad, theme }: Layout): string[] {
  const out: string[] = [];
  if (titleLines.length) {
    const lh = fsTitle * 1.25;
    const tspans = titleLines
      .map((line, k) => `<tspan x="${num(size / 2)}" y="${num(pad + k * lh + lh / 2 + fsTitle * 0.36)}">${escapeXml(line)}</tspan>`)
      .join('');
    out.push(`<text class="title" font-size="${num(fsTitle)}" font-weight="bold" fill="${theme.text}" text-anchor="middle">${tspans}</text>`);
  }
  return out;
}

/** The legend at the bottom, rows centred. */
function legend({ legendRows, legendGap, size, pad, legendHeight, fsLegend, legendRowHeight, swatch, theme }: Layout): string[] {
  const out: string[] = [];
  if (legendRows.length) {
    out.push(`<g class="legend" font-size="${num(fsLegend)}" fill="${theme.text}">`);
    legendRows.forEach((row, r) => {
      const rowWidth = row.reduce((sum, it) => sum + it.width, 0) + legendGap * (row.length - 1);
      let x = (size - rowWidth) / 2;
      const midY = size - pad - legendHeight + fsLegend * 0.6 + r * legendRowHeight + legendRowHeight / 2;
      for (const item of row) {
        out.push(
          `<rect x="${num(x)}" y="${num(midY - swatch / 2)}" width="${swatch}" height="${swatch}" rx="2" fill="${item.color}" fill-opacity="0.85"/>`,
        );
        out.push(`<text x="${num(x + swatch + fsLegend * 0.5)}" y="${num(midY + fsLegend * 0.36)}">${escapeXml(item.label)}</text>`);
        x += item.width + legendGap;
      }
    });
    out.push(`</g>`);
  }
  return out;
}
