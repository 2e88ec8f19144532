import type { Socket as TcpSocket } from 'node:net';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBus, createKeys, type Bus, type Keys } from '@/server/bus';
import type { Ack, LiveError, TailSubscribed } from '@/server/contracts/live';
import {
  connectLiveClient,
  recordTails,
  startLiveTestServer,
  type LiveClient,
  type LiveTestServer,
} from '@/server/testing/live';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import type { LiveOptions } from './options';
import type { LiveSnapshots } from './rooms';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('live layer (real Redis, real socket.io)', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  let bus: Bus;
  let server: LiveTestServer | null;
  const clients: LiveClient[] = [];

  const start = async (
    options?: Partial<LiveOptions>,
    snapshots?: LiveSnapshots,
  ): Promise<LiveTestServer> => {
    server = await startLiveTestServer({ redis, keys, options, snapshots });
    return server;
  };
  const connect = async (): Promise<LiveClient> => {
    const client = await connectLiveClient(server!.url);
    clients.push(client);
    return client;
  };
  const subscribed = (result: Ack<TailSubscribed>): TailSubscribed => {
    if (!result.ok) throw new Error(`tail:subscribe failed: ${result.error.message}`);
    return result;
  };
  const publish = (topic: string, type: string, data: unknown, correlationId?: string) =>
    bus.publish(topic, { type, data, ...(correlationId ? { correlationId } : {}) });

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('live');
    keys = createKeys(prefix);
    bus = createBus({ redis, service: 'live-test', prefix, telemetry: false });
    server = null;
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await server?.close();
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('sends each tail only what its filter matches, including topics created after it subscribed', async () => {
    await start();
    await publish('orders.eu', 'order.placed', { n: 0 }, 'c-1'); // before the subscription: not sent
    const client = await connect();
    const recording = recordTails(client);
    const main = subscribed(
      await client.emitWithAck('tail:subscribe', {
        filter: { topics: ['orders.*'], types: ['order.placed'], correlationId: 'c-1' },
      }),
    );
    expect(main.topics).toEqual(['orders.eu']);
    subscribed(
      await client.emitWithAck('tail:subscribe', {
        tailId: 'needle',
        filter: { topics: ['*'], text: 'NEEDLE' },
      }),
    );

    const wanted = [
      await publish('orders.eu', 'order.placed', { n: 1 }, 'c-1'),
      await publish('orders.eu', 'order.placed', { n: 2 }, 'c-1'),
    ];
    await publish('orders.eu', 'order.cancelled', { n: 3 }, 'c-1'); // other type
    await publish('orders.eu', 'order.placed', { n: 4 }, 'c-2'); // other correlation
    await publish('payments', 'order.placed', { n: 5, note: 'a needle' }, 'c-1'); // other topic
    wanted.push(await publish('orders.us', 'order.placed', { n: 6 }, 'c-1')); // a topic found later

    await eventually(() => recording.of().length >= 3 && recording.of('needle').length >= 1, 10_000);
    await sleep(300); // anything extra would have arrived by now
    const received = recording.of();
    expect(received.map((e) => e.id)).toEqual(wanted.map((p) => p.id));
    expect(received[0]).toMatchObject({
      topic: 'orders.eu',
      type: 'order.placed',
      correlationId: 'c-1',
      source: '/services/live-test',
      preview: '{"n":1}',
      entryId: wanted[0]!.entryId,
    });
    expect(recording.of('needle').map((e) => e.preview)).toEqual(['{"n":5,"note":"a needle"}']);
    const positions = recording.positions.get('default')!;
    expect(positions['orders.us']).toBe(wanted[2]!.entryId);
    expect(recording.frames.every((f) => f.skippedFrames === 0)).toBe(true);
  });

  it('sends the events of a topic first registered after a `*` tail opened on an empty registry', async () => {
    await start({ maxEventsPerSec: 100_000, maxQueuedEvents: 10_000 }); // nothing sampled out
    const client = await connect();
    const recording = recordTails(client);
    const ack = subscribed(await client.emitWithAck('tail:subscribe', { filter: { topics: ['*'] } }));
    expect(ack.topics).toEqual([]);
    await sleep(1_500); // the relay idles over no streams for a while, as a page opened before any service

    // a freshly started service: its own connection, its own process-level registry
    const own = redis.duplicate();
    const publisher = createBus({
      redis: own,
      service: 'late-service',
      prefix,
      telemetry: false,
    });
    try {
      // a burst, as a service starting at hundreds of events a second: publishes in flight together
      const sent = await Promise.all(
        Array.from({ length: 150 }, (_, i) =>
          publisher.publish(`late.topic${i % 3}`, { type: 'late.event', data: { i } }),
        ),
      );
      await eventually(() => recording.of().length >= sent.length, 10_000);
      expect(new Set(recording.of().map((e) => e.id))).toEqual(new Set(sent.map((p) => p.id)));
    } finally {
      await publisher.close({ timeoutMs: 1_000 });
      own.disconnect();
    }
  });

  it('sends a large event as a capped, flagged preview with the entry size in bytes', async () => {
    await start({ previewBytes: 1_024 });
    const client = await connect();
    const recording = recordTails(client);
    subscribed(await client.emitWithAck('tail:subscribe', { filter: { topics: ['bulk'] } }));
    await publish('bulk', 'bulk.exported', {
      rows: Array.from({ length: 35_000 }, (_, i) => ({ i, q: 'é"' })),
    });
    await publish('bulk', 'bulk.small', { n: 1 });
    await eventually(() => recording.of().length >= 2, 10_000);
    const [big, small] = recording.of();
    expect(big!.truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(big!.preview)) - 2).toBeLessThanOrEqual(1_024);
    expect(big!.preview.startsWith('{"rows":[{"i":0,"q":"é\\""}')).toBe(true);
    expect(big!.sizeBytes).toBeGreaterThan(700_000); // the SDK publishes up to 1 MB by default
    expect(small).toMatchObject({ preview: '{"n":1}', truncated: false });
  });

  it('caps a burst of 5,000 events in 1 s at the client limit, sampling evenly with a marker', async () => {
    const limit = 200;
    const live = await start({ maxEventsPerSec: limit });
    const client = await connect();
    const recording = recordTails(client);
    subscribed(await client.emitWithAck('tail:subscribe', { filter: { topics: ['burst'] } }));

    const total = 5_000;
    const began = Date.now();
    for (let batch = 0; batch < 10; batch++) {
      const inputs = Array.from({ length: total / 10 }, (_, i) => ({
        type: 'tick',
        data: { i: batch * (total / 10) + i },
      }));
      await bus.publishBatch('burst', inputs);
      await sleep(Math.max(0, began + (batch + 1) * 100 - Date.now()));
    }
    // every event is accounted for: sent to the client, or sampled out
    const counters = await eventually(() => {
      const client = live.layer.status().clients[0];
      return client && client.sent + client.sampled === total && client.queued === 0 ? client : null;
    }, 15_000);
    await eventually(() => recording.of().length === counters.sent, 5_000);
    const seconds = (Date.now() - began) / 1_000;

    expect(counters.skippedFrames).toBe(0);
    expect(counters.sent).toBeGreaterThan(limit / 2);
    expect(counters.sent).toBeLessThanOrEqual(limit * (seconds + 1));
    const markers = recording.frames.flatMap((f) => f.tails.flatMap((t) => (t.sampling ? [t.sampling] : [])));
    expect(markers.length).toBeGreaterThan(0);
    const peak = markers.reduce((a, b) => (b.ratePerSec > a.ratePerSec ? b : a));
    expect(peak.sampled).toBe(true);
    expect(peak.ratePerSec).toBeGreaterThan(limit * 5);
    expect(peak.keptOneIn).toBeGreaterThan(2);
    // even: the sample spans the burst, in order
    const indices = recording.of().map((e) => (JSON.parse(e.preview) as { i: number }).i);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    expect(indices.some((i) => i < total * 0.2)).toBe(true);
    expect(indices.some((i) => i > total * 0.8)).toBe(true);
    expect(live.layer.status().entriesRead).toBe(total);
  });

  it('replays exactly what a reconnecting client missed; past the replay cap or a trim it resets', async () => {
    await start({ maxReplay: 100 });
    const first = await connect();
    const before = recordTails(first);
    subscribed(await first.emitWithAck('tail:subscribe', { filter: { topics: ['orders', 'short'] } }));
    const seen = [];
    for (let i = 0; i < 20; i++) seen.push(await publish('orders', 'order.placed', { i }));
    await eventually(() => before.of().length === 20);
    const positions = before.positions.get('default')!;
    first.disconnect();

    const missed = [];
    for (let i = 20; i < 50; i++) missed.push(await publish('orders', 'order.placed', { i }));
    const second = await connect();
    const after = recordTails(second);
    const resumed = subscribed(
      await second.emitWithAck('tail:subscribe', {
        filter: { topics: ['orders', 'short'] },
        resume: { positions },
      }),
    );
    expect(resumed.resume).toEqual({ replayed: 30 });
    // the replay frame arrived before the ack
    expect(after.frames[0]?.tails[0]).toMatchObject({ tailId: 'default', replay: true });
    const later = [];
    for (let i = 50; i < 60; i++) later.push(await publish('orders', 'order.placed', { i }));
    await eventually(() => after.of().length >= 40);
    await sleep(300);
    expect(after.of().map((e) => e.id)).toEqual([...missed, ...later].map((p) => p.id));
    expect(new Set([...before.of(), ...after.of()].map((e) => e.id)).size).toBe(60);

    // more than maxReplay missed: tail:reset, and the live tail goes on
    const third = await connect();
    const reset = recordTails(third);
    const stale = after.positions.get('default')!;
    second.disconnect();
    await bus.publishBatch(
      'orders',
      Array.from({ length: 150 }, (_, i) => ({ type: 'order.placed', data: { i } })),
    );
    const behind = subscribed(
      await third.emitWithAck('tail:subscribe', {
        filter: { topics: ['orders', 'short'] },
        resume: { positions: stale },
      }),
    );
    expect(behind.resume).toEqual({ reset: 'too-far-behind' });
    expect(reset.resets).toEqual([
      expect.objectContaining({
        tailId: 'default',
        reason: 'too-far-behind',
        missed: 101,
        positions: behind.positions,
      }),
    ]);
    const next = await publish('orders', 'order.placed', { i: 'next' });
    await eventually(() => reset.of().some((e) => e.id === next.id));
    expect(reset.of()).toHaveLength(1);

    // entries past the position trimmed away: tail:reset with `trimmed`
    await bus.defineTopic('short', { maxLen: 10 });
    const one = await publish('short', 'x', { i: 0 });
    await eventually(() => reset.of().some((e) => e.id === one.id));
    const shortPosition = { short: reset.positions.get('default')!.short! };
    third.disconnect();
    await bus.publishBatch(
      'short',
      Array.from({ length: 300 }, (_, i) => ({ type: 'x', data: { i } })),
    );
    const fourth = await connect();
    const trimmed = subscribed(
      await fourth.emitWithAck('tail:subscribe', {
        filter: { topics: ['short'] },
        resume: { positions: shortPosition },
      }),
    );
    expect(trimmed.resume).toEqual({ reset: 'trimmed' });
  });

  it('skips and counts frames for a client whose socket is backed up, and tells it in the next frame', async () => {
    const live = await start({ maxEventsPerSec: 100_000, maxQueuedEvents: 10_000, maxBufferedPackets: 2 });
    const client = await connect();
    const recording = recordTails(client);
    subscribed(await client.emitWithAck('tail:subscribe', { filter: { topics: ['firehose'] } }));
    // stop reading the connection, as a stalled tab would: the kernel buffers fill, then engine.io's
    const engine = client.io.engine as unknown as {
      transport: { ws: { _socket: TcpSocket } };
    };
    const tcp = engine.transport.ws._socket;
    tcp.pause();

    const padding = 'x'.repeat(300);
    let total = 0;
    const skipped = async (): Promise<boolean> => (live.layer.status().clients[0]?.skippedFrames ?? 0) >= 3;
    while (!(await skipped()) && total < 200_000) {
      await bus.publishBatch(
        'firehose',
        Array.from({ length: 2_000 }, (_, i) => ({ type: 'tick', data: { i: total + i, padding } })),
      );
      total += 2_000;
    }
    const stalled = live.layer.status().clients[0]!;
    expect(stalled.skippedFrames).toBeGreaterThanOrEqual(3);
    expect(stalled.skippedEvents).toBeGreaterThan(0);

    tcp.resume();
    const settled = await eventually(() => {
      const c = live.layer.status().clients[0];
      return c && c.sent + c.sampled + c.skippedEvents === total && c.queued === 0 ? c : null;
    }, 20_000);
    await eventually(() => recording.of().length === settled.sent, 20_000);
    const reported = recording.frames.reduce((sum, f) => sum + f.skippedFrames, 0);
    const reportedEvents = recording.frames.reduce((sum, f) => sum + f.skippedEvents, 0);
    await eventually(
      () => recording.frames.reduce((sum, f) => sum + f.skippedFrames, 0) === settled.skippedFrames,
    );
    expect(reported).toBeLessThanOrEqual(settled.skippedFrames);
    expect(reportedEvents).toBeLessThanOrEqual(settled.skippedEvents);
    expect(client.connected).toBe(true);
  });

  it('answers a payload that fails validation with an error ack (or live:error), and keeps serving', async () => {
    await start();
    const client = await connect();
    const invalid = async (
      event: 'tail:subscribe' | 'tail:unsubscribe',
      payload: unknown,
    ): Promise<LiveError> => {
      const emit = client.emitWithAck as (event: string, payload: unknown) => Promise<Ack>;
      const result = await emit.call(client, event, payload);
      if (result.ok) throw new Error('expected a validation failure');
      return result.error;
    };

    const badTopic = await invalid('tail:subscribe', { filter: { topics: ['no spaces allowed'] } });
    expect(badTopic).toMatchObject({ code: 'INVALID_PAYLOAD', issues: [{ path: 'filter.topics.0' }] });
    expect((await invalid('tail:subscribe', { filter: { topics: ['*'] }, extra: 1 })).code).toBe(
      'INVALID_PAYLOAD',
    );
    expect((await invalid('tail:subscribe', 42)).code).toBe('INVALID_PAYLOAD');
    expect((await invalid('tail:subscribe', { resume: { positions: { orders: 'nope' } } })).issues).toEqual([
      expect.objectContaining({ path: 'resume.positions.orders' }),
    ]);
    expect((await invalid('tail:unsubscribe', { tailId: 'has space' })).code).toBe('INVALID_PAYLOAD');
    const room = await (client.emitWithAck as (e: string, p: unknown) => Promise<Ack>).call(
      client,
      'topology:subscribe',
      'please',
    );
    expect(room).toMatchObject({ ok: false, error: { code: 'INVALID_PAYLOAD' } });

    // without an ack, the failure comes back as live:error
    const errors: LiveError[] = [];
    client.on('live:error', (error) => errors.push(error));
    (client.emit as (event: string, payload: unknown) => void).call(client, 'tail:subscribe', { tailId: '' });
    await eventually(() => errors.length === 1);
    expect(errors[0]).toMatchObject({ event: 'tail:subscribe', code: 'INVALID_PAYLOAD' });

    // the same connection still works
    const recording = recordTails(client);
    subscribed(await client.emitWithAck('tail:subscribe', { filter: { topics: ['orders'] } }));
    const event = await publish('orders', 'order.placed', {});
    await eventually(() => recording.of().some((e) => e.id === event.id));
    expect(client.connected).toBe(true);
  });

  it('pushes topology and metrics snapshots only to subscribed clients, and only while they are', async () => {
    const calls = { topology: 0, metrics: 0 };
    await start(
      { snapshotMs: 100 },
      {
        topology: async () => ({ nodes: [{ id: `n${++calls.topology}` }], edges: [] }),
        metrics: async () => ({ tick: ++calls.metrics }),
      },
    );
    const watcher = await connect();
    const bystander = await connect();
    const got = { topology: 0, metrics: 0, bystander: 0 };
    watcher.on('topology:update', (snapshot) => {
      expect(snapshot.nodes).toHaveLength(1);
      got.topology += 1;
    });
    watcher.on('metrics:update', () => (got.metrics += 1));
    bystander.on('topology:update', () => (got.bystander += 1));
    bystander.on('metrics:update', () => (got.bystander += 1));

    await sleep(400);
    expect(calls).toEqual({ topology: 0, metrics: 0 }); // nobody listens: no queries at all

    expect(await watcher.emitWithAck('topology:subscribe')).toEqual({ ok: true });
    await eventually(() => got.topology >= 3, 5_000);
    expect(calls.metrics).toBe(0);
    expect(got.metrics).toBe(0);

    expect(await watcher.emitWithAck('metrics:subscribe')).toEqual({ ok: true });
    await eventually(() => got.metrics >= 2, 5_000);

    expect(await watcher.emitWithAck('topology:unsubscribe')).toEqual({ ok: true });
    expect(await watcher.emitWithAck('metrics:unsubscribe')).toEqual({ ok: true });
    await sleep(150); // a push already on the wire may still land
    const settled = { ...got, calls: { ...calls } };
    await sleep(600);
    expect(got).toEqual({ topology: settled.topology, metrics: settled.metrics, bystander: 0 });
    expect(calls).toEqual(settled.calls);
    expect(server!.layer.status().rooms.topology).toMatchObject({ listeners: 0, errors: 0 });
  });
});
