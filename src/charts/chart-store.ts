import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../domain/ports.js';
import type { Initiative } from '../domain/initiatives/initiative.js';
import type { CriteriaSet } from '../domain/scoring/criteria.js';
import type { ResultCharts } from '../domain/scoring/evaluation-service.js';
import type { Round, RoundResult } from '../domain/scoring/round.js';
import type { Locale } from '../i18n/index.js';
import { partitionKey, type BaseDocument, type Container, type DocumentStore } from '../store/document-store.js';
import { radarSvg } from './radar.js';
import { svgToPngAsync, warmUpChartRenderer } from './render-png.js';

export const CHARTS_CONTAINER = 'charts';

interface ChartDocument extends BaseDocument {
  type: 'chart';
  svg: string;
  createdAt: string;
}

/** Size of the PNG a card shows (Teams scales it to the card width). */
export const CARD_CHART_SIZE = 600;

/** A chart's PNG with its entity tag (a hash of the bytes) for conditional GETs. */
export interface RenderedChart {
  png: Buffer;
  etag: string;
}

export interface ChartStoreOptions {
  /** How many rendered charts to keep (least recently used go first). Default 200. */
  maxRendered?: number;
  /** The renderer (tests count calls with it). Default svgToPngAsync (off the event loop). */
  render?: (svg: string, options: { width: number }) => Promise<Buffer>;
}

/**
 * Result charts: drawn once when a round closes (or a comparison is asked for), stored as SVG in the tenant's
 * partition and rasterised right away, so the card's first GET of the image (Teams fetches it as soon as the card
 * arrives) finds the PNG ready, or waits for the render in flight instead of starting another one. Rendered PNGs
 * are kept by chart id (LRU); a chart that is not (or no longer) kept, e.g. on another instance, is read from the
 * store and rendered once on request. The URL carries a random 128-bit id, so a chart can be fetched by Teams
 * without authentication but not guessed.
 */
export class ChartStore implements ResultCharts {
  private readonly container: Container<ChartDocument>;
  /** `${tenantId}/${id}` → the PNG, rendered or being rendered. Map order is recency (LRU). */
  private readonly rendered = new Map<string, Promise<RenderedChart>>();
  private readonly maxRendered: number;
  private readonly renderPng: (svg: string, options: { width: number }) => Promise<Buffer>;

  constructor(store: DocumentStore, private readonly clock: Clock, options: ChartStoreOptions = {}) {
    this.container = store.container<ChartDocument>(CHARTS_CONTAINER);
    this.maxRendered = options.maxRendered ?? 200;
    this.renderPng = options.render ?? svgToPngAsync;
  }

  /**
   * Makes the first chart of the process cost what a warm one does (at start-up, ≈ 100 ms once): lays out 30 radars
   * of every shape, since V8 runs the layout code (label wrapping, fitting plot and labels) in its interpreter until
   * it has run a few dozen times (the first real chart's layout took ≈ 5 ms instead of ≈ 0.6), then loads the
   * renderer and its fonts and draws a card-sized radar twice: after one, the next 600 px render still took ≈ 11 ms
   * to rasterise instead of ≈ 7 (measured phase by phase in fresh processes; from the second on it does not).
   * This warms the calling thread: charts drawn when saved render on libuv's pool (svgToPngAsync), where nobody waits.
   */
  warmUp(): void {
    // Never shown to anyone: text, strokes and fills like real card charts'.
    const axes = ['Citizen value', 'Partnership & co-production', 'Innovation', 'Sustainability', 'Link to the focus areas', 'Feasibility', 'Cost', 'Reach'];
    let svg = '';
    for (let i = 0; i < 30; i++) {
      const names = axes.slice(0, 3 + (i % 6));
      const values = (shift: number) => names.map((_, j) => 1 + ((i + j + shift) % 5));
      svg = radarSvg({
        size: CARD_CHART_SIZE,
        axes: names,
        title: 'Warm-up',
        series: i % 3 === 2
          ? [{ label: 'A', values: values(0) }, { label: 'B', values: values(2) }]
          : [{ label: 'Mean', values: values(0), band: { min: names.map(() => 1), max: names.map(() => 5) } }],
      });
    }
    warmUpChartRenderer(svg);
    warmUpChartRenderer(svg);
  }

  static path(tenantId: string, id: string): string {
    return `/charts/${encodeURIComponent(tenantId)}/${id}.png`;
  }

  async forRound(round: Round, set: CriteriaSet, result: RoundResult, locale: Locale): Promise<string> {
    const byId = new Map(result.criteria.map((c) => [c.criterionId, c]));
    const svg = radarSvg({
      size: CARD_CHART_SIZE,
      axes: set.criteria.map((c) => c.name[locale]),
      series: [
        {
          label: round.initiativeName,
          values: set.criteria.map((c) => byId.get(c.id)?.mean ?? Number.NaN),
          band: { min: set.criteria.map((c) => byId.get(c.id)?.min ?? Number.NaN), max: set.criteria.map((c) => byId.get(c.id)?.max ?? Number.NaN) },
        },
      ],
      decimal: locale === 'sv' ? ',' : '.',
    });
    return this.save(round.tenantId, svg);
  }

  /** Up to five initiatives' latest means on one radar, with a legend. */
  async compare(tenantId: string, initiatives: Initiative[], set: CriteriaSet, locale: Locale): Promise<string> {
    const svg = radarSvg({
      size: CARD_CHART_SIZE,
      axes: set.criteria.map((c) => c.name[locale]),
      series: initiatives.map((i) => ({ label: i.name, values: set.criteria.map((c) => i.latestResult?.means[c.id] ?? Number.NaN) })),
      legend: true,
      decimal: locale === 'sv' ? ',' : '.',
    });
    return this.save(tenantId, svg);
  }

  private async save(tenantId: string, svg: string): Promise<string> {
    const id = randomBytes(16).toString('hex');
    await this.container.create({ id, pk: partitionKey(tenantId), tenantId, type: 'chart', svg, createdAt: this.clock.now().toISOString() });
    // Rendered now, not awaited: the turn that saved the chart does not wait for it, the first GET does.
    this.remember(`${tenantId}/${id}`, this.render(svg));
    return ChartStore.path(tenantId, id);
  }

  /** The PNG for a chart path's parts, or undefined for an unknown (or malformed) id. */
  async png(tenantId: string, id: string): Promise<RenderedChart | undefined> {
    if (!/^[0-9a-f]{32}$/.test(id) || tenantId.length === 0 || tenantId.length > 100) return undefined;
    const key = `${tenantId}/${id}`;
    const kept = this.rendered.get(key);
    if (kept) {
      this.rendered.delete(key);
      this.rendered.set(key, kept);
      return kept;
    }
    const chart = await this.container.get(partitionKey(tenantId), id);
    if (!chart || chart.type !== 'chart') return undefined;
    // Two GETs of a chart nobody has rendered yet may both get here; the second render wins, both answer.
    return this.remember(key, this.render(chart.svg));
  }

  private async render(svg: string): Promise<RenderedChart> {
    const png = await this.renderPng(svg, { width: CARD_CHART_SIZE });
    return { png, etag: `"${createHash('sha256').update(png).digest('base64url').slice(0, 27)}"` };
  }

  /** Keeps a render (in flight or done); a failed one is forgotten, so the next GET tries again. */
  private remember(key: string, rendering: Promise<RenderedChart>): Promise<RenderedChart> {
    this.rendered.set(key, rendering);
    rendering.catch(() => {
      if (this.rendered.get(key) === rendering) this.rendered.delete(key);
    });
    while (this.rendered.size > this.maxRendered) {
      const oldest = this.rendered.keys().next().value;
      if (oldest === undefined) break;
      this.rendered.delete(oldest);
    }
    return rendering;
  }

  async svg(tenantId: string, id: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
    return (await this.container.get(partitionKey(tenantId), id))?.svg;
  }
}
