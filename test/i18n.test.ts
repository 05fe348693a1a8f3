import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';
import { localeFromTag, t, translator } from '../src/i18n/index.js';
import { sv } from '../src/i18n/sv.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('Swedish and English texts', () => {
  it('have the same keys, none empty, with the same placeholders', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort());
    for (const [key, text] of Object.entries(sv)) {
      expect(text.trim(), key).not.toBe('');
      expect(en[key as keyof typeof sv].trim(), key).not.toBe('');
      expect(placeholders(en[key as keyof typeof sv]), key).toEqual(placeholders(text));
    }
  });

  it('contain nothing Teams would take for an HTML tag and swallow (write ‹placeholder›, not <placeholder>)', () => {
    for (const [key, text] of [...Object.entries(sv), ...Object.entries(en)]) expect(text, key).not.toMatch(/<[^>\s]+>/);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(t('hint.unknown', { text: 'fika' }, 'sv')).toBe('Jag förstod inte ”fika”. Skriv **hjälp** så visar jag vad jag kan.');
    expect(t('hint.unknown', {}, 'en')).toContain('{text}');
  });

  it('the English catalogue contains no Swedish words left untranslated', () => {
    // Keys whose English text names Swedish commands or the organisation on purpose.
    const allowed = new Set(['welcome.language', 'help.switchToSwedish', 'welcome.intro', 'welcome.howTo.channel', 'help.howTo.channel']);
    for (const [key, text] of Object.entries(en)) {
      if (allowed.has(key)) continue;
      // Examples in *italics* may name real (Swedish) initiatives; the sentence around them must be English.
      const prose = text.replace(/\*[^*]*\*/g, '');
      expect(prose, key).not.toMatch(/\b(och|att|inte|jag|du|för|det|är)\b/);
    }
  });

  it('maps Teams locale tags: English for en-*, Swedish otherwise', () => {
    expect(localeFromTag('en-US')).toBe('en');
    expect(localeFromTag('en-GB')).toBe('en');
    expect(localeFromTag('sv-SE')).toBe('sv');
    expect(localeFromTag('fi-FI')).toBe('sv');
    expect(localeFromTag(undefined)).toBe('sv');
  });
});

describe('Typed placeholders (checked by the compiler: npm test type-checks first)', () => {
  it('a known key takes exactly the variables of its Swedish text', () => {
    const sv = translator('sv');
    expect(sv('hint.unknown', { text: 'abc' })).toContain('”abc”');
    expect(sv('minutes.tooLong', { length: 12, max: 10 })).toContain('12');
    expect(sv('language.changed')).not.toContain('{');
    // @ts-expect-error a missing variable
    expect(sv('hint.unknown')).toContain('{text}');
    // @ts-expect-error a misspelt variable
    expect(sv('minutes.tooLong', { length: 12, maks: 10 })).toContain('{max}');
    // @ts-expect-error a variable the text does not have
    expect(sv('language.changed', { text: 'x' })).not.toContain('x');
  });
});
