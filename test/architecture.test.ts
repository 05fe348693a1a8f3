import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
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

/** Relative imports (runtime and type-only) of a source file, as repository paths. */
const localImports = (file: { path: string; text: string }) =>
  [...file.text.matchAll(/(?:from|import)\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g)].map((m) =>
    relative(root, resolve(root, dirname(file.path), m[1]!.replace(/\.js$/, '.ts'))),
  );
const graph = new Map(source.map((f) => [f.path, localImports(f)]));

/** Import cycles (strongly connected components of more than one file, or a file importing itself). */
function cycles(): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)!.includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

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

  it('no import cycles, counting type-only imports', () => {
    expect(cycles()).toEqual([]);
  });

  it('dependencies point down: scheduler/ and tab/ never import teams/, card-context.ts not the services bag', () => {
    const upward = source
      .filter((f) => /^src\/(scheduler|tab)\//.test(f.path))
      .flatMap((f) => localImports(f).filter((i) => i.startsWith('src/teams/')).map((i) => `${f.path} -> ${i}`));
    expect(upward).toEqual([]);
    const cardContext = source.find((f) => f.path === 'src/teams/card-context.ts')!;
    expect(localImports(cardContext).filter((i) => /^src\/teams\/(services|router)\.ts$/.test(i))).toEqual([]);
  });
});
