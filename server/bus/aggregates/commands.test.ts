import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CartClosedError, cartSpec } from '@/server/testing/cart-aggregate';
import { deletePrefix, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from '../bus';
import {
  AggregateDefinitionError,
  CommandValidationError,
  ConcurrencyError,
  InvalidAggregateIdError,
  UnknownCommandError,
} from './errors';

describe('aggregates: command bus', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('cmd');
    bus = createBus({ redis, service: 'carts', prefix, telemetry: false });
  });
  afterEach(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('validation errors are typed, name every bad field, and append nothing', async () => {
    const carts = bus.aggregates.define(cartSpec());
    const error = await carts
      .execute('c-1', 'cart.add-item', { sku: '', quantity: 1.5 } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandValidationError);
    expect(error).toMatchObject({
      code: 'COMMAND_INVALID',
      command: 'cart.add-item',
      fields: ['sku', 'quantity'],
    });
    expect((error as Error).message).toMatch(/^invalid cart\.add-item command: sku: .+; quantity: .+/);
    expect((await carts.load('c-1')).version).toBe(0);

    const viaDispatch = await bus.aggregates
      .dispatch({ type: 'cart.add-item', aggregateId: 'c-1', data: { sku: 'a' } })
      .catch((e: unknown) => e);
    expect(viaDispatch).toMatchObject({ fields: ['quantity'] });
  });

  it('dispatch routes by command type; unknown commands and bad ids are typed errors', async () => {
    bus.aggregates.define(cartSpec());
    const done = await bus.aggregates.dispatch({
      type: 'cart.add-item',
      aggregateId: 'c-2',
      data: { sku: 'a', quantity: 2 },
    });
    expect(done).toMatchObject({ version: 1, state: { items: { a: 2 } } });
    expect(done.events[0]!.envelope).toMatchObject({
      type: 'cart.item-added',
      subject: 'c-2',
      data: { sku: 'a', quantity: 2 },
    });
    await expect(
      bus.aggregates.dispatch({ type: 'cart.fly', aggregateId: 'c-2', data: {} }),
    ).rejects.toBeInstanceOf(UnknownCommandError);
    await expect(
      bus.aggregates.dispatch({
        type: 'cart.add-item',
        aggregateId: 'has space',
        data: { sku: 'a', quantity: 1 },
      }),
    ).rejects.toBeInstanceOf(InvalidAggregateIdError);
  });

  it('a handler that decides nothing appends nothing; a handler that throws rejects the command', async () => {
    const carts = bus.aggregates.define(cartSpec());
    expect(await carts.execute('c-3', 'cart.remove-item', { sku: 'none' })).toMatchObject({
      version: 0,
      events: [],
    });
    await carts.execute('c-3', 'cart.check-out', {});
    await expect(carts.execute('c-3', 'cart.add-item', { sku: 'a', quantity: 1 })).rejects.toBeInstanceOf(
      CartClosedError,
    );
    expect((await carts.load('c-3')).version).toBe(1);
  });

  it('one handler per command type across aggregate types; one definition per type', () => {
    bus.aggregates.define(cartSpec());
    expect(() => bus.aggregates.define(cartSpec())).toThrow(AggregateDefinitionError);
    expect(() => bus.aggregates.define({ ...cartSpec(), type: 'basket' })).toThrow(
      /command "cart.add-item" is handled by "cart" already/,
    );
    expect(() => bus.aggregates.define({ ...cartSpec(), type: 'a:b', commands: {} })).toThrow(
      AggregateDefinitionError,
    );
  });

  it('announces each type with its counters, like consumer presence; close removes it', async () => {
    const carts = bus.aggregates.define(cartSpec());
    await carts.execute('c-5', 'cart.add-item', { sku: 'a', quantity: 1 });
    await carts.execute('c-5', 'cart.add-item', { sku: '', quantity: 1 }).catch(() => null);
    await carts
      .append('c-5', { type: 'cart.checked-out', data: { items: 1 } }, { expectedVersion: 0 })
      .catch(() => null);
    await bus.aggregates.announce();
    const all = await redis.hgetall(bus.keys.aggregateTypes());
    const entries = Object.entries(all);
    expect(entries).toHaveLength(1);
    expect(entries[0]![0]).toMatch(/^cart\/carts\//);
    expect(JSON.parse(entries[0]![1])).toMatchObject({
      type: 'cart',
      topic: 'cart',
      service: 'carts',
      commandTypes: ['cart.add-item', 'cart.remove-item', 'cart.check-out'],
      appends: 1,
      events: 1,
      conflicts: 1,
      commands: 2,
      invalid: 1,
      failed: 0,
      position: expect.stringMatching(/^\d+-\d+$/),
    });
    await bus.aggregates.close();
    expect(await redis.hlen(bus.keys.aggregateTypes())).toBe(0);
  });

  it('racing commands: without retries one fails with ConcurrencyError; with retryOnConflict all land', async () => {
    const carts = bus.aggregates.define(cartSpec());
    const raced = await Promise.allSettled([
      carts.execute('c-4', 'cart.add-item', { sku: 'a', quantity: 1 }),
      carts.execute('c-4', 'cart.add-item', { sku: 'b', quantity: 1 }),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(raced.find((r) => r.status === 'rejected')).toMatchObject({
      reason: expect.any(ConcurrencyError),
    });

    const retried = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        carts.execute('c-4', 'cart.add-item', { sku: `r${i}`, quantity: 1 }, { retryOnConflict: 10 }),
      ),
    );
    expect(retried.map((r) => r.version).sort()).toEqual([2, 3, 4, 5, 6]);
    const first = raced[0]!.status === 'fulfilled' ? 'a' : 'b';
    expect(Object.keys((await carts.load('c-4')).state.items).sort()).toEqual([
      first,
      'r0',
      'r1',
      'r2',
      'r3',
      'r4',
    ]);
  });
});
