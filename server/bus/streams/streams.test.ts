import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '@/server/contracts/envelope';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from '../bus';
import type { RuleAlert, WindowResult } from './types';

const BASE = Date.UTC(2026, 0, 1);
const at = (ms: number): Date => new Date(BASE + ms);
const FAST = { blockMs: 100, pollMs: 50 } as const;

describe('bus.streams', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('streams');
    bus = createBus({ redis, service: 'streams-test', prefix, telemetry: false });
  });
  afterEach(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  async function read<T>(topic: string): Promise<(Envelope & { data: T })[]> {
    const entries = await redis.xrange(bus.keys.stream(topic), '-', '+');
    return entries.map(([, flat]) => JSON.parse(flat[1]!) as Envelope & { data: T });
  }

  async function readCount<T>(topic: string, count: number): Promise<(Envelope & { data: T })[]> {
    return eventually(async () => {
      const events = await read<T>(topic);
      return events.length >= count ? events : null;
    });
  }

  it('filter/map/to delivers transformed events caused by their inputs', async () => {
    const processor = bus.streams
      .from<{ amount: number }>('payments', { name: 'big-payments', ...FAST })
      .filter((event) => event.data.amount >= 100)
      .map((event) => ({ type: 'payment.big', data: { cents: event.data.amount * 100 } }))
      .to('big-payments');
    await processor.ready;

    const big = await bus.publish('payments', { type: 'payment.made', subject: 'u1', data: { amount: 150 } });
    await bus.publish('payments', { type: 'payment.made', subject: 'u1', data: { amount: 5 } });
    const bigger = await bus.publish('payments', {
      type: 'payment.made',
      subject: 'u2',
      data: { amount: 300 },
      correlationId: 'checkout-7',
    });

    const out = await readCount<{ cents: number }>('big-payments', 2);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the filtered one never arrives
    expect(await read('big-payments')).toHaveLength(2);
    const byCause = new Map(out.map((event) => [event.causationid, event]));
    const first = byCause.get(big.id);
    const second = byCause.get(bigger.id);
    expect(first).toMatchObject({ type: 'payment.big', subject: 'u1', data: { cents: 15_000 } });
    expect(first?.correlationid).toBe(big.envelope.correlationid);
    expect(first?.id).not.toBe(big.id);
    expect(second).toMatchObject({ type: 'payment.big', subject: 'u2', correlationid: 'checkout-7' });
    expect(second?.data).toEqual({ cents: 30_000 });

    // announced like a consumer: position, counters, rate, lag, errors
    const presence = await eventually(async () => {
      const all = await redis.hgetall(bus.keys.streamProcessors());
      const json = all[`big-payments/${processor.subscription.consumer}`];
      return json ? (JSON.parse(json) as Record<string, unknown>) : null;
    });
    expect(presence).toMatchObject({
      name: 'big-payments',
      kind: 'forward',
      topics: ['payments'],
      errors: 0,
    });
    await processor.stop();
    expect(
      await redis.hexists(bus.keys.streamProcessors(), `big-payments/${processor.subscription.consumer}`),
    ).toBe(0);
  });

  it('tumbling window: a late event within lateness corrects its result, beyond it is dropped', async () => {
    const processor = bus.streams
      .from<{ v: number }>('readings', { name: 'sums', ...FAST })
      .window({ kind: 'tumbling', sizeMs: 1_000, latenessMs: 2_000, value: (event) => event.data.v })
      .to('sums', { type: 'reading.window' });
    await processor.ready;

    // one key: handled in stream order (orderBySubject), so the watermark moves as written here
    const publish = (ms: number, v: number) =>
      bus.publish('readings', { type: 'reading.taken', subject: 'a', time: at(ms), data: { v } });
    await publish(100, 1);
    const e2 = await publish(500, 2);
    await publish(1_200, 4); // watermark 1.2 s: [0, 1 s) is emitted
    const late = await publish(800, 8); // late, within lateness: [0, 1 s) corrected
    await publish(3_500, 16); // watermark 3.5 s: [1, 2 s) emitted, [0, 1 s) past its lateness
    await publish(900, 32); // too late: dropped

    await eventually(async () => {
      const stats = await processor.stats();
      return stats.applied + stats.dropped === 6;
    });
    const stats = await processor.stats();
    expect(stats).toMatchObject({
      applied: 5,
      dropped: 1,
      emitted: 2,
      corrected: 1,
      watermark: BASE + 3_500,
    });

    const results = await readCount<WindowResult>('sums', 3);
    const first = results.filter((r) => r.data.start === at(0).toISOString());
    expect(first.map((r) => r.data)).toEqual([
      {
        key: 'a',
        start: at(0).toISOString(),
        end: at(1_000).toISOString(),
        count: 2,
        sum: 3,
        min: 1,
        max: 2,
        revision: 1,
      },
      {
        key: 'a',
        start: at(0).toISOString(),
        end: at(1_000).toISOString(),
        count: 3,
        sum: 11,
        min: 1,
        max: 8,
        revision: 2,
      },
    ]);
    expect(first.map((r) => r.causationid)).toEqual([e2.id, late.id]);
    expect(first[0]).toMatchObject({ type: 'reading.window', subject: 'a', time: at(1_000).toISOString() });
    const second = results.find((r) => r.data.start === at(1_000).toISOString());
    expect(second?.data).toMatchObject({ count: 1, sum: 4, revision: 1 });
    expect(results).toHaveLength(3);
    // the dropped event changed nothing that was published
    expect(new Set(results.map((r) => r.id)).size).toBe(3);
  });

  it('sliding window: an event counts in every window that covers it', async () => {
    const processor = bus.streams
      .from('ticks', { name: 'sliding', ...FAST })
      .window({ kind: 'sliding', sizeMs: 2_000, slideMs: 1_000 })
      .to('sliding');
    await processor.ready;
    for (const ms of [500, 1_500, 4_000])
      await bus.publish('ticks', { type: 'tick', subject: 'k', time: at(ms) });

    const results = await readCount<WindowResult>('sliding', 3);
    const counts = Object.fromEntries(results.map((r) => [r.data.start, r.data.count]));
    expect(counts).toEqual({
      [at(-1_000).toISOString()]: 1,
      [at(0).toISOString()]: 2,
      [at(1_000).toISOString()]: 1,
    });
  });

  it('clockLagMs: the pollers close the last window when events stop', async () => {
    const processor = bus.streams
      .from('live', { name: 'live', ...FAST })
      .window({ kind: 'tumbling', sizeMs: 200, clockLagMs: 100 })
      .to('live-windows');
    await processor.ready;
    const sent = await bus.publish('live', { type: 'tick', subject: 'k' });
    const [result] = await readCount<WindowResult>('live-windows', 1);
    const time = Date.parse(sent.envelope.time!);
    expect(result?.data).toMatchObject({
      key: 'k',
      count: 1,
      start: new Date(time - (time % 200)).toISOString(),
    });
    expect(result?.causationid).toBe(sent.id);
  });

  it('count rule fires once per match, with the matched ids and the last as causation', async () => {
    const processor = bus.streams
      .from<{ user: string }>('auth', { name: 'brute-force', ...FAST })
      .count({
        match: (event) => event.type === 'auth.failed',
        key: (event) => event.data.user,
        count: 5,
        withinMs: 60_000,
      })
      .to('alerts', { type: 'auth.brute-force' });
    await processor.ready;

    const fail = (user: string, ms: number) =>
      bus.publish('auth', { type: 'auth.failed', subject: user, time: at(ms), data: { user } });
    const u1: string[] = [];
    for (let i = 0; i < 12; i++) u1.push((await fail('u1', i * 1_000)).id); // two matches, 2 left over
    for (let i = 0; i < 4; i++) await fail('u2', i * 1_000); // one short
    for (let i = 0; i < 5; i++) await fail('u3', i * 20_000); // 80 s apart end to end: never 5 in 60 s
    await bus.publish('auth', { type: 'auth.ok', subject: 'u2', time: at(5_000), data: { user: 'u2' } });

    await eventually(async () => (await processor.stats()).applied === 21);
    const alerts = await readCount<RuleAlert>('alerts', 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await read('alerts')).toHaveLength(2);
    expect(alerts.map((a) => a.data.events)).toEqual([u1.slice(0, 5), u1.slice(5, 10)]);
    expect(alerts.map((a) => a.causationid)).toEqual([u1[4], u1[9]]);
    expect(alerts[0]).toMatchObject({
      type: 'auth.brute-force',
      subject: 'u1',
      data: { rule: 'brute-force', key: 'u1', first: at(0).toISOString(), last: at(4_000).toISOString() },
    });
    expect((await processor.stats()).fired).toBe(2);
  });

  it('rules announce their type, threshold, window and description', async () => {
    const processor = bus.streams
      .from<{ user: string }>('auth', {
        name: 'described',
        description: '5 auth.failed of one user within 60 s',
        ...FAST,
      })
      .count({ key: (event) => event.data.user, count: 5, withinMs: 60_000 })
      .to('alerts', { type: 'auth.brute-force' });
    const absent = bus.streams
      .from(['orders', 'payments'], { name: 'unpaid', ...FAST })
      .absence({ first: () => true, then: () => false, withinMs: 600_000 })
      .to('alerts');
    await Promise.all([processor.ready, absent.ready]);
    const presence = async (name: string, consumer: string) =>
      eventually(async () => {
        const json = await redis.hget(bus.keys.streamProcessors(), `${name}/${consumer}`);
        return json ? (JSON.parse(json) as Record<string, unknown>) : null;
      });
    expect(await presence('described', processor.subscription.consumer)).toMatchObject({
      kind: 'count',
      output: 'alerts',
      outputType: 'auth.brute-force',
      rule: { count: 5, withinMs: 60_000 },
      description: '5 auth.failed of one user within 60 s',
    });
    const unpaid = await presence('unpaid', absent.subscription.consumer);
    expect(unpaid).toMatchObject({
      kind: 'absence',
      outputType: 'unpaid.alert',
      rule: { withinMs: 600_000 },
    });
    expect(unpaid).not.toHaveProperty('description');
    expect(() => bus.streams.from('auth', { name: 'wordy', description: 'x'.repeat(301) }).to('out')).toThrow(
      RangeError,
    );
  });

  it('absence rule fires once for each first event not followed in time', async () => {
    const processor = bus.streams
      .from(['orders', 'payments'], { name: 'unpaid', ...FAST })
      .absence({
        first: (event) => event.type === 'order.placed',
        then: (event) => event.type === 'payment.captured',
        withinMs: 400,
      })
      .to('alerts', { type: 'order.unpaid' });
    await processor.ready;

    const now = Date.now();
    const place = (order: string, time = now) =>
      bus.publish('orders', {
        type: 'order.placed',
        subject: order,
        time: new Date(time),
        correlationId: `c-${order}`,
      });
    const capture = (order: string, time = now) =>
      bus.publish('payments', { type: 'payment.captured', subject: order, time: new Date(time) });
    const o1 = await place('o1');
    await place('o2');
    const o3 = await place('o3');
    await capture('o2');
    await capture('o4', now + 10); // handled before its order (another topic): still a match
    await eventually(async () => (await processor.stats()).applied === 5);
    await place('o4');

    const alerts = await readCount<RuleAlert>('alerts', 2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await read('alerts')).toHaveLength(2);
    const byKey = new Map(alerts.map((a) => [a.data.key, a]));
    expect([...byKey.keys()].sort()).toEqual(['o1', 'o3']);
    expect(byKey.get('o1')).toMatchObject({
      type: 'order.unpaid',
      causationid: o1.id,
      correlationid: 'c-o1',
    });
    expect(byKey.get('o1')?.data.events).toEqual([o1.id]);
    expect(byKey.get('o3')?.data.deadline).toBe(new Date(now + 400).toISOString());
    expect(byKey.get('o3')?.causationid).toBe(o3.id);
    expect(await processor.stats()).toMatchObject({ fired: 2, matched: 2 });
  });

  it('a restart keeps window state', async () => {
    const define = (b: Bus) =>
      b.streams
        .from<{ v: number }>('meter', { name: 'meter', ...FAST })
        .window({ kind: 'tumbling', sizeMs: 1_000, value: (event) => event.data.v })
        .to('meter-windows');
    const first = define(bus);
    await first.ready;
    await bus.publish('meter', { type: 'meter.read', subject: 'm', time: at(100), data: { v: 5 } });
    await bus.publish('meter', { type: 'meter.read', subject: 'm', time: at(300), data: { v: 7 } });
    await eventually(async () => (await first.stats()).applied === 2);
    await bus.close({ timeoutMs: 1_000 });

    // a new process: its own connection and bus, the same processor name
    const redis2 = await testRedis();
    const bus2 = createBus({ redis: redis2, service: 'streams-test', prefix, telemetry: false });
    try {
      const second = define(bus2);
      await second.ready;
      await bus2.publish('meter', { type: 'meter.read', subject: 'm', time: at(1_500), data: { v: 1 } });
      const [result] = await readCount<WindowResult>('meter-windows', 1);
      expect(result?.data).toMatchObject({
        key: 'm',
        start: at(0).toISOString(),
        count: 2,
        sum: 12,
        min: 5,
        max: 7,
      });
    } finally {
      await bus2.close({ timeoutMs: 1_000 });
      redis2.disconnect();
    }
  });
});
