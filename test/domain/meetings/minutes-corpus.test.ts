import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMinutes, type ParsedMinutes } from '../../../src/domain/meetings/parse-minutes.js';
import { organisationName } from '../../../src/domain/meetings/partners.js';
import { readTodoDue } from '../../../src/domain/meetings/todo-due.js';

/**
 * The minutes corpus: minutes written the many ways Swedish municipal minutes are written (test/fixtures/minutes),
 * each with the fields a Core Team member checking the preview would expect. Prints a per-field score table and
 * requires every field of every case to be right.
 */

const timeZone = 'Europe/Stockholm';
const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'minutes');

type Person = [string, string | null];
interface Expected {
  now: string;
  title: string;
  date: string;
  dateUncertain?: boolean;
  time: string | null;
  place: string | null;
  participants: Person[];
  absent: Person[];
  decisions: string[];
  todos: Array<{ text: string; owner?: string; due?: string; note?: string }>;
  nextMeeting: { date: string; time?: string } | null;
  noteTaker: string | null;
  otherContains?: string[];
}

const FIELDS = ['title', 'date', 'time', 'place', 'participants', 'absent', 'decisions', 'todos', 'nextMeeting', 'noteTaker'] as const;
type Field = (typeof FIELDS)[number];

/** What the preview shows for each field, in the shape of the expected JSON. */
function view(parsed: ParsedMinutes, now: Date): Record<Field, unknown> {
  const people = (list: ParsedMinutes['participants']): Person[] => list.map((p) => [p.name, organisationName(p.organisation) ?? null]);
  return {
    title: parsed.title ?? null,
    date: { date: parsed.date ?? null, uncertain: parsed.yearUncertain ?? false },
    time: parsed.startTime ? `${parsed.startTime}${parsed.endTime ? `–${parsed.endTime}` : ''}` : null,
    place: parsed.place ?? null,
    participants: people(parsed.participants),
    absent: people(parsed.absent),
    decisions: parsed.decisions,
    todos: parsed.todos.map((t) => ({
      // The title the preview shows: the date is shown (and saved) on its own.
      text: readTodoDue(t.text, { ...(parsed.date ? { meetingDate: parsed.date } : {}), now, timeZone }).title,
      owner: t.owner ?? null,
      due: t.due?.date ?? null,
      note: t.note ?? null,
    })),
    nextMeeting: parsed.nextMeeting?.date ? { date: parsed.nextMeeting.date, time: parsed.nextMeeting.time ?? null } : null,
    noteTaker: parsed.noteTaker ?? null,
  };
}

function wanted(e: Expected): Record<Field, unknown> {
  return {
    title: e.title,
    date: { date: e.date, uncertain: e.dateUncertain ?? false },
    time: e.time,
    place: e.place,
    participants: e.participants,
    absent: e.absent,
    decisions: e.decisions,
    todos: e.todos.map((t) => ({ text: t.text, owner: t.owner ?? null, due: t.due ?? null, note: t.note ?? null })),
    nextMeeting: e.nextMeeting ? { date: e.nextMeeting.date, time: e.nextMeeting.time ?? null } : null,
    noteTaker: e.noteTaker,
  };
}

const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((json) => {
    const base = json.replace(/\.json$/, '');
    const textFile = readdirSync(dir).find((f) => f.startsWith(`${base}.`) && f !== json)!;
    return { name: base, text: readFileSync(join(dir, textFile), 'utf8'), expected: JSON.parse(readFileSync(join(dir, json), 'utf8')) as Expected };
  });

describe('the minutes corpus', () => {
  const results = cases.map(({ name, text, expected }) => {
    const parsed = parseMinutes(text, { now: new Date(expected.now), timeZone });
    const got = view(parsed, new Date(expected.now));
    const want = wanted(expected);
    const fields = Object.fromEntries(FIELDS.map((f) => [f, JSON.stringify(got[f]) === JSON.stringify(want[f])])) as Record<Field, boolean>;
    return { name, parsed, got, want, fields, expected };
  });

  it('has at least ten cases in different shapes', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
  });

  it('reports a per-field score and gets every field of every case right', () => {
    const width = Math.max(...results.map((r) => r.name.length));
    const rows = results.map((r) => `${r.name.padEnd(width)}  ${FIELDS.map((f) => (r.fields[f] ? '✓' : '✗').padEnd(f.length)).join('  ')}`);
    const totals = FIELDS.map((f) => `${results.filter((r) => r.fields[f]).length}/${results.length}`.padEnd(f.length));
    const right = results.reduce((n, r) => n + FIELDS.filter((f) => r.fields[f]).length, 0);
    console.log(
      [`${'case'.padEnd(width)}  ${FIELDS.join('  ')}`, ...rows, `${'right'.padEnd(width)}  ${totals.join('  ')}`, `fields right: ${right}/${results.length * FIELDS.length}`].join('\n'),
    );
    const wrong = results.flatMap((r) => FIELDS.filter((f) => !r.fields[f]).map((f) => ({ case: r.name, field: f, got: r.got[f], want: r.want[f] })));
    expect(wrong).toEqual([]);
  });

  it('keeps pasted slide fragments in övrigt and loses no line', () => {
    for (const r of results) {
      for (const fragment of r.expected.otherContains ?? []) expect(r.parsed.other, r.name).toContain(fragment);
    }
  });
});
