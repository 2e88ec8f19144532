/**
 * Handler timeouts without a timer per delivery: one interval checks the deadlines of the handlers
 * in progress. Precision is a tenth of the timeout (at least 10 ms, at most 1 s).
 */
export class Watchdog {
  private readonly watched = new Set<Watch>();
  private timer: NodeJS.Timeout | null = null;
  private readonly tickMs: number;

  constructor(readonly timeoutMs: number) {
    this.tickMs = Math.min(1_000, Math.max(10, Math.floor(timeoutMs / 10)));
  }

  watch(onTimeout: () => void): Watch {
    const watch: Watch = { deadline: Date.now() + this.timeoutMs, onTimeout };
    this.watched.add(watch);
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), this.tickMs);
      this.timer.unref();
    }
    return watch;
  }

  unwatch(watch: Watch): void {
    this.watched.delete(watch);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.watched.clear();
  }

  private check(): void {
    const now = Date.now();
    for (const watch of this.watched) {
      if (watch.deadline <= now) {
        this.watched.delete(watch);
        watch.onTimeout();
      }
    }
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }
}

export interface Watch {
  deadline: number;
  onTimeout: () => void;
}
