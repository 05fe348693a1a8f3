/**
 * Regenerates the Teams app icons from SVG with @resvg/resvg-js and the bundled DejaVu fonts (no system fonts):
 *   manifest/icon.svg  → manifest/color.png    192×192, full colour (SHK accent #0B5D8C, white mark)
 *   OUTLINE_SVG        → manifest/outline.svg + manifest/outline.png  32×32, white on transparent
 *
 *   npx tsx scripts/make-icons.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

const MANIFEST_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'manifest');

/** The same mark as icon.svg (pentagon + check), drawn thicker for 32 px; only white strokes, no text. */
export const OUTLINE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">
  <g fill="none" stroke="#FFFFFF" stroke-linecap="round" stroke-linejoin="round">
    <polygon stroke-width="2.25" points="16,3.5 28.36,12.98 23.64,27.52 8.36,27.52 3.64,12.98"/>
    <polyline stroke-width="3" points="10.5,17 14.5,21 21.5,13"/>
  </g>
</svg>
`;

function fontFiles(): string[] {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((name) => join(dir, name));
}

export function renderIcon(svg: string, size: number): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    fitTo: { mode: 'width', value: size },
    logLevel: 'off',
  });
  const image = resvg.render();
  if (image.width !== size || image.height !== size) {
    throw new Error(`icon rendered ${image.width}×${image.height}, expected ${size}×${size}`);
  }
  return image.asPng();
}

export function makeIcons(dir = MANIFEST_DIR): { color: string; outline: string } {
  const color = join(dir, 'color.png');
  const outline = join(dir, 'outline.png');
  writeFileSync(color, renderIcon(readFileSync(join(dir, 'icon.svg'), 'utf8'), 192));
  writeFileSync(join(dir, 'outline.svg'), OUTLINE_SVG);
  writeFileSync(outline, renderIcon(OUTLINE_SVG, 32));
  return { color, outline };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { color, outline } = makeIcons();
  console.log(`wrote ${color}\nwrote ${outline}`);
}
