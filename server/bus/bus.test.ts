import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Envelope } from '@/server/contracts/envelope';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from './bus';
import { PayloadTooLargeError, UnencodableEventError, UnrecoverableError } from './errors';
import { decodeTelemetryEntry } from './telemetry-format';

describe('bus: publish and consume', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('bus');
    bus = createBus({ redis, service: 'test', prefix, telemetry: { flushMs: 20 } });
  });
  afterEach(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('delivers a published event to a group, acked after the handler', async () => {
    const seen: Envelope[] = [];
    const sub = bus.subscribe('g1', 'orders', (event) => void seen.push(event), { blockMs: 50 });
    await sub.ready;
    const published = await bus.publish('orders', { type: 'order.placed', data: { n: 1 }, subject: 'o-1' });
    await eventually(() => seen.length === 1);
    expect(seen[0]).toMatchObject({
      id: published.id,
      type: 'order.placed',
      source: '/services/test',
      data: { n: 1 },
    });
    expect(seen[0]!.correlationid).toBe(published.id);
    await eventually(async () => (await redis.xpending(bus.keys.stream('orders'), 'g1'))[0] === 0);
  });

  it('redelivers after a throw, then succeeds', async () => {
    let calls = 0;
    const sub = bus.subscribe(
      'g1',
      'orders',
      () => {
        calls += 1;
        if (calls < 3) throw new Error('flaky');
      },
      { blockMs: 50, retry: { baseMs: 10, maxMs: 20 } },
    );
    await sub.ready;
    await bus.publish('orders', { type: 'order.placed', data: {} });
    await eventually(() => sub.stats.handled === 1);
    expect(calls).toBe(3);
    expect(sub.stats.retried).toBe(2);
    expect(await redis.xlen(bus.keys.deadLetters('orders'))).toBe(0);
  });

  it('dead-letters after maxAttempts with the right fields', async () => {
    const sub = bus.subscribe(
      'g1',
      'orders',
      () => {
        throw new TypeError('always fails');
      },
      { blockMs: 50, retry: { maxAttempts: 3, baseMs: 5, maxMs: 10 } },
    );
    await sub.ready;
    const { id } = await bus.publish('orders', { type: 'order.placed', data: { big: true } });
    const [letter] = await eventually(async () => {
      const list = await bus.deadLetters.list({ topics: ['orders'] });
      return list.length === 1 ? list : null;
    });
    expect(letter).toMatchObject({
      topic: 'orders',
      group: 'g1',
      consumer: sub.consumer,
      attempts: 3,
      errorName: 'TypeError',
      errorMessage: 'always fails',
      category: 'transient',
      eventId: id,
      eventType: 'order.placed',
    });
    expect(letter!.errorStack).toContain('TypeError: always fails');
    expect(letter!.firstFailureAt).toBeLessThanOrEqual(letter!.lastFailureAt);
    expect(JSON.parse(letter!.raw.event!)).toMatchObject({ id, data: { big: true } });
    expect((await redis.xpending(bus.keys.stream('orders'), 'g1'))[0]).toBe(0);
  });

  it('dead-letters an UnrecoverableError at once as poison', async () => {
    let calls = 0;
    const sub = bus.subscribe(
      'g1',
      'orders',
      () => {
        calls += 1;
        throw new UnrecoverableError('bad order');
      },
      { blockMs: 50 },
    );
    await sub.ready;
    await bus.publish('orders', { type: 'order.placed' });
    const [letter] = await eventually(async () => {
      const list = await bus.deadLetters.list({ topics: ['orders'] });
      return list.length === 1 ? list : null;
    });
    expect(letter).toMatchObject({ category: 'poison', attempts: 1 });
    expect(calls).toBe(1);
  });

  it('sends an undecodable entry to the dead letters without retries', async () => {
    let calls = 0;
    const sub = bus.subscribe('g1', 'orders', () => void (calls += 1), { blockMs: 50 });
    await sub.ready;
    await redis.xadd(bus.keys.stream('orders'), '*', 'event', '{not json');
    await redis.xadd(bus.keys.stream('orders'), '*', 'foo', 'bar');
    const letters = await eventually(async () => {
      const list = await bus.deadLetters.list({ topics: ['orders'] });
      return list.length === 2 ? list : null;
    });
    expect(calls).toBe(0);
    expect(letters.map((l) => l.category)).toEqual(['poison', 'poison']);
    expect(letters.map((l) => l.attempts)).toEqual([1, 1]);
    expect(letters.find((l) => l.raw.foo === 'bar')?.errorMessage).toMatch(/no "event" field/);
    expect(letters.find((l) => l.raw.event === '{not json')?.errorMessage).toMatch(/not JSON/);
  });

  it('inherits correlation and sets causation when publishing inside a handler', async () => {
    const seen: Envelope[] = [];
    const first = bus.subscribe(
      'g1',
      'a',
      async () => {
        await bus.publish('b', { type: 'second' });
      },
      { blockMs: 50 },
    );
    const second = bus.subscribe('g2', 'b', (event) => void seen.push(event), { blockMs: 50 });
    await Promise.all([first.ready, second.ready]);
    const origin = await bus.publish('a', { type: 'first', correlationId: 'corr-1' });
    await eventually(() => seen.length === 1);
    expect(seen[0]).toMatchObject({ correlationid: 'corr-1', causationid: origin.id });
    expect(seen[0]!.traceparent!.slice(3, 35)).toBe(origin.envelope.traceparent!.slice(3, 35));
  });

  it('refuses oversized payloads before XADD', async () => {
    const small = createBus({ redis, service: 'test', prefix, maxPayloadBytes: 1_000, telemetry: false });
    await expect(small.publish('orders', { type: 'big', data: 'x'.repeat(2_000) })).rejects.toBeInstanceOf(
      PayloadTooLargeError,
    );
    expect(await redis.exists(bus.keys.stream('orders'))).toBe(0);
    await small.close();
  });

  it('refuses data it cannot encode with a typed error, single and batch, before XADD', async () => {
    const nested = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) as unknown;
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const single = bus.publish('orders', { type: 'deep', data: nested });
    await expect(single).rejects.toMatchObject({
      code: 'UNENCODABLE_EVENT',
      message: 'the event cannot be encoded as JSON: its data nests too deeply',
      cause: expect.any(RangeError),
    });
    await expect(single).rejects.toBeInstanceOf(UnencodableEventError);
    const batch = bus.publishBatch('orders', [{ type: 'fine' }, { type: 'deep', data: nested }]);
    await expect(batch).rejects.toMatchObject({ code: 'UNENCODABLE_EVENT' });
    await expect(bus.publish('orders', { type: 'cyclic', data: cyclic })).rejects.toMatchObject({
      code: 'UNENCODABLE_EVENT',
      cause: expect.any(TypeError),
    });
    await expect(bus.publish('orders', { type: 'big', data: { n: 1n } })).rejects.toBeInstanceOf(
      UnencodableEventError,
    );
    expect(await redis.exists(bus.keys.stream('orders'))).toBe(0);
  });

  it('appends a batch larger than one script call in order, each result naming its entry', async () => {
    const inputs = Array.from({ length: 250 }, (_, i) => ({ type: 'order.placed', data: { n: i } }));
    const published = await bus.publishBatch('orders', inputs);
    const entries = await redis.xrange(bus.keys.stream('orders'), '-', '+');
    expect(entries.map(([id]) => id)).toEqual(published.map((p) => p.entryId));
    const decoded = entries.map(
      ([, fields]) => JSON.parse(fields[1]!) as { id: string; data: { n: number } },
    );
    expect(decoded.map((e) => e.data.n)).toEqual(inputs.map((_, i) => i));
    expect(decoded.map((e) => e.id)).toEqual(published.map((p) => p.id));
  });

  it('numbers events from one source with increasing sequences', async () => {
    const batch = await bus.publishBatch('orders', [{ type: 'a' }, { type: 'b' }, { type: 'c' }]);
    const single = await bus.publish('orders', { type: 'd' });
    const sequences = [...batch, single].map((p) => p.envelope.sequence!);
    expect([...sequences].sort()).toEqual(sequences);
    expect(new Set(sequences).size).toBe(4);
  });

  it('finds topics created while a wildcard subscription runs', async () => {
    const seen: string[] = [];
    const sub = bus.subscribe('watch', 'threat.*', (event) => void seen.push(event.type), {
      blockMs: 50,
      topicRefreshMs: 50,
    });
    await sub.ready;
    await bus.publish('threat.alert', { type: 'alert.raised' });
    await bus.publish('other', { type: 'ignored' });
    await eventually(() => seen.includes('alert.raised'));
    expect(sub.topics).toEqual(['threat.alert']);
    expect(seen).not.toContain('ignored');
  });

  it('writes delivery outcomes to the telemetry stream', async () => {
    const sub = bus.subscribe('g1', 'orders', () => undefined, { blockMs: 50 });
    await sub.ready;
    await bus.publish('orders', { type: 'order.placed' });
    const batches = await eventually(async () => {
      const entries = await redis.xrange(bus.keys.telemetry(), '-', '+');
      return entries.length > 0 ? entries : null;
    });
    const records = batches.flatMap(([, flat]) => decodeTelemetryEntry(flat).records);
    expect(records).toContainEqual(
      expect.objectContaining({ outcome: 'handled', group: 'g1', topic: 'orders' }),
    );
  });

  it('keeps the telemetry it could not write and writes it once it can', async () => {
    // XADD on a string key fails inside a pipeline that itself succeeds
    await redis.set(bus.keys.telemetry(), 'not a stream');
    const sub = bus.subscribe('g-kept', 'orders', () => undefined, { blockMs: 50 });
    await sub.ready;
    await bus.publish('orders', { type: 'order.placed' });
    await eventually(() => sub.stats.handled === 1);
    await new Promise((resolve) => setTimeout(resolve, 100)); // a few flushes fail meanwhile
    await redis.del(bus.keys.telemetry());
    const records = await eventually(async () => {
      const entries = await redis.xrange(bus.keys.telemetry(), '-', '+');
      const all = entries.flatMap(([, flat]) => decodeTelemetryEntry(flat).records);
      return all.some((r) => r.group === 'g-kept') ? all : null;
    });
    expect(records.filter((r) => r.group === 'g-kept' && r.outcome === 'handled')).toHaveLength(1);
  });

  it('trims each topic by its retention: count or age', async () => {
    await bus.defineTopic('capped', { maxLen: 100 });
    for (let i = 0; i < 10; i++) {
      await bus.publishBatch(
        'capped',
        Array.from({ length: 100 }, () => ({ type: 'x' })),
      );
    }
    // MAXLEN ~ trims whole radix-tree nodes (100 entries by default), so the length stays near the cap
    expect(await redis.xlen(bus.keys.stream('capped'))).toBeLessThanOrEqual(200);

    await bus.defineTopic('aged', { maxAgeMs: 60_000 });
    const stream = bus.keys.stream('aged');
    await redis.xadd(stream, `${Date.now() - 3_600_000}-0`, 'event', '{}');
    for (let i = 0; i < 150; i++)
      await redis.xadd(stream, `${Date.now() - 3_500_000}-${i + 1}`, 'event', '{}');
    await bus.publishBatch(
      'aged',
      Array.from({ length: 150 }, () => ({ type: 'x' })),
    );
    // MINID ~ also trims whole nodes: at most one node's worth of expired entries may remain
    const expired = await redis.xrange(stream, '-', String(Date.now() - 120_000));
    expect(expired.length).toBeLessThan(100);
    expect(await redis.xlen(stream)).toBeGreaterThanOrEqual(150);
  });

  it('never runs more handlers at once than its concurrency', async () => {
    let running = 0;
    let peak = 0;
    const sub = bus.subscribe(
      'g1',
      'busy',
      async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 10));
        running -= 1;
      },
      { concurrency: 3, blockMs: 50 },
    );
    await sub.ready;
    await bus.publishBatch(
      'busy',
      Array.from({ length: 30 }, () => ({ type: 'x' })),
    );
    await eventually(() => sub.stats.handled === 30);
    expect(peak).toBe(3);
  });

  it('reads ahead over a backlog within its concurrency, starting handlers in stream order', async () => {
    const published = await bus.publishBatch(
      'backlog',
      Array.from({ length: 60 }, (_, i) => ({ type: 'x', data: { i } })),
    );
    let running = 0;
    let peak = 0;
    const started: string[] = [];
    // batches of 2 with room for 6: a full read leaves room for the next one while these run
    const sub = bus.subscribe(
      'g-ahead',
      'backlog',
      async (event) => {
        started.push(event.id);
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running -= 1;
      },
      { concurrency: 6, batchSize: 2, blockMs: 50, from: 'start' },
    );
    await eventually(() => sub.stats.handled === 60);
    expect(peak).toBeLessThanOrEqual(6);
    expect(started).toEqual(published.map((p) => p.id));
    await sub.stop();
  });
});
