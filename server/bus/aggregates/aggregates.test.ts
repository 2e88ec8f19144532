import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AddItem,
  applyCart,
  cartSpec,
  emptyCart,
  type CartEvent,
  type CartState,
} from '@/server/testing/cart-aggregate';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from '../bus';
import { decodeEntry } from '../codec';
import { createKeys } from '../keys';
import { SchemaRegistry } from '../schema-registry';
import { ConcurrencyError } from './errors';

describe('aggregates: event store', () => {
  let redis: Redis;
  let prefix: string;
  const buses: Bus[] = [];
  const keys = () => createKeys(prefix);
  const bus = (schemas?: SchemaRegistry): Bus => {
    const created = createBus({ redis, service: 'carts', prefix, telemetry: false, schemas });
    buses.push(created);
    return created;
  };

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('agg');
  });
  afterEach(async () => {
    for (const b of buses.splice(0)) await b.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('two writers at the same expected version: exactly one wins, the other gets ConcurrencyError', async () => {
    // two buses on two connections: two services racing, not two calls of one client
    const other = await testRedis();
    try {
      const a = bus().aggregates.define(cartSpec());
      const b = createBus({ redis: other, service: 'carts-2', prefix, telemetry: false });
      buses.push(b);
      const a2 = b.aggregates.define(cartSpec());
      for (let round = 0; round < 20; round++) {
        const expectedVersion = (await a.load('c-1')).version;
        expect(expectedVersion).toBe(round);
        const results = await Promise.allSettled([
          a.append(
            'c-1',
            { type: 'cart.item-added', data: { sku: `a${round}`, quantity: 1 } },
            { expectedVersion },
          ),
          a2.append(
            'c-1',
            { type: 'cart.item-added', data: { sku: `b${round}`, quantity: 1 } },
            { expectedVersion },
          ),
        ]);
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        const error = lost[0]!.reason as ConcurrencyError;
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({
          code: 'CONCURRENCY_CONFLICT',
          expectedVersion,
          actualVersion: round + 1,
        });
      }
      // the loser wrote nothing anywhere: 20 events in the aggregate, 20 on the topic
      expect(await redis.xlen(keys().aggregateEvents('cart', 'cart', 'c-1'))).toBe(20);
      expect(await redis.xlen(keys().stream('cart'))).toBe(20);
    } finally {
      other.disconnect();
    }
  });

  it('aggregate keys are internal: the recorder records the topic copy only, whatever the id', () => {
    for (const id of ['c-1', 'x:stream', 'y}:stream', 'z:dlq']) {
      for (const key of [
        keys().aggregateEvents('cart', 'cart', id),
        keys().aggregateSnapshot('cart', 'cart', id),
      ]) {
        expect(keys().isInternal(key)).toBe(true);
        expect(keys().topicOf(key)).toBeNull();
      }
    }
  });

  it('each appended event is on the type topic with subject, type and version, in order', async () => {
    const b = bus();
    const carts = b.aggregates.define(cartSpec());
    const appended = await carts.append(
      'c-7',
      [
        { type: 'cart.item-added', data: { sku: 'x', quantity: 2 } },
        { type: 'cart.item-added', data: { sku: 'y', quantity: 1 } },
      ],
      { expectedVersion: 0, correlationId: 'corr-1' },
    );
    expect(appended.version).toBe(2);
    const entries = await redis.xrange(b.keys.stream('cart'), '-', '+');
    const envelopes = entries.map(([, fields]) => {
      const decoded = decodeEntry(fields);
      if (!decoded.ok) throw new Error(decoded.reason);
      return decoded.envelope;
    });
    expect(envelopes.map((e) => [e.subject, e.aggregatetype, e.aggregateversion, e.correlationid])).toEqual([
      ['c-7', 'cart', 1, 'corr-1'],
      ['c-7', 'cart', 2, 'corr-1'],
    ]);
    expect(entries.map(([id]) => id)).toEqual(appended.events.map((e) => e.entryId));
    // and a subscriber of the topic gets them like any published event
    const seen: unknown[] = [];
    const sub = b.subscribe('shop-view', 'cart', (e) => void seen.push(e.aggregateversion), {
      from: 'start',
      blockMs: 50,
    });
    await sub.ready;
    await eventually(() => seen.length === 2);
    expect(seen).toEqual([1, 2]);
    await expect(
      carts.append('c-7', { type: 'cart.checked-out', data: { items: 2 } }, { expectedVersion: 0 }),
    ).rejects.toBeInstanceOf(ConcurrencyError);
  });

  it('state from a snapshot plus its tail equals the state from the full history', async () => {
    const carts = bus().aggregates.define(cartSpec({ snapshotEvery: 10 }));
    let expected: CartState = emptyCart();
    for (let i = 1; i <= 25; i++) {
      const events: CartEvent[] =
        i % 7 === 0
          ? [{ type: 'cart.item-removed', data: { sku: `s${i % 3}` } }]
          : [{ type: 'cart.item-added', data: { sku: `s${i % 3}`, quantity: i } }];
      await carts.append('c-2', events, { expectedVersion: i - 1 });
      expected = applyCart(expected, events[0]!, { version: i });
    }
    // snapshots are taken by whoever holds the state: the first load writes one at 25
    const fromHistory = await carts.load('c-2', { snapshot: false });
    expect(fromHistory).toMatchObject({ version: 25, snapshotVersion: 0, eventsApplied: 25 });
    expect(fromHistory.state).toEqual(expected);

    const first = await carts.load('c-2');
    expect(first.snapshotVersion).toBe(0);
    await carts.append(
      'c-2',
      { type: 'cart.item-added', data: { sku: 'tail', quantity: 1 } },
      { expectedVersion: 25 },
    );
    expected = applyCart(
      expected,
      { type: 'cart.item-added', data: { sku: 'tail', quantity: 1 } },
      { version: 26 },
    );

    const fromSnapshot = await carts.load('c-2');
    expect(fromSnapshot).toMatchObject({ version: 26, snapshotVersion: 25, eventsApplied: 1 });
    expect(fromSnapshot.state).toEqual(expected);
    expect((await carts.load('c-2', { snapshot: false })).state).toEqual(fromSnapshot.state);
  });

  it('commands snapshot every N events; a snapshot of another format is ignored', async () => {
    const carts = bus().aggregates.define(cartSpec({ snapshotEvery: 4 }));
    for (let i = 0; i < 10; i++) await carts.execute('c-3', 'cart.add-item', { sku: `k${i}`, quantity: 1 });
    const loaded = await carts.load('c-3');
    expect(loaded).toMatchObject({ version: 10, snapshotVersion: 8, eventsApplied: 2 });
    expect(loaded.state).toEqual((await carts.load('c-3', { snapshot: false })).state);

    // a new format (apply changed): the old snapshot is ignored, the full history folded
    const v2 = bus().aggregates.define(cartSpec({ snapshotEvery: 4, snapshotVersion: 2 }));
    expect(await v2.load('c-3')).toMatchObject({ version: 10, snapshotVersion: 0, eventsApplied: 10 });
    expect(await v2.load('c-3')).toMatchObject({ version: 10, snapshotVersion: 10, eventsApplied: 0 });
  });

  it('rebuild replaces the snapshot with a fold of the full history; rebuildAll visits every aggregate', async () => {
    const carts = bus().aggregates.define(cartSpec({ snapshotEvery: 2 }));
    for (const id of ['r-1', 'r-2', 'r-3'])
      for (let i = 0; i < 3; i++) await carts.execute(id, 'cart.add-item', { sku: 'a', quantity: 1 });
    // a corrupted snapshot (a bug in an old apply): rebuild fixes it
    await redis.hset(keys().aggregateSnapshot('cart', 'cart', 'r-1'), 'state', JSON.stringify(emptyCart()));
    expect((await carts.load('r-1')).state.items).toEqual({ a: 1 });
    const rebuilt = await carts.rebuild('r-1');
    expect(rebuilt.state.items).toEqual({ a: 3 });
    expect((await carts.load('r-1')).state.items).toEqual({ a: 3 });
    expect(await carts.rebuildAll()).toEqual({ aggregates: 3, events: 9 });
  });

  it('an event written as v1 applies as v3 (upcast on read)', async () => {
    const schemas = new SchemaRegistry()
      .register('cart.item-added', 1, z.object({ name: z.string() }))
      .register('cart.item-added', 2, z.object({ sku: z.string() }))
      .register('cart.item-added', 3, AddItem)
      .upcaster('cart.item-added', 1, (data) => ({ sku: (data as { name: string }).name }))
      .upcaster('cart.item-added', 2, (data) => ({ ...(data as object), quantity: 1 }));
    const seen: { version: number; dataversion: unknown }[] = [];
    const carts = bus(schemas).aggregates.define({
      ...cartSpec(),
      apply: (state: CartState, event: CartEvent, meta) => {
        seen.push({ version: meta.version, dataversion: meta.envelope.dataversion });
        return applyCart(state, event, meta);
      },
    });
    // an old writer's event, validated against v1 and stamped dataversion 1
    await carts.append(
      'c-4',
      { type: 'cart.item-added', data: { name: 'legacy' }, dataVersion: 1 } as never,
      {
        expectedVersion: 0,
      },
    );
    const raw = await redis.xrange(keys().aggregateEvents('cart', 'cart', 'c-4'), '-', '+');
    expect(raw[0]![1][1]).toContain('"dataversion":1');
    await carts.execute('c-4', 'cart.add-item', { sku: 'new', quantity: 2 });

    const loaded = await carts.load('c-4', { snapshot: false });
    expect(loaded.state.items).toEqual({ legacy: 1, new: 2 });
    expect(seen.at(-2)).toEqual({ version: 1, dataversion: 3 });
    expect(seen.at(-1)).toEqual({ version: 2, dataversion: 3 });
  });
});
