import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBus, createKeys, type Bus, type Keys } from '@/server/bus';
import type { LiveError } from '@/server/contracts/live';
import {
  connectLiveClient,
  startLiveTestServer,
  type LiveClient,
  type LiveTestServer,
} from '@/server/testing/live';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { EMPTY_TAIL, type TailGapItem, type TailState } from '../lib/tail-buffer';
import { startTailSubscription, type TailStatus } from './tail-subscription';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The browser's tail, driven against the real live layer on real Redis. */
describe('startTailSubscription (real Redis, real socket.io)', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  let bus: Bus;
  let server: LiveTestServer | null;
  let socket: LiveClient | null;

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('evtail');
    keys = createKeys(prefix);
    bus = createBus({ redis, service: 'triage', prefix, telemetry: false });
    server = null;
    socket = null;
  });

  afterEach(async () => {
    socket?.disconnect();
    await server?.close();
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  /** A tail whose state lives in a variable, as the hook's lives in the query cache. */
  function tail(client: LiveClient, filter: Parameters<typeof startTailSubscription>[0]['filter']) {
    const seen = {
      state: EMPTY_TAIL as TailState,
      statuses: [] as TailStatus[],
      errors: [] as LiveError[],
      resets: 0,
    };
    const stop = startTailSubscription({
      socket: client,
      tailId: 'events-1',
      filter,
      read: () => seen.state,
      write: (change) => {
        seen.state = change(seen.state);
      },
      onStatus: (status, error) => {
        seen.statuses.push(status);
        if (error) seen.errors.push(error);
      },
      onProblem: (error) => seen.errors.push(error),
      onReset: () => {
        seen.resets += 1;
      },
    });
    const ids = () => seen.state.items.flatMap((item) => (item.kind === 'event' ? [item.event.id] : []));
    return { seen, stop, ids };
  }

  it('fills the buffer, resumes after a reconnect without loss or duplicates, and marks a gap past the replay cap', async () => {
    server = await startLiveTestServer({ redis, keys, options: { maxReplay: 50 } });
    socket = await connectLiveClient(server.url);
    const { seen, stop, ids } = tail(socket, { topics: ['alerts'], types: ['alert.raised'] });
    await eventually(() => seen.statuses.at(-1) === 'live');

    const live = [];
    for (let i = 0; i < 5; i++) live.push(await bus.publish('alerts', { type: 'alert.raised', data: { i } }));
    const other = await bus.publish('alerts', { type: 'alert.cleared', data: {} }); // filtered out
    await eventually(() => seen.state.received === 5 && seen.state.positions.alerts === other.entryId);
    expect(ids()).toEqual(live.map((p) => p.id));

    // offline for ten events: the reconnect replays exactly those
    socket.disconnect();
    expect(seen.statuses.at(-1)).toBe('reconnecting');
    const missed = [];
    for (let i = 5; i < 15; i++)
      missed.push(await bus.publish('alerts', { type: 'alert.raised', data: { i } }));
    socket.connect();
    await eventually(() => seen.state.received === 15);
    await eventually(() => seen.statuses.at(-1) === 'live');
    expect(seen.state.replayed).toBe(10);
    expect(ids()).toEqual([...live, ...missed].map((p) => p.id));

    // offline for more than the server replays: a gap in the list, and the tail goes on after it
    socket.disconnect();
    await bus.publishBatch(
      'alerts',
      Array.from({ length: 80 }, (_, i) => ({ type: 'alert.raised', data: { i } })),
    );
    socket.connect();
    await eventually(() => seen.resets === 1);
    const gap = seen.state.items.at(-1) as TailGapItem;
    expect(gap).toMatchObject({ kind: 'gap', reason: 'too-far-behind', missed: 51 });
    const next = await bus.publish('alerts', { type: 'alert.raised', data: { i: 'next' } });
    await eventually(() => ids().includes(next.id));
    expect(seen.state.received).toBe(16);
    expect(seen.errors).toEqual([]);

    // stopped: unsubscribed, nothing more arrives
    stop();
    await bus.publish('alerts', { type: 'alert.raised', data: { i: 'after' } });
    await sleep(300);
    expect(seen.state.received).toBe(16);
  });

  it('shows the events of a service started after the tail opened on an empty registry', async () => {
    server = await startLiveTestServer({ redis, keys, options: { refreshMs: 200 } });
    socket = await connectLiveClient(server.url);
    const { seen, stop, ids } = tail(socket, { topics: ['*'] });
    await eventually(() => seen.statuses.at(-1) === 'live');
    await sleep(600); // several refreshes find nothing

    const own = redis.duplicate();
    const service = createBus({
      redis: own,
      service: 'late',
      prefix,
      telemetry: false,
    });
    try {
      const sent = [];
      for (let i = 0; i < 10; i++)
        sent.push(await service.publish('late.topic', { type: 'late', data: { i } }));
      await eventually(() => ids().length >= sent.length, 10_000);
      expect(ids()).toEqual(sent.map((p) => p.id));
      expect(seen.state.positions['late.topic']).toBe(sent.at(-1)!.entryId);
    } finally {
      await service.close({ timeoutMs: 1_000 });
      own.disconnect();
      stop();
    }
  });

  it('writes a burst of frames as one state update when its flush comes', async () => {
    server = await startLiveTestServer({ redis, keys });
    socket = await connectLiveClient(server.url);
    let flushNow: (() => void) | null = null;
    let writes = 0;
    let state: TailState = EMPTY_TAIL;
    let live = false;
    const stop = startTailSubscription({
      socket,
      tailId: 'events-1',
      filter: { topics: ['alerts'] },
      read: () => state,
      write: (change) => {
        writes += 1;
        state = change(state);
      },
      onStatus: (status) => {
        live = status === 'live';
      },
      onProblem: () => undefined,
      // the test is the animation frame: nothing is written until it says so
      schedule: (flush) => {
        flushNow = flush;
        return () => {
          flushNow = null;
        };
      },
    });
    await eventually(() => live && flushNow !== null);
    flushNow!(); // the ack's positions
    expect(writes).toBe(1);

    const frames = 4;
    for (let i = 0; i < frames; i++) {
      await bus.publish('alerts', { type: 'alert.raised', data: { i } });
      await sleep(250); // past the relay's flush: one frame each
    }
    await eventually(() => flushNow !== null);
    expect(writes).toBe(1);
    expect(state.received).toBe(0);
    flushNow!();
    expect(writes).toBe(2);
    expect(state.received).toBe(frames);
    stop();
  });

  it('reports a filter the server refuses, with the path of the input', async () => {
    server = await startLiveTestServer({ redis, keys });
    socket = await connectLiveClient(server.url);
    const { seen, stop } = tail(socket, { topics: ['bad topic'] });
    await eventually(() => seen.statuses.at(-1) === 'error');
    expect(seen.errors[0]).toMatchObject({
      code: 'INVALID_PAYLOAD',
      issues: [expect.objectContaining({ path: 'filter.topics.0' })],
    });
    stop();
  });
});
