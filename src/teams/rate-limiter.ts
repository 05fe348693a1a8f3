/**
 * Sliding-window rate limits, as Teams applies them to a bot: several windows at once (e.g. 7 per second,
 * 60 per 30 seconds, 1800 per hour per conversation). Plain TypeScript, time passed in, so it is testable.
 */

export interface Window {
  limit: number;
  perMs: number;
}

/** Teams' documented limits per bot per conversation. */
export const TEAMS_CONVERSATION_WINDOWS: readonly Window[] = [
  { limit: 7, perMs: 1_000 },
  { limit: 60, perMs: 30_000 },
  { limit: 1800, perMs: 3_600_000 },
];

/** Per app per tenant Teams allows roughly 30–50 requests per second; we stay at the low end. */
export const TEAMS_TENANT_WINDOWS: readonly Window[] = [{ limit: 30, perMs: 1_000 }];

/**
 * Sends are scheduled this much after a window edge: a message timed exactly at the edge can land a few
 * milliseconds inside the window at Teams and cost a 429 with Retry-After of a whole second.
 */
export const EDGE_MARGIN_MS = 25;

export class SlidingWindowLimiter {
  /** Send times, oldest first; never longer than the largest limit. */
  private readonly sent: number[] = [];
  private readonly keep: number;
  private readonly horizon: number;

  constructor(private readonly windows: readonly Window[]) {
    this.keep = Math.max(...windows.map((w) => w.limit));
    this.horizon = Math.max(...windows.map((w) => w.perMs));
  }

  /** The earliest time at or after `now` when one more send stays within every window. */
  nextSlot(now: number): number {
    this.prune(now);
    let earliest = now;
    for (const { limit, perMs } of this.windows) {
      if (this.sent.length >= limit) {
        // The send `limit` places back must have left the window.
        const blocking = this.sent[this.sent.length - limit]!;
        earliest = Math.max(earliest, blocking + perMs + EDGE_MARGIN_MS);
      }
    }
    return earliest;
  }

  /** Records a send at `at` (callers take a slot from nextSlot first). */
  record(at: number): void {
    this.sent.push(at);
    if (this.sent.length > this.keep) this.sent.splice(0, this.sent.length - this.keep);
  }

  /** True when nothing recent is remembered (the limiter can be dropped). */
  idle(now: number): boolean {
    this.prune(now);
    return this.sent.length === 0;
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.sent.length && this.sent[drop]! <= now - this.horizon) drop++;
    if (drop > 0) this.sent.splice(0, drop);
  }
}
