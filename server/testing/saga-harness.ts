/**
 * What the in-process saga tests share per test: a key prefix of their own, the buses a test makes on
 * it (all closed after it, then the prefix deleted), and readers for an instance's status and the
 * lifecycle events it published. Sagas to run are in saga-fixtures.ts.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach } from 'vitest';
import { createBus, type Bus } from '@/server/bus/bus';
import { SAGA_TOPIC, SagaLifecycleData } from '@/server/contracts/saga-events';
import { deletePrefix, testRedis, uniquePrefix } from './redis';

export type LifecycleEvent = SagaLifecycleData & { type: string; id: string };

export interface SagaHarness {
  redis: Redis;
  prefix: string;
  /** Closed after each test; a test that builds a bus with createBus may push it here. */
  buses: Bus[];
  /** A bus orchestrating on this test's prefix (fast polling), closed after the test. */
  newBus(service?: string, leaseMs?: number): Bus;
  /** The instance's lifecycle events as published on the saga topic, in stream order. */
  lifecycle(bus: Bus, sagaId: string): Promise<LifecycleEvent[]>;
  status(bus: Bus, sagaId: string): Promise<string | undefined>;
}

/** Registers the per-test setup and cleanup in the calling describe block. */
export function useSagaHarness(label = 'saga'): SagaHarness {
  const buses: Bus[] = [];
  // redis and prefix are set by beforeEach, before any test reads them
  const harness = {
    buses,
    newBus(service = 'saga-test', leaseMs = 2_000) {
      const bus = createBus({
        redis: harness.redis,
        service,
        prefix: harness.prefix,
        telemetry: false,
        sagas: { pollMs: 20, leaseMs },
      });
      buses.push(bus);
      return bus;
    },
    lifecycle: async (bus: Bus, sagaId: string) =>
      (await harness.redis.xrange(bus.keys.stream(SAGA_TOPIC), '-', '+'))
        .map(
          ([, flat]) => JSON.parse(flat[1]!) as { id: string; type: string; subject?: string; data: unknown },
        )
        .filter((event) => event.subject === sagaId)
        .map((event) => ({ ...SagaLifecycleData.parse(event.data), type: event.type, id: event.id })),
    status: async (bus: Bus, sagaId: string) => (await bus.sagas.get(sagaId))?.status,
  } as SagaHarness;

  beforeEach(async () => {
    harness.redis = await testRedis();
    harness.prefix = uniquePrefix(label);
  });
  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(harness.redis, harness.prefix);
    harness.redis.disconnect();
  });

  return harness;
}
