import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAGA_TOPIC, SagaDefinitionDoc, SagaLifecycleData } from '@/server/contracts/saga-events';
import { effectsKey, orderSaga, runsKey } from '@/server/testing/saga-fixtures';
import { deletePrefix, eventually, TEST_REDIS_URL, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from '../bus';
import { createRedis } from '../connection';
import { UnrecoverableError } from '../errors';
import { declareChoreography, defineSaga } from './definition';
import { SagaStateError } from './errors';

describe('sagas', () => {
  let redis: Redis;
  let prefix: string;
  const buses: Bus[] = [];

  const newBus = (service = 'saga-test', leaseMs = 2_000): Bus => {
    const bus = createBus({ redis, service, prefix, telemetry: false, sagas: { pollMs: 20, leaseMs } });
    buses.push(bus);
    return bus;
  };

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('saga');
  });
  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  /** The instance's lifecycle events as published on the saga topic, in stream order. */
  const lifecycle = async (
    bus: Bus,
    sagaId: string,
  ): Promise<(SagaLifecycleData & { type: string; id: string })[]> =>
    (await redis.xrange(bus.keys.stream(SAGA_TOPIC), '-', '+'))
      .map(
        ([, flat]) => JSON.parse(flat[1]!) as { id: string; type: string; subject?: string; data: unknown },
      )
      .filter((event) => event.subject === sagaId)
      .map((event) => ({ ...SagaLifecycleData.parse(event.data), type: event.type, id: event.id }));

  const status = async (bus: Bus, sagaId: string): Promise<string | undefined> =>
    (await bus.sagas.get(sagaId))?.status;

  it('a step that fails for good compensates the completed steps in reverse, each effect once', async () => {
    const bus = newBus();
    const saga = orderSaga(redis, prefix, { failShip: true });
    await bus.sagas.register(saga);
    const sagaId = await bus.sagas.start(saga, { orderId: 'o-1' }, { correlationId: 'trace-1' });

    await eventually(async () => (await status(bus, sagaId)) === 'compensated');
    const events = await eventually(async () => {
      const all = await lifecycle(bus, sagaId);
      return all.length === 12 ? all : null;
    });
    expect(events.map((e) => [e.type, e.step?.name ?? null])).toEqual([
      ['saga.started', null],
      ['saga.step.started', 'reserve'],
      ['saga.step.completed', 'reserve'],
      ['saga.step.started', 'charge'],
      ['saga.step.completed', 'charge'],
      ['saga.step.started', 'ship'],
      ['saga.step.failed', 'ship'],
      ['saga.compensation.started', 'charge'],
      ['saga.compensation.completed', 'charge'],
      ['saga.compensation.started', 'reserve'],
      ['saga.compensation.completed', 'reserve'],
      ['saga.compensated', null],
    ]);
    expect(events.map((e) => e.seq)).toEqual([...Array(12).keys()]);
    expect(events.map((e) => e.id)).toEqual(events.map((e) => `${sagaId}:${e.seq}`));
    expect(events.at(-1)?.status).toBe('compensated');
    expect(events[6]).toMatchObject({ status: 'compensating', error: { name: 'UnrecoverableError' } });
    expect(events[2]?.payload).toEqual({ reservation: 'r-o-1' });

    const effects = await redis.hgetall(effectsKey(prefix));
    expect(effects).toEqual({
      [`${sagaId}/reserve`]: '1',
      [`${sagaId}/charge`]: '1',
      [`${sagaId}/ship`]: '1',
      [`${sagaId}/undo-charge`]: '1',
      [`${sagaId}/undo-reserve`]: '1',
    });
    const instance = await bus.sagas.get(sagaId);
    expect(instance).toMatchObject({
      status: 'compensated',
      correlationId: 'trace-1',
      failedStep: { index: 2, name: 'ship', error: { message: 'no courier for this address' } },
      outputs: { reserve: { reservation: 'r-o-1' }, charge: { payment: 'p-r-o-1' } },
    });
    const announced = await redis.hget(bus.keys.sagaDefinitions(), 'order@1');
    expect(SagaDefinitionDoc.parse(JSON.parse(announced!))).toMatchObject({
      kind: 'orchestrated',
      steps: [
        { name: 'reserve', action: 'local', compensation: { name: 'undo-reserve' } },
        { name: 'charge' },
        { name: 'ship' },
        { name: 'notify' },
      ],
    });
    expect(await redis.zcard(bus.keys.sagaTimers('order', 1))).toBe(0);
  });

  it('completes a saga whose steps all succeed, with each step once', async () => {
    const bus = newBus();
    const saga = orderSaga(redis, prefix);
    await bus.sagas.register(saga);
    const sagaId = await bus.sagas.start(saga, { orderId: 'o-2' });
    await eventually(async () => (await status(bus, sagaId)) === 'completed');
    expect(Object.values(await redis.hgetall(runsKey(prefix)))).toEqual(['1', '1', '1', '1']);
    const events = await eventually(async () => {
      const all = await lifecycle(bus, sagaId);
      return all.length === 10 ? all : null;
    });
    expect(events.at(-1)).toMatchObject({ type: 'saga.completed', status: 'completed', seq: 9 });
  });

  it('a compensation that keeps failing leaves the instance stuck; resolve ends it', async () => {
    const bus = newBus();
    let undoRuns = 0;
    const saga = defineSaga<{ n: number }, { a: number; b: number }>({
      name: 'stubborn',
      version: 1,
      steps: [
        {
          name: 'a',
          action: () => 1,
          compensate: () => {
            undoRuns += 1;
            throw new Error('refund service down');
          },
          compensationRetry: { maxAttempts: 2, baseMs: 5, maxMs: 10 },
        },
        {
          name: 'b',
          action: () => {
            throw new UnrecoverableError('card declined');
          },
        },
      ],
    });
    await bus.sagas.register(saga);
    const sagaId = await bus.sagas.start(saga, { n: 1 });
    // stuck, and its events out (an operator acts on what the console shows)
    await eventually(async () => (await lifecycle(bus, sagaId)).at(-1)?.type === 'saga.stuck');
    expect(await status(bus, sagaId)).toBe('stuck');
    expect(undoRuns).toBe(2);
    await expect(bus.sagas.compensate(sagaId, { actor: 'ops' })).rejects.toThrow(SagaStateError);

    const resolved = await bus.sagas.resolve(sagaId, {
      actor: 'ops@example.com',
      reason: 'refunded by hand',
    });
    expect(resolved.status).toBe('compensated');
    const events = await eventually(async () => {
      const all = await lifecycle(bus, sagaId);
      return all.at(-1)?.type === 'saga.compensated' ? all : null;
    });
    expect(events.slice(-7).map((e) => [e.type, e.attempt ?? null, e.retryInMs !== undefined])).toEqual([
      ['saga.compensation.started', 1, false],
      ['saga.compensation.failed', 1, true],
      ['saga.compensation.started', 2, false],
      ['saga.compensation.failed', 2, false],
      ['saga.stuck', 2, false],
      ['saga.resolved', 2, false],
      ['saga.compensated', null, false],
    ]);
    expect(events.at(-2)).toMatchObject({ actor: 'ops@example.com', reason: 'refunded by hand' });
    expect(events.map((e) => e.seq)).toEqual([...Array(events.length).keys()]);
    const refusal = await bus.sagas
      .resolve(sagaId, { actor: 'ops', reason: 'again' })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(SagaStateError);
    expect((refusal as SagaStateError).status).toBe('compensated');
  });

  it('a stuck compensation retried by an operator runs again and the instance ends compensated', async () => {
    const bus = newBus();
    let failing = true;
    const saga = defineSaga({
      name: 'flaky-undo',
      version: 1,
      steps: [
        {
          name: 'a',
          action: () => 1,
          compensate: () => {
            if (failing) throw new Error('down');
          },
          compensationRetry: { maxAttempts: 1 },
        },
        {
          name: 'b',
          action: () => {
            throw new UnrecoverableError('no');
          },
        },
      ],
    });
    await bus.sagas.register(saga);
    const sagaId = await bus.sagas.start(saga, {});
    await eventually(async () => (await status(bus, sagaId)) === 'stuck');
    failing = false;
    const retried = await bus.sagas.retryStep(sagaId, { actor: 'ops', reason: 'service is back' });
    expect(retried.status).toBe('compensating');
    await eventually(async () => (await status(bus, sagaId)) === 'compensated');
  });

  it('a retried compensated instance runs again as round 1, and its events say so', async () => {
    const bus = newBus();
    let shipFails = true;
    const saga = defineSaga({
      name: 'rounds',
      version: 1,
      steps: [
        { name: 'reserve', action: () => 'r', compensate: () => undefined },
        {
          name: 'ship',
          action: () => {
            if (shipFails) throw new UnrecoverableError('no courier');
            return 's';
          },
        },
      ],
    });
    await bus.sagas.register(saga);
    const sagaId = await bus.sagas.start(saga, {});
    await eventually(async () => (await status(bus, sagaId)) === 'compensated');
    shipFails = false;
    await bus.sagas.retryStep(sagaId, { actor: 'ops' });
    await eventually(async () => (await status(bus, sagaId)) === 'completed');

    const events = await eventually(async () => {
      const all = await lifecycle(bus, sagaId);
      return all.at(-1)?.type === 'saga.completed' ? all : null;
    });
    const retry = events.findIndex((e) => e.actor === 'ops');
    expect(retry).toBeGreaterThan(0);
    expect(events.slice(0, retry).every((e) => e.round === 0)).toBe(true);
    expect(
      events.slice(retry).map((e) => [e.type, e.round, e.step?.name ?? null, e.attempt ?? null]),
    ).toEqual([
      ['saga.step.started', 1, 'reserve', 1],
      ['saga.step.completed', 1, 'reserve', 1],
      ['saga.step.started', 1, 'ship', 1],
      ['saga.step.completed', 1, 'ship', 1],
      ['saga.completed', 1, null, null],
    ]);
    expect((await bus.sagas.get(sagaId))?.round).toBe(1);
  });

  it('a reply after the step timed out is recorded as late and changes nothing', async () => {
    const bus = newBus();
    const saga = defineSaga<{ q: string }, { ask: unknown; after: number }>({
      name: 'asker',
      version: 1,
      steps: [
        {
          name: 'ask',
          action: {
            topic: 'asks',
            type: 'ask.requested',
            data: (ctx) => ({ q: ctx.input.q, key: ctx.idempotencyKey }),
            reply: { topic: 'answers', types: ['ask.answered'] },
          },
          timeoutMs: 150,
          retry: { maxAttempts: 1 },
        },
        { name: 'after', action: () => 2 },
      ],
    });
    await bus.sagas.register(saga);
    // a responder answers questions it is allowed to
    const responder = bus.subscribe<{ q: string }>(
      'responder',
      'asks',
      async (event) => {
        if (event.data.q === 'quick') {
          await bus.publish('answers', { type: 'ask.answered', data: { answer: 42 } });
        }
      },
      { from: 'start', blockMs: 50 },
    );
    await responder.ready;

    const answered = await bus.sagas.start(saga, { q: 'quick' });
    await eventually(async () => (await status(bus, answered)) === 'completed');
    expect((await bus.sagas.get(answered))?.outputs).toEqual({ ask: { answer: 42 }, after: 2 });

    const slow = await bus.sagas.start(saga, { q: 'slow' });
    await eventually(async () => (await lifecycle(bus, slow)).at(-1)?.type === 'saga.compensated');
    const before = await bus.sagas.get(slow);
    const commandId = `${slow}/0/0/1`;
    await bus.publish('answers', { type: 'ask.answered', data: { answer: 'late' }, causationId: commandId });

    const events = await eventually(async () => {
      const all = await lifecycle(bus, slow);
      return all.at(-1)?.type === 'saga.step.late-reply' ? all : null;
    });
    expect(events.map((e) => e.type)).toEqual([
      'saga.started',
      'saga.step.started',
      'saga.step.timed-out',
      'saga.compensated',
      'saga.step.late-reply',
    ]);
    expect(events.at(-1)).toMatchObject({
      status: 'compensated',
      commandEventId: commandId,
      step: { name: 'ask' },
      round: 0,
    });
    const after = await bus.sagas.get(slow);
    expect(after).toMatchObject({
      status: before!.status,
      phase: before!.phase,
      step: before!.step,
      outputs: {},
      events: before!.events + 1,
    });
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

  it('operator actions refuse what the state does not allow, naming the state', async () => {
    const bus = newBus();
    const saga = orderSaga(redis, prefix);
    await bus.sagas.register(saga);
    const sagaId = await bus.sagas.start(saga, { orderId: 'o-3' });
    await eventually(async () => (await status(bus, sagaId)) === 'completed');
    for (const call of [
      () => bus.sagas.retryStep(sagaId, { actor: 'ops' }),
      () => bus.sagas.compensate(sagaId, { actor: 'ops' }),
      () => bus.sagas.abort(sagaId, { actor: 'ops' }),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SagaStateError);
      expect((error as SagaStateError).message).toContain('completed');
    }
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
