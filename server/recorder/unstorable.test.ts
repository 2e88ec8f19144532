import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { createTestStore, STORE_FLAVOURS } from '@/db/testing/test-database';
import { createBus, type Bus } from '@/server/bus';
import { count, pendingCount, sql, startTestRecorder } from '@/server/testing/recorder';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';

/** An SDK envelope as JSON text whose `data` nests `depth` arrays (written raw: the SDK refuses it). */
/** The deepest nesting the store keeps (storable.ts, MAX_JSON_DEPTH). */
const KEPT_DEPTH = 1_000;

const nestedEnvelope = (id: string, depth: number): string =>
  `{"specversion":"1.0","id":"${id}","source":"/services/deep","type":"deep.nested","data":` +
  `${'['.repeat(depth)}${']'.repeat(depth)}}`;

describe.each(STORE_FLAVOURS)('an entry the store cannot hold, on %s', (flavour) => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let redis: Redis;
  let bus: Bus;
  const prefix = uniquePrefix('bh-unstorable');

  beforeAll(async () => {
    ({ store, cleanup } = await createTestStore(flavour, 'unstorable'));
    redis = await testRedis();
    bus = createBus({ redis, service: 'shop', prefix, telemetry: false });
  });
  afterAll(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await cleanup();
  });

  it('is recorded as undecodable with its reason and holds back none of its neighbours', async () => {
    const stream = bus.keys.stream('orders');
    const deep: string[] = [];
    // three entries nested 10,000 levels, each in a batch of its own: once they held all three writers
    for (let i = 0; i < 80; i++) {
      if (i === 10 || i === 30 || i === 50)
        deep.push((await redis.xadd(stream, '*', 'event', nestedEnvelope(`deep-${i}`, 10_000)))!);
      await bus.publish('orders', { type: 'order.placed', data: { i } });
    }
    const deepest = await bus.publish('orders', {
      type: 'order.nested',
      data: JSON.parse(`${'['.repeat(KEPT_DEPTH)}${']'.repeat(KEPT_DEPTH)}`) as unknown,
    });
    const recorder = startTestRecorder(redis, store, prefix, { batchSize: 20 });
    try {
      await recorder.ready;
      await eventually(
        async () => (await count(store, 'select count(*) as n from events')) === 84,
        20_000,
        50,
      );
      await eventually(
        () => recorder.status().streams.find((s) => s.stream === stream)?.lagMs === 0,
        10_000,
        50,
      );
      expect(await pendingCount(redis, [stream])).toBe(0);

      const undecodable = await sql<{ entry_id: string; decode_error: string; data: unknown; raw: string }>(
        store,
        `select entry_id, decode_error, data, raw_fields->>'event' as raw from events
         where decode_error is not null
         order by split_part(entry_id, '-', 1)::bigint, split_part(entry_id, '-', 2)::bigint`,
      );
      expect(undecodable.map((row) => row.entry_id)).toEqual(deep);
      for (const row of undecodable) {
        expect(row.decode_error).toMatch(/data cannot be stored: it nests deeper than 1000 levels/);
        expect(row.data).toBeNull();
        expect(row.raw).toMatch(/^\{"specversion":"1\.0","id":"deep-\d+"/);
      }
      const neighbours = await count(
        store,
        `select count(*) as n from events where type = 'order.placed' and decode_error is null`,
      );
      expect(neighbours).toBe(80);
      const [kept] = await sql<{ depth_ok: boolean }>(
        store,
        `select json_typeof(data) = 'array' as depth_ok from events where event_id = $1`,
        [deepest.id],
      );
      expect(kept?.depth_ok).toBe(true);
      expect(recorder.status().totals).toMatchObject({ rejected: 0, quarantined: 0 });
      expect(recorder.status().errors.byKind.write ?? 0).toBe(0);
    } finally {
      await recorder.stop();
    }
  });
});
