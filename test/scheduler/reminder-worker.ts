/**
 * The other process of the two-process exactly-once test (test/scheduler/reminder-scheduler.test.ts), run with
 * `node --import tsx test/scheduler/reminder-worker.ts <sqlite file> <owner>`: opens the real SqliteStore on the
 * parent's file, waits for "go <epoch ms>" on stdin, then runs ReminderScheduler passes until nothing is due.
 * Prints "ready", one "sent <id>" line per delivery, then a JSON summary.
 */
import { createInterface } from 'node:readline';
import { systemClock } from '../../src/domain/ports.js';
import { ReminderScheduler } from '../../src/scheduler/reminder-scheduler.js';
import { ReminderRepository } from '../../src/store/reminder-repository.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';

const [file, owner] = process.argv.slice(2);
if (!file || !owner) throw new Error('usage: reminder-worker.ts <sqlite file> <owner>');

const store = SqliteStore.open({ file });
const repository = new ReminderRepository(store, systemClock);
const lines: string[] = [];
const scheduler = new ReminderScheduler({
  repository,
  clock: systemClock,
  owner,
  batch: 50,
  concurrency: 10,
  deliver: async (reminder) => {
    lines.push(`sent ${reminder.id}\n`);
    await new Promise((resolve) => setImmediate(resolve));
    return 'sent';
  },
});

process.stdout.write('ready\n');
let startAt = 0;
for await (const line of createInterface({ input: process.stdin })) {
  if (line.startsWith('go ')) {
    startAt = Number(line.slice(3));
    break;
  }
}
const wait = startAt - Date.now();
if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

const totals = { passes: 0, claimed: 0, sent: 0, skipped: 0 };
for (;;) {
  const pass = await scheduler.runOnce();
  totals.passes++;
  totals.claimed += pass.claimed;
  totals.sent += pass.sent;
  totals.skipped += pass.skipped;
  if (lines.length > 0) process.stdout.write(lines.splice(0).join(''));
  // Done when nothing was due at all (skipped counts candidates the other process held or won).
  if (pass.claimed === 0 && pass.skipped === 0) break;
  await new Promise((resolve) => setImmediate(resolve));
}
await store.close();
process.stdout.write(JSON.stringify(totals) + '\n');
