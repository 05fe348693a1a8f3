/**
 * Builds the Teams tab (src/tab/client) into dist/tab/: main.js + config.js (minified, ES2020) and the two HTML
 * pages the server serves under /tab/. Run directly (`npm run build:tab`) or call buildTab() (the e2e test does).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface BuildTabResult {
  outDir: string;
  files: string[];
  ms: number;
}

const page = (script: string) => `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SHK Core Team</title>
<style>
  html, body, #root { margin: 0; min-height: 100%; }
  body { font-family: "Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", sans-serif; }
</style>
</head>
<body>
<div id="root"></div>
<script src="./${script}"></script>
</body>
</html>
`;

export async function buildTab(options: { outDir?: string; minify?: boolean } = {}): Promise<BuildTabResult> {
  const started = performance.now();
  const outDir = options.outDir ?? join(root, 'dist', 'tab');
  // Files are overwritten in place (fixed names), so a running server never finds the folder empty.
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { main: join(root, 'src/tab/client/main.tsx'), config: join(root, 'src/tab/client/config.tsx') },
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: options.minify ?? true,
    jsx: 'automatic',
    tsconfig: join(root, 'src/tab/client/tsconfig.json'),
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'none',
    logLevel: 'warning',
  });
  await writeFile(join(outDir, 'index.html'), page('main.js'));
  await writeFile(join(outDir, 'config.html'), page('config.js'));
  return { outDir, files: ['index.html', 'config.html', 'main.js', 'config.js'], ms: Math.round(performance.now() - started) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await buildTab();
  console.log(`tab built into ${result.outDir} in ${result.ms} ms`);
}
