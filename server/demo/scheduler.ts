/** Timers for `DemoContext.later`, bounded and cleared when the demo stops. */
export class Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly onError: (error: unknown) => void,
    private readonly max = 50_000,
  ) {}

  later(ms: number, work: () => Promise<unknown>): void {
    if (this.timers.size >= this.max)
      throw new Error(`${this.max} follow-ups already scheduled: the desk is full`);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work().catch(this.onError);
    }, ms);
    this.timers.add(timer);
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
