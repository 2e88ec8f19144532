/**
 * The live layer over real Redis and socket.io under pressure: a burst sampled down to the client's
 * limit, a reconnecting client given what it missed (or reset), a backed-up socket's skipped frames.
 */
import type { Socket as TcpSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { recordTails } from '@/server/testing/live';
import { subscribed, useLiveHarness } from '@/server/testing/live-harness';
import { eventually } from '@/server/testing/redis';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** The event id of a stream entry's `event` field. */
const eventIdOf = (fields: string[]): string =>
  (JSON.parse(fields[fields.indexOf('event') + 1] ?? '{}') as { id?: string }).id ?? '';

describe('live layer under load (real Redis, real socket.io)', () => {
  const live = useLiveHarness();

  it('caps a burst of 5,000 events in 1 s at the client limit, sampling evenly with a marker', async () => {
    const limit = 200;
    const server = await live.start({ maxEventsPerSec: limit });
    const client = await live.connect();
    const recording = recordTails(client);
    subscribed(await client.emitWithAck('tail:subscribe', { filter: { topics: ['burst'] } }));

    const total = 5_000;
    const began = Date.now();
    for (let batch = 0; batch < 10; batch++) {
      const inputs = Array.from({ length: total / 10 }, (_, i) => ({
        type: 'tick',
        data: { i: batch * (total / 10) + i },
      }));
      await live.bus.publishBatch('burst', inputs);
      await sleep(Math.max(0, began + (batch + 1) * 100 - Date.now()));
    }
    // every event is accounted for: sent to the client, or sampled out
    const counters = await eventually(() => {
      const client = server.layer.status().clients[0];
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
    expect(server.layer.status().entriesRead).toBe(total);
  });

  it('replays exactly what a reconnecting client missed; past the replay cap or a trim it resets', async () => {
    await live.start({ maxReplay: 100 });
    const first = await live.connect();
    const before = recordTails(first);
    subscribed(await first.emitWithAck('tail:subscribe', { filter: { topics: ['orders', 'short'] } }));
    const seen = [];
    for (let i = 0; i < 20; i++) seen.push(await live.publish('orders', 'order.placed', { i }));
    await eventually(() => before.of().length === 20);
    const positions = before.positions.get('default')!;
    first.disconnect();

    const missed = [];
    for (let i = 20; i < 50; i++) missed.push(await live.publish('orders', 'order.placed', { i }));
    const second = await live.connect();
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
    for (let i = 50; i < 60; i++) later.push(await live.publish('orders', 'order.placed', { i }));
    await eventually(() => after.of().length >= 40);
    await sleep(300);
    expect(after.of().map((e) => e.id)).toEqual([...missed, ...later].map((p) => p.id));
    expect(new Set([...before.of(), ...after.of()].map((e) => e.id)).size).toBe(60);

    // more than maxReplay missed: tail:reset, and the live tail goes on
    const third = await live.connect();
    const reset = recordTails(third);
    const stale = after.positions.get('default')!;
    second.disconnect();
    await live.bus.publishBatch(
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
    const next = await live.publish('orders', 'order.placed', { i: 'next' });
    await eventually(() => reset.of().some((e) => e.id === next.id));
    // the tail goes on live from the positions the reset gave, every entry after them once: those
    // appended in the very millisecond the tail started (its start is the Redis time) come live too
    const since = await live.redis.xrange(live.keys.stream('orders'), `(${behind.positions.orders}`, '+');
    expect(reset.of().map((e) => e.id)).toEqual(since.map(([, fields]) => eventIdOf(fields)));
    expect(reset.of().at(-1)?.id).toBe(next.id);

    // entries past the position trimmed away: tail:reset with `trimmed`
    await live.bus.defineTopic('short', { maxLen: 10 });
    const one = await live.publish('short', 'x', { i: 0 });
    await eventually(() => reset.of().some((e) => e.id === one.id));
    const shortPosition = { short: reset.positions.get('default')!.short! };
    third.disconnect();
    await live.bus.publishBatch(
      'short',
      Array.from({ length: 300 }, (_, i) => ({ type: 'x', data: { i } })),
    );
    const fourth = await live.connect();
    const trimmed = subscribed(
      await fourth.emitWithAck('tail:subscribe', {
        filter: { topics: ['short'] },
        resume: { positions: shortPosition },
      }),
    );
    expect(trimmed.resume).toEqual({ reset: 'trimmed' });
  });

  it('skips and counts frames for a client whose socket is backed up, and tells it in the next frame', async () => {
    const server = await live.start({
      maxEventsPerSec: 100_000,
      maxQueuedEvents: 10_000,
      maxBufferedPackets: 2,
    });
    const client = await live.connect();
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
    const skipped = async (): Promise<boolean> => (server.layer.status().clients[0]?.skippedFrames ?? 0) >= 3;
    while (!(await skipped()) && total < 200_000) {
      await live.bus.publishBatch(
        'firehose',
        Array.from({ length: 2_000 }, (_, i) => ({ type: 'tick', data: { i: total + i, padding } })),
      );
      total += 2_000;
    }
    const stalled = server.layer.status().clients[0]!;
    expect(stalled.skippedFrames).toBeGreaterThanOrEqual(3);
    expect(stalled.skippedEvents).toBeGreaterThan(0);

    tcp.resume();
    const settled = await eventually(() => {
      const c = server.layer.status().clients[0];
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
});
