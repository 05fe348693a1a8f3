/**
 * Writes every card sample (test/cards/samples.ts: the same builders the bot uses) as expanded JSON, for
 * scripts/screenshot-cards.mjs:  npx tsx scripts/export-card-samples.ts [out-dir]  (default screenshots/cards-json)
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { locales } from '../src/i18n/index.js';
import { cardSamples } from '../test/cards/samples.js';

const out = process.argv[2] ?? 'screenshots/cards-json';
await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });
let count = 0;
for (const [name, samples] of Object.entries(cardSamples)) {
  for (const locale of locales) {
    const cards = samples(locale);
    for (const [i, card] of cards.entries()) {
      await writeFile(join(out, `${name}-${locale}-${i + 1}.json`), JSON.stringify(card, null, 2));
      count++;
    }
  }
}
console.log(`${count} cards written to ${out}`);
