import { describe, expect, it } from 'vitest';
import { parseNewItem } from '../../src/domain/action-items/parse-new-item.js';
import { parseDue, parseDueExact } from '../../src/domain/dates/parse-due.js';
import { parseMinutes } from '../../src/domain/meetings/parse-minutes.js';
import { parseReminder } from '../../src/domain/reminders/parse-reminder.js';
import { plainText } from '../../src/teams/card-context.js';

/**
 * Every parser finishes on 200 KB of adversarial input (the bound on how long is in bench/parsers.ts, not here:
 * no timed tests). Before the bounds, `bedöm x` + "kl 1 " × 50 000 took 18 s.
 */

const options = { now: new Date('2024-02-27T09:00:00Z'), timeZone: 'Europe/Stockholm' };
const fill = (unit: string) => unit.repeat(Math.ceil(200_000 / unit.length)).slice(0, 200_000);

describe('Parsers on 200 KB of hostile text (hardening)', () => {
  it('dates (items, rounds, meeting look-up) and the exact date field', () => {
    expect(parseDue(fill('kl 1 '), options).ok).toBeTypeOf('boolean');
    expect(parseDue(`x ${fill('senast fredag kl 1 ')}`, options).ok).toBeTypeOf('boolean');
    expect(parseDueExact(fill('1 '), options)).toEqual({ ok: false, reason: 'none' });
  });

  it('reminders and a new att-göra', () => {
    expect(parseReminder('oss', fill('kl 9 varje måndag '), options)).toHaveProperty('ok');
    expect(parseNewItem(fill('<at>x</at> senast '), [], options)).toHaveProperty('ok');
  });

  it('the minutes (cut at MINUTES_MAX_CHARS) and the escaping of echoed text', () => {
    expect(parseMinutes(fill('Beslut:\n- kl 1 senast fredag\n'), options).decisions.length).toBeGreaterThanOrEqual(0);
    expect(plainText(fill('<at>[*\n# ')).length).toBeGreaterThan(200_000);
  });
});
