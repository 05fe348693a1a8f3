import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/teams/card-context.js';

describe('User text on cards', () => {
  it('cannot become a link, emphasis, a list or a mention', () => {
    expect(plainText('[klicka här](https://evil.example)')).toBe('\\[klicka här\\](https://evil.example)');
    expect(plainText('**VIKTIGT** _nu_')).toBe('\\*\\*VIKTIGT\\*\\* \\_nu\\_');
    expect(plainText('- punkt\n1. två\n# rubrik')).toBe('\\- punkt\n1\\. två\n\\# rubrik');
    expect(plainText('<at>Petra Edoff</at> ring mig')).toBe('Petra Edoff ring mig');
  });

  it('leaves ordinary text alone: hyphens, numbers, Swedish letters', () => {
    expect(plainText('Wolt-piloten: 15 seniorer, 5 mars – Västerås')).toBe('Wolt-piloten: 15 seniorer, 5 mars – Västerås');
  });

  it('drops control characters', () => {
    expect(plainText('a\u0000b\u0007c\nd')).toBe('abc\nd');
  });
});
