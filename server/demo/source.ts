/** Ticks per second of the source: each tick publishes what is due as one batch per producer. */
const TICK_MS = 100;
/** Due events kept while a slow tick is still publishing; beyond it they are skipped (and counted). */
const MAX_BACKLOG_SECONDS = 2;

export interface Ticker {
  /** Events due but skipped because publishing fell behind (Redis slow or away). */
  readonly skipped: number;
  stop(): Promise<void>;
}

/**
 * Calls `emit(n)` every tick with the number of events due at `ratePerSec`, carrying fractions over,
 * so the average rate holds whatever the timer's drift. One emit at a time; `onError` gets failures.
 */
export function startTicker(options: {
  ratePerSec: number;
  emit: (count: number) => Promise<void>;
  onError: (error: unknown) => void;
}): Ticker {
  const { ratePerSec, emit, onError } = options;
  let last = performance.now();
  let due = 0;
  let skipped = 0;
  let running: Promise<void> | null = null;

  const tick = (): void => {
    const now = performance.now();
    due += (ratePerSec * (now - last)) / 1_000;
    last = now;
    const cap = ratePerSec * MAX_BACKLOG_SECONDS;
    if (due > cap) {
      skipped += Math.floor(due - cap);
      due = cap;
    }
    if (running) return;
    const count = Math.floor(due);
    if (count === 0) return;
    due -= count;
    running = emit(count)
      .catch(onError)
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, TICK_MS);

  return {
    get skipped() {
      return skipped;
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
