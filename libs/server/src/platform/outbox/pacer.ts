/**
 * Runs a task at most once per `intervalMs`: at once when the last run started longer ago than that (a quiet
 * system pays no delay), otherwise once at the end of the interval, for every request made meanwhile. Under load
 * that turns one small task per event into one per interval doing the work of many.
 */
export class Pacer {
  private lastStart = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => void,
  ) {}

  request(): void {
    if (this.timer) return;
    const wait = this.lastStart + this.intervalMs - Date.now();
    if (wait <= 0) return this.run();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.run();
    }, wait);
    this.timer.unref?.();
  }

  /** Forget a scheduled run (shutdown). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.lastStart = Date.now();
    this.task();
  }
}
