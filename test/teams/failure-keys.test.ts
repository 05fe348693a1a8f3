import { describe, expect, it } from 'vitest';
import { fail, ok } from '../../src/domain/result.js';
import { catalogue, locales } from '../../src/i18n/index.js';
import { errorKey } from '../../src/teams/failure.js';

describe('One way to report a failure', () => {
  it('ok/fail build the two Result shapes (detail only when given)', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail('notFound')).toEqual({ ok: false, error: { code: 'notFound' } });
    expect(fail('dueInPast', 'i går')).toEqual({ ok: false, error: { code: 'dueInPast', detail: 'i går' } });
  });

  it('a failure maps to error.<feature>.<code>, and a code without a text does not compile', () => {
    expect(errorKey('actionItems', 'dueInPast')).toBe('error.actionItems.dueInPast');
    expect(errorKey('roundCreator', { code: 'notClosed' })).toBe('error.roundCreator.notClosed');
    // @ts-expect-error: no text error.actionItems.nope in sv.ts
    expect(errorKey('actionItems', 'nope')).toBe('error.actionItems.nope');
    // @ts-expect-error: one code of the union has no text
    expect(errorKey('meetings', { code: 'noDate' as 'noDate' | 'bogus' })).toBe('error.meetings.noDate');
  });

  it('every error.<feature>.<code> text exists in Swedish and English', () => {
    const keys = Object.keys(catalogue('sv')).filter((k) => /^error\.\w+\.\w+$/.test(k));
    expect(keys.length).toBeGreaterThan(40);
    for (const locale of locales) for (const key of keys) expect(catalogue(locale)[key as keyof ReturnType<typeof catalogue>], `${locale} ${key}`).toBeTruthy();
  });
});
