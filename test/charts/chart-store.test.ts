import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChartStore } from '../../src/charts/chart-store.js';
import { svgToPngAsync } from '../../src/charts/render-png.js';
import { newInitiative, withResult } from '../../src/domain/initiatives/initiative.js';
import { FixedClock } from '../../src/domain/ports.js';
import { criteriaSet } from '../../src/domain/scoring/criteria.js';
import { silentLogger } from '../../src/logger.js';
import { createHttpServer, type HttpServer } from '../../src/server.js';
import type { DocumentStore } from '../../src/store/document-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { PEOPLE, TENANT } from '../helpers/activities.js';

/**
 * Charts over the real HTTP route with a real SQLite store: rendered when saved (so the first GET only sends
 * bytes), kept by id, conditional GETs with the ETag answered 304. Renders and store reads are counted.
 */
const clock = new FixedClock('2024-02-27T09:00:00Z');
const set = criteriaSet('standard')!;

function initiatives() {
  const now = clock.now();
  const one = newInitiative({ id: '20000000-0000-4000-8000-000000000001', tenantId: TENANT, name: 'Måltider och möten', createdBy: PEOPLE.petra }, now);
  const two = newInitiative({ id: '20000000-0000-4000-8000-000000000002', tenantId: TENANT, name: 'Salus mea – trygghetslarm', createdBy: PEOPLE.petra }, now);
  const result = (roundId: string, base: number) => ({
    roundId,
    criteriaSetId: set.id,
    closedAt: now.toISOString(),
    overallMean: base,
    means: Object.fromEntries(set.criteria.map((c, i) => [c.id, base + (i % 3) * 0.4])),
    answers: 5,
    chartPath: '',
  });
  return [withResult(one, result('r1', 3.1), now), withResult(two, result('r2', 2.4), now)];
}

let dir: string;
let store: SqliteStore;
let gets: number;
let counted: DocumentStore;
const servers: HttpServer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shk-charts-'));
  store = SqliteStore.open({ file: join(dir, 'bot.db') });
  gets = 0;
  // The store with every container read counted.
  counted = new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'container') return Reflect.get(target, prop, receiver);
      return (name: string) => {
        const container = target.container(name);
        return new Proxy(container, {
          get(c, op, r) {
            const value = Reflect.get(c, op, r);
            if (op !== 'get' || typeof value !== 'function') return typeof value === 'function' ? value.bind(c) : value;
            return (...args: unknown[]) => {
              gets++;
              return value.apply(c, args);
            };
          },
        });
      };
    },
  });
});

afterEach(async () => {
  for (const server of servers.splice(0)) server.server.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function countingRenderer(options: { failFirst?: boolean } = {}) {
  const calls: string[] = [];
  let failed = false;
  return {
    calls,
    render: async (svg: string, o: { width: number }) => {
      calls.push(svg);
      if (options.failFirst && !failed) {
        failed = true;
        throw new Error('render failed');
      }
      return svgToPngAsync(svg, o);
    },
  };
}

async function serve(charts: ChartStore): Promise<string> {
  const http = createHttpServer({
    logger: silentLogger(),
    charts,
    store,
    messages: { process: async () => { throw new Error('no messages here'); } },
    version: 'test',
  });
  servers.push(http);
  const port = await http.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${port}`;
}

const pngSize = (body: Buffer) => ({ width: body.readUInt32BE(16), height: body.readUInt32BE(20) });

describe('ChartStore over GET /charts/:tenant/:id.png', () => {
  it('renders the chart when it is saved: the first GET reads nothing from the store and renders nothing', async () => {
    const renderer = countingRenderer();
    const charts = new ChartStore(counted, clock, { render: renderer.render });
    const url = await serve(charts);
    const path = await charts.compare(TENANT, initiatives(), set, 'sv');
    expect(path).toMatch(/^\/charts\/[^/]+\/[0-9a-f]{32}\.png$/);
    expect(renderer.calls).toHaveLength(1);
    expect(renderer.calls[0]).toContain('Salus mea – trygghetslarm');

    const first = await fetch(url + path);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const body = Buffer.from(await first.arrayBuffer());
    expect(pngSize(body)).toEqual({ width: 600, height: 600 });
    expect(Number(first.headers.get('content-length'))).toBe(body.length);

    const again = await fetch(url + path);
    expect(Buffer.from(await again.arrayBuffer()).equals(body)).toBe(true);
    expect(again.headers.get('etag')).toBe(etag);
    expect(renderer.calls).toHaveLength(1);
    expect(gets).toBe(0);
  });

  it('answers a conditional GET with the ETag 304 and no body; another ETag gets the PNG', async () => {
    const charts = new ChartStore(counted, clock);
    const url = await serve(charts);
    const path = await charts.compare(TENANT, initiatives(), set, 'en');
    const etag = (await fetch(url + path)).headers.get('etag')!;
    const notModified = await fetch(url + path, { headers: { 'If-None-Match': `"other", W/${etag}` } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('etag')).toBe(etag);
    expect(notModified.headers.get('cache-control')).toContain('immutable');
    expect((await notModified.arrayBuffer()).byteLength).toBe(0);
    const changed = await fetch(url + path, { headers: { 'If-None-Match': '"something-else"' } });
    expect(changed.status).toBe(200);
    expect((await changed.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it('on an instance that did not save the chart: one store read and one render, then kept; same bytes and ETag', async () => {
    const saver = new ChartStore(counted, clock);
    const savedUrl = await serve(saver);
    const path = await saver.compare(TENANT, initiatives(), set, 'sv');
    const original = await fetch(savedUrl + path);
    const originalBody = Buffer.from(await original.arrayBuffer());

    const renderer = countingRenderer();
    const other = new ChartStore(counted, clock, { render: renderer.render });
    const url = await serve(other);
    gets = 0;
    const [a, b] = await Promise.all([fetch(url + path), fetch(url + path)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(Buffer.from(await a.arrayBuffer()).equals(originalBody)).toBe(true);
    expect(a.headers.get('etag')).toBe(original.headers.get('etag'));
    await b.arrayBuffer();
    const rendersAfterFirst = renderer.calls.length;
    expect(rendersAfterFirst).toBeGreaterThanOrEqual(1);
    expect(rendersAfterFirst).toBeLessThanOrEqual(2);
    const readsAfterFirst = gets;
    await (await fetch(url + path)).arrayBuffer();
    expect(renderer.calls.length).toBe(rendersAfterFirst);
    expect(gets).toBe(readsAfterFirst);
  });

  it('forgets a failed render, so the next GET renders again', async () => {
    const renderer = countingRenderer({ failFirst: true });
    const charts = new ChartStore(counted, clock, { render: renderer.render });
    const url = await serve(charts);
    const path = await charts.compare(TENANT, initiatives(), set, 'sv');
    await new Promise((resolve) => setTimeout(resolve, 10));
    const response = await fetch(url + path);
    expect(response.status).toBe(200);
    expect(renderer.calls).toHaveLength(2);
    expect(gets).toBe(1);
  });

  it('keeps at most maxRendered charts, least recently used first out', async () => {
    const renderer = countingRenderer();
    const charts = new ChartStore(counted, clock, { render: renderer.render, maxRendered: 2 });
    const url = await serve(charts);
    const [p1, p2] = [await charts.compare(TENANT, initiatives(), set, 'sv'), await charts.compare(TENANT, initiatives(), set, 'en')];
    await (await fetch(url + p1)).arrayBuffer(); // p1 is now the most recent
    const p3 = await charts.compare(TENANT, initiatives().slice(0, 1), set, 'sv'); // evicts p2
    expect(renderer.calls).toHaveLength(3);
    for (const p of [p1, p3]) await (await fetch(url + p)).arrayBuffer();
    expect(gets).toBe(0);
    await (await fetch(url + p2)).arrayBuffer();
    expect(gets).toBe(1);
    expect(renderer.calls).toHaveLength(4);
  });

  it('answers unknown, malformed and other tenants’ chart ids with 404', async () => {
    const charts = new ChartStore(counted, clock);
    const url = await serve(charts);
    const path = await charts.compare(TENANT, initiatives(), set, 'sv');
    const id = /([0-9a-f]{32})\.png$/.exec(path)![1]!;
    expect((await fetch(`${url}/charts/${TENANT}/${'0'.repeat(32)}.png`)).status).toBe(404);
    expect((await fetch(`${url}/charts/${TENANT}/${id.toUpperCase()}.png`)).status).toBe(404);
    expect((await fetch(`${url}/charts/${TENANT}/${id}.svg`)).status).toBe(404);
    expect((await fetch(`${url}/charts/other-tenant/${id}.png`)).status).toBe(404);
  });
});
