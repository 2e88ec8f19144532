import type { Bus, Envelope, Handler, Subscription, SubscribeOptions } from '@/server/bus';

/** Retries resolve within a second or two in the demo, so the dashboard shows them settle. */
export const DEMO_SUBSCRIBE: SubscribeOptions = {
  retry: { maxAttempts: 3, baseMs: 150, maxMs: 2_000 },
  claimIdleMs: 15_000,
};

/** Each demo service runs as two replicas, so the flow graph shows groups with several consumers. */
const REPLICAS = 2;

/** Subscribes `REPLICAS` consumers to `group`, sharing about `concurrency` handlers at once. */
export function consumers<T>(
  bus: Bus,
  group: string,
  topic: string,
  handler: Handler<T>,
  options: SubscribeOptions & { concurrency: number },
): Subscription[] {
  const concurrency = Math.max(1, Math.ceil(options.concurrency / REPLICAS));
  return Array.from({ length: REPLICAS }, () =>
    bus.subscribe<T>(group, topic, handler, { ...DEMO_SUBSCRIBE, ...options, concurrency }),
  );
}

/**
 * `REPLICAS` request handlers (`bus.handle`) in `group`: the function's result is the reply, a throw
 * replies an error. Every request on `topic` gets a reply from every group that handles it: a request
 * topic has one handling group.
 */
export function responders<T>(
  bus: Bus,
  group: string,
  topic: string,
  respond: (request: Envelope & { data: T }) => Promise<unknown>,
  options: SubscribeOptions & { concurrency: number },
): Subscription[] {
  const concurrency = Math.max(1, Math.ceil(options.concurrency / REPLICAS));
  return Array.from({ length: REPLICAS }, () =>
    bus.handle<T, unknown>(topic, respond, { ...DEMO_SUBSCRIBE, ...options, concurrency, group }),
  );
}
