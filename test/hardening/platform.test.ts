import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/test-app.js';

/**
 * The platform promises: Node 20–24, install scripts declared for exactly the packages that need them, and the
 * two restify advisories we do not override (find-my-way 7, send 0.18) unreachable. See docs/operations.md.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));

describe('Platform (hardening)', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.stop());

  it('supports Node 20 to 24', () => {
    expect(pkg.engines.node).toBe('>=20 <25');
    const major = Number(process.versions.node.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(20);
    expect(major).toBeLessThan(25);
  });

  it('allowScripts covers exactly the locked packages with install scripts: the needed ones allowed, dtrace-provider not', () => {
    const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
      .filter(([, p]) => p.hasInstallScript)
      .map(([path]) => path.replace(/^.*node_modules\//, ''))
      .sort();
    expect(Object.keys(pkg.allowScripts).sort()).toEqual(withScripts);
    expect(pkg.allowScripts).toEqual({ 'better-sqlite3': true, esbuild: true, 'dtrace-provider': false });
  });

  it('no route can reach the find-my-way ReDoS (no multi-parameter or regex segments) and restify serveStatic (send) is not used', () => {
    const routes = Object.values(bot.app.http.server.router.getRoutes() as unknown as Record<string, { spec: { path: string } }>).map((r) => String(r.spec.path));
    expect(routes.length).toBeGreaterThan(5);
    for (const path of routes) {
      for (const segment of path.split('/')) {
        // GHSA-rrr8-f88r-h8q6 needs two parameters in one segment (/:a-:b, /:a.:b) or a regex parameter.
        expect((segment.match(/:/g) ?? []).length, path).toBeLessThanOrEqual(1);
        expect(segment, path).not.toMatch(/[()]/);
      }
    }
    const sources = ['src/server.ts', 'src/tab/api/routes.ts', 'src/app.ts'].map((f) => readFileSync(join(ROOT, f), 'utf8')).join('\n');
    expect(sources).not.toMatch(/plugins\.serveStatic/);
  });
});
