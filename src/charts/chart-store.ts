import { randomBytes } from 'node:crypto';
import type { Clock } from '../domain/ports.js';
import type { Initiative } from '../domain/initiatives/initiative.js';
import type { CriteriaSet } from '../domain/scoring/criteria.js';
import type { ResultCharts } from '../domain/scoring/evaluation-service.js';
import type { Round, RoundResult } from '../domain/scoring/round.js';
import type { Locale } from '../i18n/index.js';
import { partitionKey, type BaseDocument, type Container, type DocumentStore } from '../store/document-store.js';
import { radarSvg } from './radar.js';
import { ChartCache } from './render-png.js';

export const CHARTS_CONTAINER = 'charts';

interface ChartDocument extends BaseDocument {
  type: 'chart';
  svg: string;
  createdAt: string;
}

/** Size of the PNG a card shows (Teams scales it to the card width). */
export const CARD_CHART_SIZE = 600;

/**
 * Result charts: drawn once when a round closes (or a comparison is asked for), stored as SVG in the tenant's
 * partition, rasterised on request and cached. The URL carries a random 128-bit id, so a chart can be fetched
 * by Teams without authentication but not guessed.
 */
export class ChartStore implements ResultCharts {
  private readonly container: Container<ChartDocument>;
  private readonly cache = new ChartCache(200);

  constructor(store: DocumentStore, private readonly clock: Clock) {
    this.container = store.container<ChartDocument>(CHARTS_CONTAINER);
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
    return ChartStore.path(tenantId, id);
  }

  /** The PNG for a chart path's parts, or undefined for an unknown (or malformed) id. */
  async png(tenantId: string, id: string): Promise<Buffer | undefined> {
    if (!/^[0-9a-f]{32}$/.test(id) || tenantId.length === 0 || tenantId.length > 100) return undefined;
    const chart = await this.container.get(partitionKey(tenantId), id);
    if (!chart || chart.type !== 'chart') return undefined;
    return this.cache.put(chart.svg, CARD_CHART_SIZE).png;
  }

  async svg(tenantId: string, id: string): Promise<string | undefined> {
    if (!/^[0-9a-f]{32}$/.test(id)) return undefined;
    return (await this.container.get(partitionKey(tenantId), id))?.svg;
  }
}
