/**
 * What the live layer tests share per test: a key prefix of their own with a bus on it, the live
 * server a test starts with its options, the clients it connects; all closed and deleted after it.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach } from 'vitest';
import { createBus, createKeys, type Bus, type Keys, type Published } from '@/server/bus';
import type { Ack, TailSubscribed } from '@/server/contracts/live';
import type { LiveOptions } from '@/server/live/options';
import type { LiveSnapshots } from '@/server/live/rooms';
import { connectLiveClient, startLiveTestServer, type LiveClient, type LiveTestServer } from './live';
import { deletePrefix, testRedis, uniquePrefix } from './redis';

export interface LiveHarness {
  redis: Redis;
  prefix: string;
  keys: Keys;
  bus: Bus;
  /** The server this test started, null until it does. */
  server: LiveTestServer | null;
  start(options?: Partial<LiveOptions>, snapshots?: LiveSnapshots): Promise<LiveTestServer>;
  /** A client of the started server, disconnected after the test. */
  connect(): Promise<LiveClient>;
  publish(topic: string, type: string, data: unknown, correlationId?: string): Promise<Published>;
}

/** The ack of a `tail:subscribe` that must have worked. */
export function subscribed(result: Ack<TailSubscribed>): TailSubscribed {
  if (!result.ok) throw new Error(`tail:subscribe failed: ${result.error.message}`);
  return result;
}

/** Registers the per-test setup and cleanup in the calling describe block. */
export function useLiveHarness(): LiveHarness {
  const clients: LiveClient[] = [];
  // redis, prefix, keys and bus are set by beforeEach, before any test reads them
  const harness = {
    server: null,
    async start(options?: Partial<LiveOptions>, snapshots?: LiveSnapshots) {
      harness.server = await startLiveTestServer({
        redis: harness.redis,
        keys: harness.keys,
        options,
        snapshots,
      });
      return harness.server;
    },
    async connect() {
      const client = await connectLiveClient(harness.server!.url);
      clients.push(client);
      return client;
    },
    publish: (topic: string, type: string, data: unknown, correlationId?: string) =>
      harness.bus.publish(topic, { type, data, ...(correlationId ? { correlationId } : {}) }),
  } as LiveHarness;

  beforeEach(async () => {
    harness.redis = await testRedis();
    harness.prefix = uniquePrefix('live');
    harness.keys = createKeys(harness.prefix);
    harness.bus = createBus({
      redis: harness.redis,
      service: 'live-test',
      prefix: harness.prefix,
      telemetry: false,
    });
    harness.server = null;
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await harness.server?.close();
    await harness.bus.close({ timeoutMs: 1_000 });
    await deletePrefix(harness.redis, harness.prefix);
    harness.redis.disconnect();
  });

  return harness;
}
