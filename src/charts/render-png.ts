/**
 * Rasterises chart SVGs with @resvg/resvg-js and DejaVu Sans. System fonts are never loaded: the PNG looks the same
 * on every machine. resvg draws no text at all when it has no matching font (silently), so the font files are
 * checked once and a missing one is an error.
 *
 * Fonts: resvg (2.6, no font buffers in the native binding) builds its font database per render and parses the font
 * file again for every glyph it draws, so its cost per glyph grows with the file: with the full 750 KB DejaVu Sans,
 * text was ~40% of a 600 px radar. Charts are therefore drawn with subsets of DejaVu Sans (assets/fonts, made by
 * scripts/subset-chart-fonts.sh: Latin-1, Latin Extended-A and common punctuation, with every outline and the
 * kerning kept, so the PNG is byte-identical); an SVG with any other character is drawn with the full fonts of the
 * `dejavu-fonts-ttf` package, as before.
 */
import { createHash, createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { PROJECT_ROOT } from '../paths.js';

type FontOptions = NonNullable<ResvgRenderOptions['font']>;

/**
 * What the subsets hold (both regular and bold; scripts/subset-chart-fonts.sh has the same ranges). Anything else,
 * or a numeric character reference other than the apostrophe escapeXml writes, needs the full fonts.
 */
const OUTSIDE_SUBSET = /[^\t\n\r\u0020-\u007e\u00a0-\u017f\u2010-\u2027\u2030-\u203a\u20ac\u2122\u2212]|&#(?!39;)/;

let fontSets: { subset: FontOptions; full: FontOptions } | undefined;

function fontOptions(fontFiles: string[]): FontOptions {
  const missing = fontFiles.filter((file) => !existsSync(file));
  if (missing.length) throw new Error(`Chart fonts missing (is dejavu-fonts-ttf installed, is assets/fonts deployed?): ${missing.join(', ')}`);
  return { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' };
}

/** The resvg font options for an SVG, resolved once: the subsets when they cover its text, else the full fonts. */
export function chartFonts(svg: string, which: 'auto' | 'full' = 'auto'): FontOptions {
  if (!fontSets) {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const assets = join(PROJECT_ROOT, 'assets', 'fonts');
    fontSets = {
      subset: fontOptions([join(assets, 'DejaVuSans-Latin.ttf'), join(assets, 'DejaVuSans-Bold-Latin.ttf')]),
      full: fontOptions([join(dir, 'DejaVuSans.ttf'), join(dir, 'DejaVuSans-Bold.ttf')]),
    };
  }
  return which === 'full' || OUTSIDE_SUBSET.test(svg) ? fontSets.full : fontSets.subset;
}

export const MIN_PNG_WIDTH = 16;
export const MAX_PNG_WIDTH = 4096;

/** Renders an SVG to PNG. `width` scales the image (aspect ratio kept); default: the SVG's own width. */
export function svgToPng(svg: string, options: { width?: number; fonts?: 'auto' | 'full' } = {}): Buffer {
  return new Resvg(svg, renderOptions(svg, options)).render().asPng();
}

/**
 * svgToPng with parsing, text layout and rasterising on libuv's thread pool (resvg's renderAsync); only the PNG
 * encoding runs on the calling thread. For renders nobody waits for (a chart drawn when it is saved).
 */
export async function svgToPngAsync(svg: string, options: { width?: number } = {}): Promise<Buffer> {
  return (await renderAsync(svg, renderOptions(svg, options))).asPng();
}

function renderOptions(svg: string, options: { width?: number; fonts?: 'auto' | 'full' }): ResvgRenderOptions {
  const { width } = options;
  if (width !== undefined && (!Number.isInteger(width) || width < MIN_PNG_WIDTH || width > MAX_PNG_WIDTH)) {
    throw new RangeError(`svgToPng: width must be an integer ${MIN_PNG_WIDTH}..${MAX_PNG_WIDTH}, got ${width}`);
  }
  return {
    font: chartFonts(svg, options.fonts),
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  };
}

/**
 * Warms the renderer up: resolves the fonts and renders `svg` once (default: a little regular and bold text), so
 * resvg's code, the font files and the allocator are ready before the first real chart. Give it a chart like the
 * ones the process will draw (same size, strokes and text) for the first of those to cost what a warm one does.
 */
export function warmUpChartRenderer(svg?: string): void {
  svgToPng(svg ?? '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><text x="0" y="12" font-size="12">Åb</text>' +
    '<text x="0" y="12" font-size="12" font-weight="bold">Åb</text></svg>');
}

export interface ChartCacheOptions {
  /**
   * Optional secret: ids become HMAC-SHA256(key, svg + width) instead of SHA-256. Without it, someone who can
   * guess a chart's exact content (labels, title, every value) can compute its id and probe whether it exists.
   */
  key?: string | Buffer;
  /** The renderer (tests count calls with it). Default svgToPng. */
  render?: (svg: string, options: { width?: number }) => Buffer;
}

/**
 * Content-addressed PNG cache: a chart is rendered once per distinct (svg, width) and kept LRU (a hit moves it to
 * the newest end). The id is the first 32 hex characters (128 bits) of SHA-256 over the SVG and the width, so it
 * cannot be guessed without knowing the content, and it is safe to put in a public URL.
 */
export class ChartCache {
  private readonly entries = new Map<string, Buffer>();
  private readonly render: (svg: string, options: { width?: number }) => Buffer;
  private readonly key: string | Buffer | undefined;

  constructor(
    private readonly maxEntries = 200,
    options: ChartCacheOptions = {},
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`ChartCache: maxEntries must be a positive integer, got ${maxEntries}`);
    this.render = options.render ?? svgToPng;
    this.key = options.key;
  }

  /** The id a (svg, width) pair has in this cache. */
  idFor(svg: string, width?: number): string {
    const content = `${svg}\n${width ?? 'original'}`;
    const hash = this.key === undefined ? createHash('sha256') : createHmac('sha256', this.key);
    return hash.update(content, 'utf8').digest('hex').slice(0, 32);
  }

  /** Renders (unless cached) and returns the id and PNG. */
  put(svg: string, width?: number): { id: string; png: Buffer } {
    const id = this.idFor(svg, width);
    const cached = this.entries.get(id);
    if (cached) {
      this.touch(id, cached);
      return { id, png: cached };
    }
    const png = this.render(svg, width === undefined ? {} : { width });
    this.entries.set(id, png);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return { id, png };
  }

  /** The PNG for an id, or undefined (unknown or evicted). Ids that are not 32 lowercase hex never match. */
  get(id: string): Buffer | undefined {
    if (typeof id !== 'string' || !/^[0-9a-f]{32}$/.test(id)) return undefined;
    const png = this.entries.get(id);
    if (png) this.touch(id, png);
    return png;
  }

  get size(): number {
    return this.entries.size;
  }

  private touch(id: string, png: Buffer): void {
    this.entries.delete(id);
    this.entries.set(id, png);
  }
}

/**
 * Renders an SVG to PNG cut to what is drawn (plus `margin` px of the SVG's own units on each side): for charts in
 * documents, where a square chart's empty top and bottom would only push the text apart. Give the SVG no full-size
 * background, or there is nothing to cut. `scale` multiplies the SVG's own size (2 = twice the pixels).
 */
export function svgToTrimmedPng(svg: string, options: { scale?: number; margin?: number } = {}): Buffer {
  const scale = options.scale ?? 1;
  const margin = options.margin ?? 4;
  if (!(scale > 0 && scale <= 8)) throw new RangeError(`svgToTrimmedPng: scale must be in (0, 8], got ${scale}`);
  const resvg = new Resvg(svg, { font: chartFonts(svg), fitTo: { mode: 'zoom', value: scale }, shapeRendering: 2, textRendering: 1, logLevel: 'off' });
  const box = resvg.getBBox();
  if (box) {
    box.x -= margin;
    box.y -= margin;
    box.width += 2 * margin;
    box.height += 2 * margin;
    resvg.cropByBBox(box);
  }
  return resvg.render().asPng();
}
