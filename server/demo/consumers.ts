import type { Bus, Handler, Subscription, SubscribeOptions } from '@/server/bus';

/** Retries resolve within a second or two in the demo, so the dashboard shows them settle. */
export const DEMO_SUBSCRIBE: SubscribeOptions = {
  retry: { maxAttempts: 3, baseMs: 150, maxMs: 2_000 },
  claimIdleMs: 15_000,
};

/**
 * Handlers one consumer runs at once. The SDK adds one abort listener per running handler to the
 * subscription's stop signal, and retries run beside the `concurrency` limit; past 10 listeners Node
 * prints a MaxListenersExceededWarning. So the demo keeps each consumer small, with headroom for
 * retries, and scales out with more consumers in the group, as one would with replicas.
 */
export const MAX_HANDLERS_PER_CONSUMER = 5;
const MAX_CONSUMERS_PER_GROUP = 12;

/** Subscribes enough consumers to `group` to run about `concurrency` handlers at once. */
export function consumers<T>(
  bus: Bus,
  group: string,
  topic: string,
  handler: Handler<T>,
  options: SubscribeOptions & { concurrency: number },
): Subscription[] {
  const count = Math.min(MAX_CONSUMERS_PER_GROUP, Math.ceil(options.concurrency / MAX_HANDLERS_PER_CONSUMER));
  const concurrency = Math.min(MAX_HANDLERS_PER_CONSUMER, Math.ceil(options.concurrency / count));
  return Array.from({ length: count }, () =>
    bus.subscribe<T>(group, topic, handler, { ...DEMO_SUBSCRIBE, ...options, concurrency }),
  );
}
