/**
 * The live tail's "ev/s": events received per second over a sliding window, from samples of the
 * tail's `received` counter taken whenever it changes. Pure, so the hook only records and ticks.
 *
 * The old hook measured in fixed 2 s intervals from a timer that restarted on every filter change, so
 * the badge said "—" for the first two seconds of every tail (and kept saying it while someone typed
 * a filter) although events were already on screen. Here the window starts with the tail, and a rate
 * is known as soon as MIN_ELAPSED_MS of it has passed.
 */

/** The window the rate is measured over. */
export const RATE_WINDOW_MS = 2_000;

/** Shorter than this since the tail started, a rate would be noise: the badge says "—". */
export const MIN_ELAPSED_MS = 500;

export interface RateSample {
  /** performance.now() of the sample. */
  at: number;
  received: number;
}

export interface RateWindow {
  /** The tail the samples belong to; a new tail starts a new window. */
  key: string;
  /** Oldest first; one sample at or before the window's start is kept as its base. */
  samples: readonly RateSample[];
}

/** Records `received` at `at`; a new `key` (a new tail) starts the window again. */
export function recordSample(
  window: RateWindow | null,
  key: string,
  received: number,
  at: number,
  windowMs = RATE_WINDOW_MS,
): RateWindow {
  if (!window || window.key !== key) return { key, samples: [{ at, received }] };
  const samples = [...window.samples, { at, received }];
  // keep the newest sample at or before the window's start as the base, drop the ones before it
  let first = 0;
  while (first + 1 < samples.length && samples[first + 1]!.at <= at - windowMs) first += 1;
  return { key, samples: samples.slice(first) };
}

/** Events per second of tail `key` over the window ending at `now`; null before MIN_ELAPSED_MS. */
export function rateAt(
  window: RateWindow | null,
  key: string,
  now: number,
  windowMs = RATE_WINDOW_MS,
): number | null {
  if (!window || window.key !== key) return null;
  const { samples } = window;
  const last = samples.at(-1);
  if (!last) return null;
  // the newest sample at or before the window's start; else the tail's first sample
  let base = samples[0]!;
  for (const sample of samples) {
    if (sample.at <= now - windowMs) base = sample;
    else break;
  }
  const elapsed = now - base.at;
  if (elapsed < MIN_ELAPSED_MS) return null;
  return Math.max(0, (last.received - base.received) / (elapsed / 1_000));
}
