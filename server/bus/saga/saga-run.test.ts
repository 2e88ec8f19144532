/**
 * A saga run from start to end in one process: every step succeeding, a step failing for good (the
 * completed steps compensated in reverse, each effect once, the lifecycle events in order), and a
 * step timing out (its late reply recorded, changing nothing).
 */
import type { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { SagaDefinitionDoc } from '@/server/contracts/saga-events';
import { eventually } from '@/server/testing/redis';
import { effectsKey, orderSaga, runsKey } from '@/server/testing/saga-fixtures';
import { useSagaHarness } from '@/server/testing/saga-harness';
import { defineSaga } from './definition';

describe('sagas: a run', () => {
  const harness = useSagaHarness('saga-run');
  const { newBus, lifecycle, status } = harness;
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    ({ redis, prefix } = harness);
  });

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
});
