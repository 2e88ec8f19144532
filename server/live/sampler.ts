import type { SamplingMarker } from '@/server/contracts/live';
import { RateMeter } from '@/server/bus/rate-meter';

export interface Taken<T> {
  /** What goes out in this frame, in arrival order. */
  items: T[];
  /** Offered since the previous take. */
  matched: number;
  /** Sampled out (matched - items). */
  dropped: number;
  /** Present when something was sampled out. */
  marker: SamplingMarker | undefined;
}

/**
 * Caps one tail at `ratePerSec`, keeping an even sample of what it is offered. Offers between two takes
 * are kept with a stride (every k-th), bounded at `maxPending`: when full, every other kept item goes
 * and the stride doubles, so memory stays bounded whatever the input rate and the sample stays even.
 * A take spends tokens (refilled at `ratePerSec`, at most two frames' worth banked) and, when it holds
 * more than that, picks evenly spaced items. The next window's stride starts from this one's rate.
 */
export class EvenSampler<T> {
  private pending: T[] = [];
  private stride = 1;
  private counter = 0;
  private matched = 0;
  private tokens: number;
  private lastRefill: number;
  private readonly offered = new RateMeter();
  private readonly kept = new RateMeter();

  constructor(
    private ratePerSec: number,
    private readonly frameMs: number,
    private readonly maxPending: number,
    now = Date.now(),
  ) {
    this.tokens = this.frameBudget();
    this.lastRefill = now;
  }

  /** Changes the cap (a client's tails share its budget). */
  setRate(ratePerSec: number): void {
    this.ratePerSec = ratePerSec;
    this.tokens = Math.min(this.tokens, 2 * this.frameBudget());
  }

  /** Items waiting for the next take. */
  get queued(): number {
    return this.pending.length;
  }

  offer(item: T, now = Date.now()): void {
    this.matched += 1;
    this.offered.add(1, now);
    if (this.counter++ % this.stride !== 0) return;
    this.pending.push(item);
    if (this.pending.length >= this.maxPending) {
      this.pending = this.pending.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }

  take(now = Date.now()): Taken<T> {
    const budget = this.frameBudget();
    this.tokens = Math.min(
      2 * budget,
      this.tokens + (this.ratePerSec * Math.max(0, now - this.lastRefill)) / 1_000,
    );
    this.lastRefill = now;
    const count = Math.min(this.pending.length, Math.floor(this.tokens));
    const items = count === this.pending.length ? this.pending : evenPick(this.pending, count);
    this.tokens -= count;
    const matched = this.matched;
    const dropped = matched - items.length;
    if (items.length > 0) this.kept.add(items.length, now);
    let marker: SamplingMarker | undefined;
    if (dropped > 0) {
      const offeredRate = this.offered.perSecond(now);
      const ratio = offeredRate / Math.max(1, this.kept.perSecond(now));
      marker = {
        sampled: true,
        keptOneIn: Math.max(1, Math.round(ratio * 10) / 10),
        ratePerSec: Math.round(offeredRate),
      };
    }
    // aim to hold about four frames' worth next time: enough choice for an even pick, little memory
    this.stride = Math.max(1, Math.floor(matched / Math.max(1, 4 * budget)));
    this.pending = [];
    this.counter = 0;
    this.matched = 0;
    return { items, matched, dropped, marker };
  }

  private frameBudget(): number {
    return Math.max(1, (this.ratePerSec * this.frameMs) / 1_000);
  }
}

/** `count` items spread evenly over `items` (the middle of each of `count` equal slices). */
export function evenPick<T>(items: readonly T[], count: number): T[] {
  const out: T[] = [];
  if (count <= 0) return out;
  const step = items.length / count;
  for (let i = 0; i < count; i++) out.push(items[Math.floor((i + 0.5) * step)]!);
  return out;
}
