/**
 * The bounded hand-off between the reader and the writers: `push` waits while the queue is full (so a
 * slow or absent store stops the reading, and unread entries stay in Redis, counted as lag), `take`
 * waits while it is empty. `close` wakes everyone: pushes then return false, takes drain what is left.
 */
export class BatchQueue<T> {
  private readonly items: T[] = [];
  private readonly takers: ((item: T | null) => void)[] = [];
  private readonly pushers: (() => void)[] = [];
  private closed = false;

  constructor(private readonly capacity: number) {}

  get length(): number {
    return this.items.length;
  }

  /** Waits for room; false when the queue was closed first (the item was not queued). */
  async push(item: T): Promise<boolean> {
    while (!this.closed && this.items.length >= this.capacity) {
      await new Promise<void>((resolve) => this.pushers.push(resolve));
    }
    if (this.closed) return false;
    const taker = this.takers.shift();
    if (taker) taker(item);
    else this.items.push(item);
    return true;
  }

  /** Waits until there is room (or the queue is closed). */
  async room(): Promise<void> {
    while (!this.closed && this.items.length >= this.capacity) {
      await new Promise<void>((resolve) => this.pushers.push(resolve));
    }
  }

  /** The next item; null once the queue is closed and drained. */
  async take(): Promise<T | null> {
    const item = this.items.shift();
    if (item !== undefined) {
      this.pushers.shift()?.();
      return item;
    }
    if (this.closed) return null;
    return new Promise<T | null>((resolve) => this.takers.push(resolve));
  }

  /** Items still queued, removed (for a stop that cannot write them). */
  drain(): T[] {
    const left = this.items.splice(0);
    for (const pusher of this.pushers.splice(0)) pusher();
    return left;
  }

  close(): void {
    this.closed = true;
    for (const taker of this.takers.splice(0)) taker(null);
    for (const pusher of this.pushers.splice(0)) pusher();
  }
}
