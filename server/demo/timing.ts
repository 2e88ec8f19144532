/** Waits `ms`, or rejects with the signal's reason as soon as it aborts (a stopping subscription). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(asError(signal.reason));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(asError(signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error('aborted');
}

/**
 * Spaces work out to at most `perSecond` items, shared by concurrent callers: each call reserves the
 * next slot and waits for it. Sub-millisecond slots add up instead of rounding to a timer tick each.
 */
export class Pacer {
  private next = 0;

  constructor(private readonly perSecond: () => number) {}

  async take(signal?: AbortSignal): Promise<void> {
    const now = performance.now();
    this.next = Math.max(this.next, now) + 1_000 / Math.max(0.001, this.perSecond());
    const wait = this.next - now;
    if (wait >= 1) await sleep(wait, signal);
  }
}

/** How many handlers must run at once to keep up with `perSecond` items that each take `seconds`, with headroom. */
export function concurrencyFor(perSecond: number, seconds: number, min = 10, max = 1_000): number {
  return Math.min(max, Math.max(min, Math.ceil(perSecond * seconds * 2)));
}
