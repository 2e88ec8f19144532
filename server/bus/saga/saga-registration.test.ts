/**
 * Which buses orchestrate: two orchestrators sharing 200 instances never run a step twice (a bus that
 * only starts instances runs none), a bus closed while it registers leaves nothing running, a bus
 * registering before its connection is up still orchestrates, and a declared choreography is announced.
 */
import type { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { SagaDefinitionDoc } from '@/server/contracts/saga-events';
import { eventually, TEST_REDIS_URL } from '@/server/testing/redis';
import { runsKey } from '@/server/testing/saga-fixtures';
import { useSagaHarness } from '@/server/testing/saga-harness';
import { createBus } from '../bus';
import { createRedis } from '../connection';
import { declareChoreography, defineSaga } from './definition';

describe('sagas: registration and concurrency', () => {
  const harness = useSagaHarness('saga-registration');
  const { buses, newBus, status } = harness;
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    ({ redis, prefix } = harness);
  });

  it('two orchestrators over 200 instances never run a step twice', async () => {
    const starter = newBus('starter');
    const a = newBus('orchestrator-a');
    const b = newBus('orchestrator-b');
    const ranBy = new Map<string, number>();
    const define = (who: string) =>
      defineSaga({
        name: 'pair',
        version: 1,
        steps: ['one', 'two', 'three', 'four'].map((name) => ({
          name,
          action: async (ctx: { sagaId: string }) => {
            ranBy.set(who, (ranBy.get(who) ?? 0) + 1);
            await redis.hincrby(runsKey(prefix), `${ctx.sagaId}/${name}`, 1);
            return name;
          },
        })),
      });
    await a.sagas.register(define('a'));
    await b.sagas.register(define('b'));
    const ids = await Promise.all(
      Array.from({ length: 200 }, () => starter.sagas.start(define('starter'), {})),
    );
    await eventually(
      async () => {
        const done = await Promise.all(ids.map((id) => status(starter, id)));
        return done.every((s) => s === 'completed');
      },
      25_000,
      100,
    );
    const runs = await redis.hgetall(runsKey(prefix));
    expect(Object.keys(runs)).toHaveLength(800);
    expect(Object.values(runs).every((n) => n === '1')).toBe(true);
    expect(ranBy.get('starter')).toBeUndefined();
    expect((ranBy.get('a') ?? 0) + (ranBy.get('b') ?? 0)).toBe(800);
  });

  it('a bus closed while it registers a definition leaves nothing running', async () => {
    const bus = createBus({ redis, service: 'closing', prefix, telemetry: false, sagas: { pollMs: 20 } });
    const saga = defineSaga({
      name: 'late',
      version: 1,
      steps: [
        {
          name: 'ask',
          action: {
            topic: 'asks',
            type: 'ask.requested',
            data: () => ({}),
            reply: { topic: 'answers', types: ['ask.answered'] },
          },
        },
      ],
    });
    const registering = bus.sagas.register(saga);
    await bus.close({ timeoutMs: 500 });
    await registering;
    // a reply consumer started after close() would create its group and run for ever
    await new Promise((resolve) => setTimeout(resolve, 200));
    const groups = (await redis.xinfo('GROUPS', bus.keys.stream('answers')).catch(() => [])) as unknown[];
    expect(groups).toEqual([]);
    expect(await redis.hexists(bus.keys.sagaDefinitions(), 'late@1')).toBe(1);
  });

  it('registers as a service starts, before its connection is up, and then orchestrates', async () => {
    // without an offline queue a command on a connection still connecting fails at once
    const early = createRedis(TEST_REDIS_URL, { name: 'eventlens:test:early' });
    const bus = createBus({
      redis: early,
      service: 'early',
      prefix,
      telemetry: false,
      sagas: { pollMs: 20 },
    });
    buses.push(bus);
    const saga = defineSaga<{ n: number }, { a: number }>({
      name: 'early-bird',
      version: 1,
      steps: [{ name: 'a', action: (c) => c.input.n + 1 }],
    });
    try {
      await bus.sagas.register(saga);
      expect(await redis.hexists(bus.keys.sagaDefinitions(), 'early-bird@1')).toBe(1);
      const sagaId = await bus.sagas.start(saga, { n: 1 });
      await eventually(async () => (await status(bus, sagaId)) === 'completed');
    } finally {
      await bus.close({ timeoutMs: 1_000 });
      early.disconnect();
    }
  });

  it('announces a declared choreography', async () => {
    const bus = newBus();
    await bus.sagas.declare(
      declareChoreography({
        name: 'tickets',
        version: 2,
        steps: [
          { name: 'open', eventTypes: ['ticket.opened'] },
          {
            name: 'assign',
            eventTypes: ['ticket.assigned'],
            failureTypes: ['ticket.unassignable'],
            compensation: { name: 'unassign', eventTypes: ['ticket.unassigned'] },
          },
        ],
      }),
    );
    const doc = SagaDefinitionDoc.parse(
      JSON.parse((await redis.hget(bus.keys.sagaDefinitions(), 'tickets@2'))!),
    );
    expect(doc).toMatchObject({
      kind: 'choreographed',
      steps: [
        { name: 'open', action: 'event', eventTypes: ['ticket.opened'] },
        { name: 'assign', failureTypes: ['ticket.unassignable'], compensation: { name: 'unassign' } },
      ],
    });
  });
});
