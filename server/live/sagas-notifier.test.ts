/**
 * `sagas:changed` end to end: a real recorder projects the lifecycle events of sagas a real bus runs
 * into a real Postgres, publishes the counts on Redis, and the live layer tells the sockets in room
 * `sagas` (and only them), at most once per 500 ms; a bad message on the channel is never relayed.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { createTestStore } from '@/db/testing/test-database';
import { createBus, type Bus } from '@/server/bus';
import { defineSaga } from '@/server/bus/saga';
import type { SagasChanged } from '@/server/contracts/live';
import type { Recorder } from '@/server/recorder';
import {
  connectLiveClient,
  startLiveTestServer,
  type LiveClient,
  type LiveTestServer,
} from '@/server/testing/live';
import { count, startTestRecorder } from '@/server/testing/recorder';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { SAGAS_NOTICE_MS } from './sagas-notifier';

const ack = (client: LiveClient, event: 'sagas:subscribe' | 'sagas:unsubscribe') =>
  new Promise<unknown>((resolve) => client.emit(event, resolve));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sagas:changed (recorder, Redis pub/sub, Postgres, socket.io)', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let redis: Redis;
  let bus: Bus;
  let recorder: Recorder;
  let server: LiveTestServer;
  const prefix = uniquePrefix('live-sagas');

  beforeAll(async () => {
    ({ store, cleanup } = await createTestStore('postgres', 'live_sagas'));
    redis = await testRedis();
    bus = createBus({ redis, service: 'shop', prefix, telemetry: false, sagas: { pollMs: 20 } });
    server = await startLiveTestServer({ redis, keys: bus.keys });
    recorder = startTestRecorder(redis, store, prefix);
    await recorder.ready;
  });
  afterAll(async () => {
    await recorder?.stop();
    await bus?.close({ timeoutMs: 1_000 });
    await server?.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await cleanup();
  });

  it('tells the sagas room when the recorder projects saga events, coalesced; others hear nothing', async () => {
    const listener = await connectLiveClient(server.url);
    const bystander = await connectLiveClient(server.url);
    const heard: { at: number; change: SagasChanged }[] = [];
    let overheard = 0;
    listener.on('sagas:changed', (change) => heard.push({ at: Date.now(), change }));
    bystander.on('sagas:changed', () => (overheard += 1));
    try {
      expect(await ack(listener, 'sagas:subscribe')).toEqual({ ok: true });
      const saga = defineSaga({
        name: 'pack',
        version: 1,
        steps: [
          { name: 'pick', action: () => 'picked', compensate: () => undefined },
          { name: 'box', action: () => 'boxed' },
        ],
      });
      await bus.sagas.register(saga);
      await Promise.all(Array.from({ length: 30 }, (_, i) => bus.sagas.start(saga, { i })));
      await eventually(
        async () =>
          (await count(store, `select count(*) as n from saga_instances where status = 'completed'`)) === 30,
        20_000,
        100,
      );
      await sleep(2 * SAGAS_NOTICE_MS);
      expect(heard.length).toBeGreaterThan(0);
      const total = heard.reduce((sum, { change }) => sum + change.instances, 0);
      // at least one instance row per instance; each batch upserts an instance once
      expect(total).toBeGreaterThanOrEqual(30);
      // two steps per instance, each an attempt row
      expect(heard.reduce((sum, { change }) => sum + change.steps, 0)).toBeGreaterThanOrEqual(60);
      expect(overheard).toBe(0);

      // a burst of recorder batches: the first at once, the rest summed into one notice an interval later
      const channel = bus.keys.sagaChanges();
      const burst = heard.length;
      for (let i = 0; i < 5; i++) await redis.publish(channel, JSON.stringify({ instances: 1, steps: 2 }));
      await eventually(() => heard.length >= burst + 2, 5_000);
      await sleep(2 * SAGAS_NOTICE_MS);
      const [lead, rest, ...more] = heard.slice(burst);
      expect(more).toEqual([]);
      expect([lead!.change, rest!.change]).toEqual([
        { instances: 1, steps: 2 },
        { instances: 4, steps: 8 },
      ]);
      expect(rest!.at - lead!.at).toBeGreaterThanOrEqual(SAGAS_NOTICE_MS - 25);

      // a bad message is not relayed, and not summed into the next good one
      const before = heard.length;
      await redis.publish(channel, 'not json');
      await redis.publish(channel, JSON.stringify({ instances: -1, steps: 2 }));
      await redis.publish(channel, JSON.stringify({ instances: 2, steps: 3 }));
      await eventually(() => heard.length > before, 5_000);
      expect(heard.at(-1)!.change).toEqual({ instances: 2, steps: 3 });

      // out of the room: nothing more
      expect(await ack(listener, 'sagas:unsubscribe')).toEqual({ ok: true });
      const after = heard.length;
      await redis.publish(channel, JSON.stringify({ instances: 1, steps: 1 }));
      await sleep(2 * SAGAS_NOTICE_MS);
      expect(heard.length).toBe(after);
      expect(overheard).toBe(0);
    } finally {
      listener.disconnect();
      bystander.disconnect();
    }
  }, 60_000);
});
