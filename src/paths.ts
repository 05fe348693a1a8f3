import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder (the one with package.json and cards/), found from this file whether it runs from src/
 * (tsx, tests) or from dist/src/ (npm run build && npm run start:prod).
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'cards'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('project folder (package.json and cards/) not found above src/');
}

export const PROJECT_ROOT = findRoot();
