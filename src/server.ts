import restify from 'restify';
import type { Logger } from './logger.js';
import type { DocumentStore } from './store/document-store.js';

/** What the HTTP layer needs from the bot: a handler for one Bot Framework request. */
export interface MessageEndpoint {
  process(req: restify.Request, res: restify.Response): Promise<void>;
}

/** Chart images for cards (Teams fetches them without credentials; the id is unguessable). */
export interface ChartEndpoint {
  /** The PNG and its entity tag (quoted, as sent in ETag), or undefined for an unknown chart. */
  png(tenantId: string, id: string): Promise<{ png: Buffer; etag: string } | undefined>;
}

/** A person's data export ("mina data"): the JSON under a random token, while its link is valid. */
export interface ExportEndpoint {
  json(tenantId: string, token: string): Promise<string | undefined>;
}

/** A board report behind a short-lived link ("rapport"): the .docx under a random token, while its link is valid. */
export interface ReportEndpoint {
  docx(tenantId: string, token: string): Promise<{ fileName: string; contentType: string; body: Buffer } | undefined>;
}

export interface ServerOptions {
  logger: Logger;
  charts?: ChartEndpoint;
  exports?: ExportEndpoint;
  reports?: ReportEndpoint;
  store: DocumentStore;
  messages: MessageEndpoint;
  version: string;
  /** More routes (the tab and its API), registered after the bot's own. */
  extraRoutes?: (server: restify.Server) => void;
  /** Largest accepted request body; Teams messages are far smaller, pasted minutes stay well under this. */
  maxBodyBytes?: number;
}

export interface HttpServer {
  server: restify.Server;
  listen(port: number, host: string): Promise<number>;
  /** Stops accepting, waits for in-flight bot turns (up to timeoutMs), then closes the listener. */
  drain(timeoutMs: number): Promise<{ unfinished: number }>;
  inFlight(): number;
}

/** restify routes only; everything behind them is injected. */
export function createHttpServer(options: ServerOptions): HttpServer {
  const { logger, store, messages } = options;
  const server = restify.createServer({ name: 'shk-core-team-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes ?? 4 * 1024 * 1024, mapParams: false }));

  let draining = false;
  let inFlight = 0;
  let onIdle: (() => void) | undefined;

  server.post('/api/messages', async (req, res) => {
    if (draining) {
      // Bot Framework retries elsewhere (another instance) or later.
      res.header('Retry-After', '5');
      res.send(503, { error: 'shutting down' });
      return;
    }
    inFlight++;
    try {
      await messages.process(req, res);
    } catch (error) {
      logger.error({ err: error }, 'message endpoint failed');
      if (!res.headersSent) res.send(500);
    } finally {
      inFlight--;
      if (inFlight === 0) onIdle?.();
    }
  });

  server.get('/healthz', async (_req, res) => {
    const health = await store.health();
    const body = {
      status: health.ok && !draining ? 'ok' : 'unavailable',
      version: options.version,
      store: health,
      draining,
      uptimeSeconds: Math.round(process.uptime()),
    };
    res.header('Cache-Control', 'no-store');
    res.send(health.ok && !draining ? 200 : 503, body);
  });

  server.get('/charts/:tenant/:file', async (req, res) => {
    const match = /^([0-9a-f]{32})\.png$/.exec(String(req.params.file ?? ''));
    const chart = match && options.charts ? await options.charts.png(String(req.params.tenant ?? ''), match[1]!) : undefined;
    if (!chart) {
      res.send(404, { error: 'not found' });
      return;
    }
    // Content never changes under an id.
    const caching = { ETag: chart.etag, 'Cache-Control': 'public, max-age=31536000, immutable' };
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifNoneMatch && (ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === chart.etag))) {
      res.writeHead(304, caching);
      res.end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': chart.png.length, ...caching });
    res.end(chart.png);
  });

  /** A personal download under /<route>/:tenant/<32 hex>.<ext>: never cached; expired or unknown is plain 404. */
  const privateDownload = (
    route: string,
    ext: string,
    load: (tenantId: string, id: string) => Promise<{ body: Buffer; contentType: string; disposition: string } | undefined>,
  ) =>
    server.get(`/${route}/:tenant/:file`, async (req, res) => {
      const match = new RegExp(`^([0-9a-f]{32})\\.${ext}$`).exec(String(req.params.file ?? ''));
      const file = match ? await load(String(req.params.tenant ?? ''), match[1]!) : undefined;
      // Personal data: never cached, by the browser or anything in between; expired or unknown is plain 404.
      res.header('Cache-Control', 'no-store');
      if (!file) {
        res.send(404, { error: 'not found' });
        return;
      }
      res.writeHead(200, {
        'Content-Type': file.contentType,
        'Content-Length': file.body.length,
        'Content-Disposition': file.disposition,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(file.body);
    });

  privateDownload('exports', 'json', async (tenantId, id) => {
    const json = options.exports ? await options.exports.json(tenantId, id) : undefined;
    if (json === undefined) return undefined;
    return { body: Buffer.from(json, 'utf8'), contentType: 'application/json; charset=utf-8', disposition: `attachment; filename="${id}.json"` };
  });

  privateDownload('reports', 'docx', async (tenantId, id) => {
    const file = options.reports ? await options.reports.docx(tenantId, id) : undefined;
    if (!file) return undefined;
    return {
      body: file.body,
      contentType: file.contentType,
      disposition: `attachment; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    };
  });

  options.extraRoutes?.(server);

  server.on('restifyError', (req: restify.Request, res: restify.Response, error: Error & { statusCode?: number }, callback: () => void) => {
    if ((error.statusCode ?? 500) >= 500) logger.error({ err: error, url: req.url }, 'request failed');
    callback();
  });

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.removeListener('error', reject);
          resolve(server.address().port);
        });
      }),
    inFlight: () => inFlight,
    async drain(timeoutMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.server.close(() => resolve()));
      server.server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (onIdle = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref()),
        ]);
      }
      const unfinished = inFlight;
      server.server.closeAllConnections();
      await closed;
      return { unfinished };
    },
  };
}
