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

describe('Warnings from the minutes reader on the preview card', () => {
  it('are translated, and one without a text is said in general terms, never in the reader’s English', async () => {
    const { previewForm } = await import('../../src/teams/meetings/meeting-cards.js');
    const { parseMinutes, MINUTES_WARNINGS } = await import('../../src/domain/meetings/parse-minutes.js');
    const { cardContextOf } = await import('../../src/teams/card-context.js');
    const { sampleScope } = await import('../helpers/scope.js');
    const c = cardContextOf(sampleScope('sv'));
    const parsed = { ...parseMinutes('Möte 5 mars\nBeslut: budgeten godkändes', { now: c.now, timeZone: c.timeZone }) };
    parsed.warnings = [MINUTES_WARNINGS.noParticipants, 'a warning added to the reader later'];
    const draft = { id: '40000000-0000-4000-8000-000000000009', tenantId: 't', conversationKey: 'c', source: 'minutes' as const, parsed, createdBy: { id: '29:x', name: 'X' }, createdAt: c.now.toISOString() };
    const text = JSON.stringify(previewForm(draft, c));
    expect(text).toContain('inga deltagare hittades');
    expect(text).toContain('en del av texten kunde inte tolkas');
    expect(text).not.toContain('a warning added to the reader later');
    expect(text).not.toContain(MINUTES_WARNINGS.noParticipants);
  });
});
