import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type restify from 'restify';
import type { Logger } from '../../logger.js';
import type { TabAuthenticator, TabIdentity } from './auth.js';
import { TabHttpError } from './http-error.js';
import type { Download, TabApi } from './tab-api.js';
import type { Presenter } from './tab-data.js';

/**
 * HTTP for the tab: the built client under /tab/ and the JSON API under /api/tab/. Every API request is
 * authenticated first (401 before anything is read); answers are never cached by proxies (no-store).
 */

export interface TabRoutesOptions {
  api: TabApi;
  authenticator: TabAuthenticator;
  logger: Logger;
  /** Folder with the built client (index.html, config.html, *.js, *.css); see scripts/build-tab.ts. */
  staticDir: string;
}

/** Teams (web, desktop, mobile, Outlook and the Microsoft 365 app) may frame the tab; nobody else. */
const FRAME_ANCESTORS =
  "frame-ancestors 'self' https://teams.microsoft.com https://*.teams.microsoft.com https://teams.cloud.microsoft https://*.cloud.microsoft https://*.office.com https://*.microsoft365.com https://*.skype.com";

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export function registerTabRoutes(server: restify.Server, options: TabRoutesOptions): void {
  const { api, authenticator, logger } = options;

  const handle =
    <T>(work: (user: TabIdentity, p: Presenter, req: restify.Request, query: Record<string, string>) => Promise<T>, send: (res: restify.Response, value: T) => void) =>
    async (req: restify.Request, res: restify.Response) => {
      const p = api.presenter(req.header('accept-language'));
      res.header('Cache-Control', 'no-store');
      res.header('Vary', 'Authorization, Accept-Language');
      try {
        const user = await authenticator.authenticate(req.header('authorization'));
        const query = Object.fromEntries(new URL(req.url ?? '/', 'http://tab').searchParams);
        send(res, await work(user, p, req, query));
      } catch (error) {
        if (error instanceof TabHttpError) {
          if (error.status === 401) res.header('WWW-Authenticate', 'Bearer');
          if (error.status === 401 || error.status === 403) logger.info({ status: error.status, reason: error.messageKey, url: req.url }, 'tab request refused');
          res.send(error.status, { error: { code: error.code, message: p.t(error.messageKey, error.vars) } });
          return;
        }
        logger.error({ err: error, url: req.url }, 'tab request failed');
        res.send(500, { error: { code: 'internal', message: p.t('tabApi.error.internal') } });
      }
    };
  const json = (res: restify.Response, body: unknown) => res.send(200, body);
  const file = (res: restify.Response, download: Download) => {
    res.writeHead(200, {
      'Content-Type': download.contentType,
      'Content-Length': download.body.length,
      'Content-Disposition': `attachment; filename="${download.fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(download.fileName)}`,
      'Cache-Control': 'no-store',
    });
    res.end(download.body);
  };
  const svg = (res: restify.Response, body: string) => {
    res.writeHead(200, { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" });
    res.end(body);
  };

  server.get('/api/tab/me', handle((user, p) => api.me(user, p), json));
  server.get('/api/tab/items', handle((user, p, _req, q) => api.items(user, p, q), json));
  server.post('/api/tab/items/:id/complete', handle((user, p, req) => api.changeItem(user, p, req.params.id, req.body, 'complete'), json));
  server.post('/api/tab/items/:id/reopen', handle((user, p, req) => api.changeItem(user, p, req.params.id, req.body, 'reopen'), json));
  server.get('/api/tab/initiatives', handle((user, p) => api.initiatives(user, p), json));
  server.get('/api/tab/radar.svg', handle((user, p, _req, q) => api.radar(user, p, q), svg));
  server.get('/api/tab/live', handle((user, p, _req, q) => api.live(user, p, q), json));
  server.post('/api/tab/live/notes', handle((user, p, req) => api.addLiveNote(user, p, req.body), json));
  server.post('/api/tab/live/notes/:id/remove', handle((user, p, req) => api.removeLiveNote(user, p, req.params.id, req.body), json));
  server.get('/api/tab/meetings', handle((user, p, _req, q) => api.meetingsList(user, p, q), json));
  server.get('/api/tab/export/report.docx', handle((user, p, _req, q) => api.exportReport(user, p, q), file));
  server.get(
    '/api/tab/export/:file',
    handle(async (user, p, req, q) => {
      const match = /^(items|rounds)\.(csv|xlsx)$/.exec(String(req.params.file ?? ''));
      if (!match) throw new TabHttpError(404, 'notFound', 'tabApi.error.notFound');
      return match[1] === 'items' ? api.exportItems(user, p, match[2], q) : api.exportRounds(user, p, match[2]);
    }, file),
  );

  // The client: static files, no directory listing, no paths outside the folder.
  const files = new StaticFiles(options.staticDir);
  const serveStatic = async (name: string, req: restify.Request, res: restify.Response) => {
    const type = STATIC_TYPES[extname(name)];
    const file = /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name) && type ? await files.get(name) : undefined;
    if (!file || !type) {
      if (name === 'index.html' || name === 'config.html') logger.error({ dir: options.staticDir }, 'the tab is not built: run npm run build:tab');
      res.send(404, { error: 'not found' });
      return;
    }
    const headers: Record<string, string | number> = {
      'Content-Type': type,
      // Rebuilt bundles keep their names, so browsers revalidate (a 304 when the ETag still matches).
      'Cache-Control': 'no-cache',
      ETag: file.etag,
      Vary: 'Accept-Encoding',
      'X-Content-Type-Options': 'nosniff',
      ...(type.startsWith('text/html') ? { 'Content-Security-Policy': FRAME_ANCESTORS } : {}),
    };
    if (req.header('if-none-match') === file.etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    const gzip = /\bgzip\b/.test(req.header('accept-encoding') ?? '');
    const body = gzip ? file.gzip : file.body;
    res.writeHead(200, { ...headers, 'Content-Length': body.length, ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) });
    res.end(body);
  };
  server.get('/tab', async (req: restify.Request, res: restify.Response) => {
    res.header('Location', `/tab/${new URL(req.url ?? '/tab', 'http://tab').search}`);
    res.send(301);
  });
  server.get('/tab/', async (req: restify.Request, res: restify.Response) => serveStatic('index.html', req, res));
  server.get('/tab/:file', async (req: restify.Request, res: restify.Response) => serveStatic(String(req.params.file ?? ''), req, res));
}

/**
 * The built client's files, read and gzip-compressed once per version of each file (the bundle is ~800 KB,
 * ~270 KB gzipped); a rebuild while the server runs is picked up by its modification time.
 */
class StaticFiles {
  private readonly cache = new Map<string, { version: string; body: Buffer; gzip: Buffer; etag: string }>();

  constructor(private readonly dir: string) {}

  async get(name: string): Promise<{ body: Buffer; gzip: Buffer; etag: string } | undefined> {
    const path = join(this.dir, name);
    let version: string;
    try {
      const info = await stat(path);
      if (!info.isFile()) return undefined;
      version = `${info.mtimeMs}-${info.size}`;
    } catch {
      return undefined;
    }
    const cached = this.cache.get(name);
    if (cached?.version === version) return cached;
    const body = await readFile(path);
    const file = { version, body, gzip: gzipSync(body, { level: 9 }), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
    this.cache.set(name, file);
    return file;
  }
}
