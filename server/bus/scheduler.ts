import { withDeadline } from './deadline';
import { runDelivery } from './delivery';
import type { Delivery, DeliveryDeps, RetryDecision } from './delivery-types';
import { entryKey } from './lanes';
import { sleep } from './sleep';

export interface SchedulerDeps {
  delivery: DeliveryDeps;
  concurrency: number;
  orderBySubject: boolean;
  stopSignal: AbortSignal;
}

/**
 * Runs a subscription's deliveries within its concurrency: a slot per running handler, retries
 * waiting for their backoff without a slot, per-subject chains when order matters. Knows which
 * entries this consumer holds (`owned`), for heartbeats and for stopping.
 */
export class DeliveryScheduler {
  /** Entries this consumer holds beyond the current tick: running async, or waiting for a retry. */
  readonly owned = new Map<string, Delivery>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  /** Retries whose backoff elapsed while every slot was busy; they go before new reads. */
  private readonly dueRetries: { delivery: Delivery; ownedKey: string }[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private active = 0;
  /** Slots promised to a read in flight. */
  private reserved = 0;
  private slotFreed: (() => void) | null = null;

  constructor(private readonly d: SchedulerDeps) {}

  /** Slots neither running a handler nor promised to a read, less `dispatching` about to start. */
  free(dispatching = 0): number {
    return this.d.concurrency - this.active - this.reserved - dispatching;
  }

  reserve(slots: number): void {
    this.reserved = slots;
  }

  /** Stops retry timers and wakes a loop waiting for a slot; handlers already running go on. */
  stop(): void {
    this.slotFreed?.();
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
  }

  /** Resolves when every started delivery has ended, or after `timeoutMs`. */
  async drain(timeoutMs: number): Promise<void> {
    await withDeadline(Promise.allSettled([...this.inFlight]), timeoutMs, () => undefined);
  }

  dispatch(delivery: Delivery): void {
    this.active += 1;
    const subject = this.d.orderBySubject ? subjectOf(delivery) : null;
    if (subject !== null) {
      const ownedKey = ownedKeyOf(delivery);
      this.owned.set(ownedKey, delivery);
      this.track(this.runInOrder(subject, delivery, ownedKey));
      return;
    }
    const work = this.runUnordered(delivery, null);
    if (work) this.track(work);
  }

  /**
   * Synchronous when the handler is: no promise and no bookkeeping for the common case. An entry is
   * registered in `owned` (for heartbeats and stop) only once it outlives the current tick.
   */
  private runUnordered(delivery: Delivery, ownedKey: string | null): Promise<void> | undefined {
    const decision = runDelivery(this.d.delivery, delivery);
    if (decision instanceof Promise) {
      const key = ownedKey ?? ownedKeyOf(delivery);
      if (ownedKey === null) this.owned.set(key, delivery);
      return decision.then((settled) => this.settle(settled, key));
    }
    if (decision === null && ownedKey === null) {
      this.release();
      return undefined;
    }
    this.settle(decision, ownedKey ?? ownedKeyOf(delivery));
    return undefined;
  }

  private settle(decision: RetryDecision, ownedKey: string): void {
    if (!decision) {
      this.owned.delete(ownedKey);
      this.release();
      return;
    }
    this.owned.set(ownedKey, decision.next);
    this.release();
    // the entry stays pending (and heartbeated) while it waits; it holds no concurrency slot
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      this.dueRetries.push({ delivery: decision.next, ownedKey });
      this.drainDueRetries();
    }, decision.retryInMs);
    this.retryTimers.add(timer);
  }

  /** Starts due retries while slots are free; the rest wait for `release`. */
  private drainDueRetries(): void {
    while (this.dueRetries.length > 0 && this.free() > 0 && !this.d.stopSignal.aborted) {
      const { delivery, ownedKey } = this.dueRetries.shift()!;
      this.active += 1;
      const work = this.runUnordered(delivery, ownedKey);
      if (work) this.track(work);
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  /** Same subject, one at a time, retries included, so that order holds even across failures. */
  private runInOrder(subject: string, delivery: Delivery, ownedKey: string): Promise<void> {
    const previous = this.chains.get(subject) ?? Promise.resolve();
    const run = previous.then(async () => {
      let current: Delivery | null = delivery;
      while (current && !this.d.stopSignal.aborted) {
        const decision = await runDelivery(this.d.delivery, current);
        current = decision ? decision.next : null;
        if (decision) await sleep(decision.retryInMs, this.d.stopSignal);
      }
      this.owned.delete(ownedKey);
      this.release();
    });
    this.chains.set(subject, run);
    void run.finally(() => {
      if (this.chains.get(subject) === run) this.chains.delete(subject);
    });
    return run;
  }

  private release(): void {
    this.active -= 1;
    if (this.dueRetries.length > 0) this.drainDueRetries();
    this.slotFreed?.();
  }

  /** Resolves when a slot frees up, or after `maxMs`. */
  waitForSlot(maxMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(10, maxMs));
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.slotFreed = () => {
        this.slotFreed = null;
        done();
      };
    });
  }
}

const ownedKeyOf = (delivery: Delivery): string => entryKey(delivery, delivery.entryId);

function subjectOf(delivery: Delivery): string | null {
  if (!delivery.flat) return null;
  const i = delivery.flat.indexOf('event');
  const json = i >= 0 ? delivery.flat[i + 1] : undefined;
  if (!json) return null;
  // cheap peek: the full decode happens in runDelivery
  const match = /"subject":"((?:[^"\\]|\\.)*)"/.exec(json);
  return match?.[1] ?? null;
}
