/**
 * A background pass run every `intervalMs` (given to start): one pass at a time (a slow pass is never overlapped by the next
 * tick), the timer does not keep the process alive, and stop() waits for a running pass. Tests call runOnce().
 */
export class Periodic<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;

  constructor(
    private readonly pass: () => Promise<T>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts the timer (a second call changes nothing); `runNow` also runs a pass at once. */
  start(intervalMs: number, options: { runNow?: boolean } = {}): void {
    if (this.timer) return;
    const tick = () => void this.runOnce().catch(this.onError);
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    if (options.runNow) tick();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  runOnce(): Promise<T> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }
}
