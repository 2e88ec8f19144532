/** Events per second over a sliding window of whole seconds (a ring of per-second counts). */
export class RateMeter {
  private readonly slots: number[];
  private readonly seconds: number[];

  constructor(private readonly windowS = 10) {
    this.slots = new Array<number>(windowS).fill(0);
    this.seconds = new Array<number>(windowS).fill(-1);
  }

  add(count: number, now = Date.now()): void {
    const second = Math.floor(now / 1_000);
    const i = second % this.windowS;
    if (this.seconds[i] !== second) {
      this.seconds[i] = second;
      this.slots[i] = 0;
    }
    this.slots[i]! += count;
  }

  /** Mean rate over the window's complete seconds (the current one is partial and left out). */
  perSecond(now = Date.now()): number {
    const current = Math.floor(now / 1_000);
    let sum = 0;
    for (let i = 0; i < this.windowS; i++) {
      const second = this.seconds[i]!;
      if (second < current && second >= current - this.windowS) sum += this.slots[i]!;
    }
    return sum / this.windowS;
  }
}
