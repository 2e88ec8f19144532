/**
 * At most `limit` of something at once, refusing rather than queueing: a refused caller is told to come
 * back (429 with Retry-After) instead of holding its socket in a queue of unknown length. A counter,
 * not a library: the limiters on offer (p-limit, async-sema, bottleneck) are queues first.
 */
export class ConcurrencyGate {
  private active = 0;

  constructor(readonly limit: number) {}

  /** A release function (idempotent), or null when `limit` holders are already in. */
  tryEnter(): (() => void) | null {
    if (this.active >= this.limit) return null;
    this.active += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active -= 1;
    };
  }

  get running(): number {
    return this.active;
  }
}
