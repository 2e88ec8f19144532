/**
 * Time travel through the owner (real Redis): a process that defines a type answers another bus's
 * history request with the states per version, equal to folding the events from `initial`; a page stays
 * bounded around the asked version (and ignores a snapshot after it); nobody defining the type is a
 * timeout, an asked version out of range the owner's error.
 */
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyCart,
  cartSpec,
  emptyCart,
  type CartEvent,
  type CartState,
} from '@/server/testing/cart-aggregate';
import { deletePrefix, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from '../bus';
import { RemoteHandlerError } from '../request-reply';
import { RequestTimeoutError } from '../errors';
import { historyWindow } from './history';
import { requestHistory } from './inspect';
import { localAggregate } from './local';

const added = (sku: string): CartEvent => ({ type: 'cart.item-added', data: { sku, quantity: 1 } });

/** The states an independent fold gives: index v is the state after version v (0: initial). */
function foldStates(events: readonly CartEvent[]): CartState[] {
  const states = [emptyCart()];
  events.forEach((event, i) => states.push(applyCart(states[i]!, event, { version: i + 1 })));
  return states;
}

describe('aggregates: inspection by the owner', () => {
  let redis: Redis;
  let prefix: string;
  const buses: Bus[] = [];
  const bus = (service: string): Bus => {
    const created = createBus({ redis, service, prefix, telemetry: false });
    buses.push(created);
    return created;
  };

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('agg-inspect');
  });
  afterEach(async () => {
    for (const b of buses.splice(0)) await b.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  async function seed(owner: Bus, count: number, snapshotEvery: number): Promise<CartEvent[]> {
    const carts = owner.aggregates.define(cartSpec({ snapshotEvery }));
    const events = Array.from({ length: count }, (_, i) => added(`sku-${i % 7}`));
    // one command at a time, so the snapshots are written along the way as in production
    for (const event of events) await carts.execute('c-1', 'cart.add-item', event.data as never);
    return events;
  }

  it('another bus asks: the owner answers each version with the state folding gives', async () => {
    const owner = bus('carts');
    const events = await seed(owner, 12, 5);
    const asker = bus('console');
    const history = await requestHistory(asker, 'cart', 'c-1', 7, 3_000);
    const states = foldStates(events);
    expect(history).toMatchObject({ type: 'cart', aggregateId: 'c-1', version: 12, at: 7, from: 1, to: 12 });
    expect(history!.stateBefore).toEqual(states[0]);
    expect(history!.events.map((e) => e.version)).toEqual(states.slice(1).map((_, i) => i + 1));
    for (const step of history!.events) {
      expect(step.stateAfter).toEqual(states[step.version]);
      expect(step.event).toMatchObject({ subject: 'c-1', aggregateversion: step.version });
    }
    // this process defines the type too: the console would use it directly
    expect(localAggregate(prefix, 'cart')).toBeDefined();
    await expect(localAggregate(prefix, 'cart')!.history('c-1', 7)).resolves.toEqual(history);
  });

  it('a page is bounded around the asked version and never starts from a later snapshot', async () => {
    const owner = bus('carts');
    const events = await seed(owner, 260, 50);
    const asker = bus('console');
    const states = foldStates(events);
    const late = await requestHistory(asker, 'cart', 'c-1', 240, 3_000);
    expect(late).toMatchObject({ version: 260, at: 240, from: 61, to: 260 });
    expect(late!.events).toHaveLength(200);
    expect(late!.stateBefore).toEqual(states[60]);
    expect(late!.events.at(-1)!.stateAfter).toEqual(states[260]);
    // the snapshot at 250 is after the page's start (1): folded from `initial`
    const early = await requestHistory(asker, 'cart', 'c-1', 3, 3_000);
    expect(early).toMatchObject({ from: 1, to: 200 });
    expect(early!.events[2]!.stateAfter).toEqual(states[3]);
    expect(early!.events.at(-1)!.stateAfter).toEqual(states[200]);
  });

  it('the window keeps the asked version and at most a page', () => {
    expect(historyWindow(10, 1_000)).toEqual({ from: 1, to: 200 });
    expect(historyWindow(900, 1_000)).toEqual({ from: 751, to: 950 });
    expect(historyWindow(1_000, 1_000)).toEqual({ from: 801, to: 1_000 });
    expect(historyWindow(3, 3)).toEqual({ from: 1, to: 3 });
    expect(() => historyWindow(4, 3)).toThrow(/out of range/);
  });

  it('nobody defines the type: the request times out; an unknown aggregate is null', async () => {
    const owner = bus('carts');
    await seed(owner, 2, 0);
    const asker = bus('console');
    await expect(requestHistory(asker, 'nobody', 'x', undefined, 300)).rejects.toBeInstanceOf(
      RequestTimeoutError,
    );
    await expect(requestHistory(asker, 'cart', 'c-404', undefined, 3_000)).resolves.toBeNull();
    const outOfRange = requestHistory(asker, 'cart', 'c-1', 9, 3_000);
    await expect(outOfRange).rejects.toBeInstanceOf(RemoteHandlerError);
    await expect(outOfRange).rejects.toThrow(/out of range/);
  });
});
