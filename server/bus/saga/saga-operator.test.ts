/**
 * What an operator does to a saga instance: a compensation that keeps failing leaves it stuck, and
 * resolve or retryStep ends it; a retried compensated instance runs again as a new round; actions the
 * instance's state does not allow are refused, naming that state.
 */
import type { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '@/server/testing/redis';
import { orderSaga } from '@/server/testing/saga-fixtures';
import { useSagaHarness } from '@/server/testing/saga-harness';
import { UnrecoverableError } from '../errors';
import { defineSaga } from './definition';
import { SagaStateError } from './errors';

describe('sagas: operator actions', () => {
  const harness = useSagaHarness('saga-operator');
  const { newBus, lifecycle, status } = harness;
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    ({ redis, prefix } = harness);
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
});
