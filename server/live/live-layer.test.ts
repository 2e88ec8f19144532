/**
 * The live layer over real Redis and socket.io: what each tail and room is sent (filters, topics found
 * later, capped previews, snapshots to subscribers only) and how it answers payloads that fail validation.
 */
import { describe, expect, it } from 'vitest';
import { createBus } from '@/server/bus';
import type { Ack, LiveError } from '@/server/contracts/live';
import { recordTails } from '@/server/testing/live';
import { subscribed, useLiveHarness } from '@/server/testing/live-harness';
import { eventually } from '@/server/testing/redis';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('live layer (real Redis, real socket.io)', () => {
  const live = useLiveHarness();

  it('sends each tail only what its filter matches, including topics created after it subscribed', async () => {
    await live.start();
    await live.publish('orders.eu', 'order.placed', { n: 0 }, 'c-1'); // before the subscription: not sent
    const client = await live.connect();
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
      await live.publish('orders.eu', 'order.placed', { n: 1 }, 'c-1'),
      await live.publish('orders.eu', 'order.placed', { n: 2 }, 'c-1'),
    ];
    await live.publish('orders.eu', 'order.cancelled', { n: 3 }, 'c-1'); // other type
    await live.publish('orders.eu', 'order.placed', { n: 4 }, 'c-2'); // other correlation
    await live.publish('payments', 'order.placed', { n: 5, note: 'a needle' }, 'c-1'); // other topic
    wanted.push(await live.publish('orders.us', 'order.placed', { n: 6 }, 'c-1')); // a topic found later

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
    await live.start({ maxEventsPerSec: 100_000, maxQueuedEvents: 10_000 }); // nothing sampled out
    const client = await live.connect();
    const recording = recordTails(client);
    const ack = subscribed(await client.emitWithAck('tail:subscribe', { filter: { topics: ['*'] } }));
    expect(ack.topics).toEqual([]);
    await sleep(1_500); // the relay idles over no streams for a while, as a page opened before any service

    // a freshly started service: its own connection, its own process-level registry
    const own = live.redis.duplicate();
    const publisher = createBus({
      redis: own,
      service: 'late-service',
      prefix: live.prefix,
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
    await live.start({ previewBytes: 1_024 });
    const client = await live.connect();
    const recording = recordTails(client);
    subscribed(await client.emitWithAck('tail:subscribe', { filter: { topics: ['bulk'] } }));
    await live.publish('bulk', 'bulk.exported', {
      rows: Array.from({ length: 35_000 }, (_, i) => ({ i, q: 'é"' })),
    });
    await live.publish('bulk', 'bulk.small', { n: 1 });
    await eventually(() => recording.of().length >= 2, 10_000);
    const [big, small] = recording.of();
    expect(big!.truncated).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(big!.preview)) - 2).toBeLessThanOrEqual(1_024);
    expect(big!.preview.startsWith('{"rows":[{"i":0,"q":"é\\""}')).toBe(true);
    expect(big!.sizeBytes).toBeGreaterThan(700_000); // the SDK publishes up to 1 MB by default
    expect(small).toMatchObject({ preview: '{"n":1}', truncated: false });
  });

  it('answers a payload that fails validation with an error ack (or live:error), and keeps serving', async () => {
    await live.start();
    const client = await live.connect();
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
    const event = await live.publish('orders', 'order.placed', {});
    await eventually(() => recording.of().some((e) => e.id === event.id));
    expect(client.connected).toBe(true);
  });

  it('pushes topology and metrics snapshots only to subscribed clients, and only while they are', async () => {
    const calls = { topology: 0, metrics: 0 };
    await live.start(
      { snapshotMs: 100 },
      {
        topology: async () => ({ nodes: [{ id: `n${++calls.topology}` }], edges: [] }),
        metrics: async () => ({ tick: ++calls.metrics }),
      },
    );
    const watcher = await live.connect();
    const bystander = await live.connect();
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
    expect(live.server!.layer.status().rooms.topology).toMatchObject({ listeners: 0, errors: 0 });
  });
});
