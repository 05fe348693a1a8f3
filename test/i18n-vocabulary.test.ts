import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogue, type MessageKey } from '../src/i18n/index.js';
import { PROJECT_ROOT } from '../src/paths.js';

/**
 * One vocabulary (see the glossary in README.md): one word for each thing, on every card, reply and in the tab.
 * The rejected variants must not creep back into the texts.
 */

const REJECTED_SV: Array<[RegExp, string]> = [
  [/att[- ]?göra/i, 'uppgift (att-göra is only a command word, written as **att-göra**)'],
  [/\bpågår\b/i, 'Öppen'],
  [/vid tangenterna/i, 'Antecknat av'],
  [/viktigaste punkterna/i, 'Sammanfattning'],
  [/bedömningsomgång/i, 'bedömningsrunda'],
  [/klarmarkerad/i, 'Markerad som klar av'],
  [/(^|[^\d])0 har svarat/, 'Ingen har svarat än'],
  // uppgifter = tasks, never "data about you"
  [/uppgifter(na)? (om|gäller)|dina uppgifter (är raderade|\?)|raderar dina uppgifter|ser dina uppgifter|hämta dina uppgifter/i, 'data (uppgifter means tasks)'],
];

const REJECTED_EN: Array<[RegExp, string]> = [
  [/\baction items?\b/i, 'task'],
  [/\bto-?dos?\b/i, 'task (todo is only a command word, written as **todo**)'],
  [/\bin progress\b/i, 'Open'],
  [/\bnote[- ]taker\b/i, 'Notes by'],
  [/\bkey points\b/i, 'Summary'],
  [/\bcompleted by\b/i, 'Marked done by'],
  [/(^|[^\d])0 have answered/, 'Nobody has answered yet'],
];

/** Command words and quoted examples may name the command as typed ("**att-göra** …", "*todo …*"). */
function withoutCommandWords(text: string): string {
  return text.replace(/\$?\{[\w.]+\}/g, '').replace(/\*\*[^*]*\*\*/g, '').replace(/\*[^*]*\*/g, '').replace(/”[^”]*”|"[^"]*"/g, '');
}

function violations(locale: 'sv' | 'en'): string[] {
  const rules = locale === 'sv' ? REJECTED_SV : REJECTED_EN;
  const found: string[] = [];
  for (const [key, value] of Object.entries(catalogue(locale)) as Array<[MessageKey, string]>) {
    // Usage lines show the command words themselves.
    if (/^command\.\w+\.usage$/.test(key)) continue;
    const text = withoutCommandWords(value);
    for (const [pattern, instead] of rules) if (pattern.test(text)) found.push(`${key}: "${value}" → use ${instead}`);
  }
  return found;
}

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

describe('One vocabulary', () => {
  it('the Swedish texts use uppgift, Öppen, Antecknat av, Sammanfattning, bedömningsrunda', () => {
    expect(violations('sv')).toEqual([]);
  });

  it('the English texts use task, Open, Notes by, Summary, Marked done by', () => {
    expect(violations('en')).toEqual([]);
  });

  it('cards and the tab client have no texts of their own with a rejected word', () => {
    const sources = [...files(join(PROJECT_ROOT, 'cards'), /\.json$/), ...files(join(PROJECT_ROOT, 'src', 'tab', 'client'), /\.tsx?$/)];
    expect(sources.length).toBeGreaterThan(20);
    const found: string[] = [];
    for (const path of sources) {
      // String literals only (comments may name the domain's words).
      const literals = readFileSync(path, 'utf8').match(/'[^'\n]*'|"[^"\n]*"|`[^`]*`/g) ?? [];
      for (const literal of literals.map((l) => withoutCommandWords(l.slice(1, -1)))) {
        for (const [pattern] of [...REJECTED_SV.slice(1), ...REJECTED_EN.slice(2)]) if (pattern.test(literal)) found.push(`${path}: ${literal}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('would catch a rejected word (the check itself can fail)', () => {
    expect(REJECTED_SV.some(([pattern]) => pattern.test(withoutCommandWords('Klarmarkerad av Petra')))).toBe(true);
    expect(REJECTED_SV.some(([pattern]) => pattern.test(withoutCommandWords('Skriv **att-göra** och sedan vad')))).toBe(false);
    expect(REJECTED_EN.some(([pattern]) => pattern.test(withoutCommandWords('Open action items here')))).toBe(true);
  });
});
