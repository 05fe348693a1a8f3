/**
 * Rasterises chart SVGs with @resvg/resvg-js and the DejaVu fonts shipped by the `dejavu-fonts-ttf` package.
 * System fonts are never loaded: the PNG looks the same on every machine. resvg draws no text at all when it
 * has no matching font (silently), so the font files are checked once and a missing one is an error.
 */
import { createHash, createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';

const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;

let fontOptions: ResvgRenderOptions['font'] | undefined;

/** The resvg font options, resolved once: bundled DejaVu Sans regular + bold, no system fonts. */
function fonts(): NonNullable<ResvgRenderOptions['font']> {
  if (!fontOptions) {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    const fontFiles = FONT_FILES.map((name) => join(dir, name));
    const missing = fontFiles.filter((file) => !existsSync(file));
    if (missing.length) throw new Error(`Chart fonts missing (is dejavu-fonts-ttf installed?): ${missing.join(', ')}`);
    fontOptions = {
      fontFiles,
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    };
  }
  return fontOptions;
}

export const MIN_PNG_WIDTH = 16;
export const MAX_PNG_WIDTH = 4096;

/** Renders an SVG to PNG. `width` scales the image (aspect ratio kept); default: the SVG's own width. */
export function svgToPng(svg: string, options: { width?: number } = {}): Buffer {
  const { width } = options;
  if (width !== undefined && (!Number.isInteger(width) || width < MIN_PNG_WIDTH || width > MAX_PNG_WIDTH)) {
    throw new RangeError(`svgToPng: width must be an integer ${MIN_PNG_WIDTH}..${MAX_PNG_WIDTH}, got ${width}`);
  }
  const resvg = new Resvg(svg, {
    font: fonts(),
    fitTo: width === undefined ? { mode: 'original' } : { mode: 'width', value: width },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: 'off',
  });
  return resvg.render().asPng();
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
  const resvg = new Resvg(svg, { font: fonts(), fitTo: { mode: 'zoom', value: scale }, shapeRendering: 2, textRendering: 1, logLevel: 'off' });
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
