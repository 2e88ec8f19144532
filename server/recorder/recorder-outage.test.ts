import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '@/db/client';
import { createTestStore } from '@/db/testing/test-database';
import { createBus, type Bus } from '@/server/bus';
import { count, pendingCount, startTestRecorder } from '@/server/testing/recorder';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { startTcpProxy, type TcpProxy } from '@/server/testing/tcp-proxy';

const OUTAGE_MS = 30_000;

describe('recorder while Postgres is away', () => {
  let direct: Store;
  let proxied: Store;
  let proxy: TcpProxy;
  let cleanup: () => Promise<void>;
  let redis: Redis;
  let bus: Bus;
  const prefix = uniquePrefix('outage');

  beforeAll(async () => {
    const test = await createTestStore('postgres', 'outage');
    direct = test.store;
    cleanup = test.cleanup;
    proxy = await startTcpProxy(5432);
    proxied = await createStore({ url: proxy.url(test.url!), max: 4 });
    redis = await testRedis();
    bus = createBus({ redis, service: 'shop', prefix, telemetry: false });
  });
  afterAll(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await proxied.close();
    await proxy.close();
    await cleanup();
  });

  const publish = async (topic: string, from: number, n: number) => {
    for (let i = from; i < from + n; i += 500) {
      await bus.publishBatch(
        topic,
        Array.from({ length: Math.min(500, from + n - i) }, (_, j) => ({
          type: 'order.placed',
          data: { n: i + j },
        })),
      );
    }
  };
  // a group of its own: an EventLens on this Redis whose database still records under the shared
  // `eventlens-recorder` would take its part of the entries left waiting here (recorder-group.ts)
  const group = `${prefix}-recorder`;
  const stored = () => count(direct, 'select count(*) as n from events');
  const streams = () => ['orders', 'payments'].map((t) => bus.keys.stream(t));

  it(
    'keeps entries pending for a 30 s outage, then records every one exactly once',
    async () => {
      const recorder = startTestRecorder(redis, proxied, prefix, {
        group,
        batchSize: 500,
        maxBackoffMs: 2_000,
      });
      await recorder.ready;
      await publish('orders', 0, 3_000);
      // as on any real topic, an application's group reads it too: its lag goes to the store as well
      await redis.xgroup('CREATE', streams()[0]!, 'billing', '0');
      await eventually(async () => (await stored()) === 3_000, 15_000, 100);

      await proxy.cut();
      const cutAt = Date.now();
      // mid-stream: publishing goes on while the store is away
      await publish('orders', 3_000, 3_000);
      await publish('payments', 0, 2_000);
      await eventually(() => !recorder.status().storeOk, 10_000, 50);
      await eventually(async () => (await pendingCount(redis, streams(), group)) > 0, 10_000, 50);

      while (Date.now() - cutAt < OUTAGE_MS - 5_000) {
        await publish('payments', 2_000 + Math.round((Date.now() - cutAt) / 10), 100);
        await new Promise((r) => setTimeout(r, 1_000));
      }
      const published = Number(await redis.xlen(streams()[0]!)) + Number(await redis.xlen(streams()[1]!));
      await new Promise((r) => setTimeout(r, Math.max(0, cutAt + OUTAGE_MS - Date.now())));

      // nothing was written or acked meanwhile; the recorder says so
      expect(await stored()).toBe(3_000);
      expect(await pendingCount(redis, streams(), group)).toBeGreaterThan(0);
      const during = recorder.status();
      expect(during.state).toBe('degraded');
      expect(during.storeOk).toBe(false);
      expect(during.errors.byKind.write).toBeGreaterThan(0);
      // current, though the store is away: its oldest entry waits since the cut
      expect(during.lagMs).toBeGreaterThan(OUTAGE_MS - 5_000);

      await proxy.restore();
      // a liveness wait, not a speed check (bench:recorder measures that); when it runs out, the
      // message tells a catch-up that stopped from a slow one
      await eventually(
        async () => {
          const n = await stored();
          if (n === published) return true;
          // what the recorder was doing when the wait ran out: a slow catch-up or one that stopped
          const { state, storeOk, batchesInFlight, lagMs, lastCommitAt, errors } = recorder.status();
          throw new Error(
            `${n} of ${published} stored; recorder ${JSON.stringify({ state, storeOk, batchesInFlight, lagMs, lastCommitAt, last: errors.last })}`,
          );
        },
        60_000,
        100,
      );
      await eventually(async () => (await pendingCount(redis, streams(), group)) === 0, 5_000, 100);
      expect(await count(direct, 'select count(distinct (source, event_id)) as n from events')).toBe(
        published,
      );
      // increments happened once per event, even for batches whose commit outcome was unknown
      expect(
        await count(
          direct,
          `select sum(count) as n from metric_rollups where scope = 'topic' and resolution = '1m'`,
        ),
      ).toBe(published);
      await eventually(() => recorder.status().lagMs === 0 && recorder.status().storeOk, 5_000, 100);
      expect(recorder.status().state).toBe('running');
      await recorder.stop();
    },
    OUTAGE_MS + 100_000,
  );
});
