import { describe, expect, it } from 'vitest';
import { locales } from '../../src/i18n/index.js';
import { cardNames, renderCard } from '../../src/teams/cards.js';
import { cardActionRoutes } from '../../src/teams/routes.js';
import { cardProblems, verbsOf } from '../helpers/validate-card.js';
import { cardSamples } from './samples.js';

describe('Every card template in cards/', () => {
  const names = cardNames();

  it('has a sample rendering, so none escapes validation', () => {
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !cardSamples[name])).toEqual([]);
  });

  for (const name of names) {
    for (const locale of locales) {
      it(`${name} (${locale}) expands to a valid Adaptive Card 1.5 under 28 KB`, () => {
        const samples = cardSamples[name]?.(locale) ?? [];
        expect(samples.length).toBeGreaterThan(0);
        for (const card of samples) expect(cardProblems(card)).toEqual([]);
      });
    }

    it(`${name}: every Action.Execute verb has a handler`, () => {
      const verbs = verbsOf(cardSamples[name]?.('sv'));
      expect(verbs.filter((verb) => !cardActionRoutes.has(verb))).toEqual([]);
    });
  }
});

describe('The card validator itself', () => {
  it('reports unknown element types, leftover expressions and oversize cards', () => {
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Bogus' }] }).join()).toMatch(/Unknown element type/);
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: '${missing}' }] }).join()).toMatch(/unexpanded/);
    const huge = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x'.repeat(30_000) }] };
    expect(cardProblems(huge).join()).toMatch(/bytes/);
  });

  it('renderCard refuses a card over the Teams size limit', () => {
    const groups = Array.from({ length: 400 }, (_, i) => ({ heading: `Grupp ${i}`, commands: [{ usage: 'x'.repeat(50), description: 'y'.repeat(50) }] }));
    expect(() => renderCard('help', { title: 't', howTo: 'h', groups, languageSwitch: { title: 'x', locale: 'en' } })).toThrow(/byte limit/);
  });
});
