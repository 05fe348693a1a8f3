import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The dependency rules of DESIGN.md, checked on the source so a slip fails CI rather than a review. */

const root = join(import.meta.dirname, '..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
const source = files(join(root, 'src')).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
const imports = (text: string) => [...text.matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);

describe('Architecture rules', () => {
  it('src/domain imports no SDK, store, HTTP framework or environment', () => {
    const offenders = source
      .filter((f) => f.path.startsWith('src/domain/'))
      .filter((f) => imports(f.text).some((i) => /^(botbuilder|botframework-|@azure\/|restify|better-sqlite3)/.test(i) || i.includes('/store/') || i.includes('/teams/')) || f.text.includes('process.env'))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('botbuilder is only imported inside src/teams/', () => {
    const offenders = source
      .filter((f) => !f.path.startsWith('src/teams/'))
      .filter((f) => imports(f.text).some((i) => /^(botbuilder|botframework-)/.test(i)))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('only the adapter, the activity handler, the scope factory, proactive sending and membership import botbuilder', () => {
    // Handlers get plain functions on the turn scope (sender, reply, post, update, people); a move to another bot
    // SDK changes these files only.
    const allowed = /^src\/teams\/(adapter[^/]*|bot|turn-scope|proactive|membership)\.ts$/;
    const offenders = source
      .filter((f) => imports(f.text).some((i) => /^(botbuilder|botframework-)/.test(i)))
      .map((f) => f.path)
      .filter((path) => !allowed.test(path));
    expect(offenders).toEqual([]);
  });

  it('process.env is read only in src/config.ts', () => {
    expect(source.filter((f) => f.path !== 'src/config.ts' && f.text.includes('process.env')).map((f) => f.path)).toEqual([]);
  });

  it('user-facing Swedish lives in src/i18n, not scattered in code', () => {
    // Swedish letters in string literals outside i18n are a sign of an untranslated text.
    // A file may hold Swedish *parser vocabulary* (words it recognises, never shows) if it says so.
    const offenders = source
      .filter((f) => !f.path.startsWith('src/i18n/') && !f.text.includes('i18n-exempt: '))
      .flatMap((f) =>
        f.text
          .split('\n')
          .map((line, i) => ({ line, at: `${f.path}:${i + 1}` }))
          .filter(({ line }) => !/^\s*(\/\/|\*|\/\*)/.test(line) && /(['"`])[^'"`]*[åäöÅÄÖ][^'"`]*\1/.test(line)),
      )
      .map((o) => o.at);
    expect(offenders).toEqual([]);
  });
});
