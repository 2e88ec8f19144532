import type { ChildProcess } from 'node:child_process';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAGA_TOPIC } from '@/server/contracts/saga-events';
import { startChild, waitForExit } from '@/server/testing/child';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { effectsKey, orderSaga, runsKey, signalKey } from '@/server/testing/saga-fixtures';
import { createBus, type Bus } from '../bus';

const CHILD = 'server/testing/saga-process.ts';

describe('saga crash recovery (orchestrators in their own processes)', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('saga-crash');
    // starts instances only: it registers nothing, so the children orchestrate them
    bus = createBus({ redis, service: 'saga-starter', prefix, telemetry: false });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await waitForExit(child);
      }
    }
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('kill -9 mid-compensation: a second process finishes it, no completed effect repeated', async () => {
    const victim = await startChild(CHILD, { PREFIX: prefix, BLOCK_UNDO_RESERVE: '1', LEASE_MS: '1000' });
    children.push(victim);
    const sagaId = await bus.sagas.start(orderSaga(redis, prefix), { orderId: 'o-crash' });

    // the victim compensated `charge`, then hangs in the compensation of `reserve` after its effect
    await eventually(async () => (await redis.lrange(signalKey(prefix), 0, -1)).length > 0, 15_000);
    victim.kill('SIGKILL');
    await waitForExit(victim);
    expect((await bus.sagas.get(sagaId))?.status).toBe('compensating');

    const survivor = await startChild(CHILD, { PREFIX: prefix, LEASE_MS: '1000' });
    children.push(survivor);
    await eventually(async () => (await bus.sagas.get(sagaId))?.status === 'compensated', 15_000);

    const runs = await redis.hgetall(runsKey(prefix));
    // completed before the kill: never again
    expect(runs[`${sagaId}/reserve`]).toBe('1');
    expect(runs[`${sagaId}/charge`]).toBe('1');
    expect(runs[`${sagaId}/ship`]).toBe('1');
    expect(runs[`${sagaId}/undo-charge`]).toBe('1');
    // in flight at the kill: ran again, its effect once (deduped on ctx.idempotencyKey)
    expect(runs[`${sagaId}/undo-reserve`]).toBe('2');
    const effects = await redis.hgetall(effectsKey(prefix));
    expect(effects[`${sagaId}/undo-reserve`]).toBe('1');
    expect(effects[`${sagaId}/undo-charge`]).toBe('1');

    // every lifecycle event reached the stream, each id once per seq (duplicates only share an id)
    const events = await eventually(async () => {
      const all = (await redis.xrange(bus.keys.stream(SAGA_TOPIC), '-', '+'))
        .map(
          ([, flat]) =>
            JSON.parse(flat[1]!) as { id: string; type: string; subject: string; data: { seq: number } },
        )
        .filter((event) => event.subject === sagaId);
      return all.some((e) => e.type === 'saga.compensated') ? all : null;
    });
    const bySeq = new Map(events.map((e) => [e.data.seq, e]));
    expect([...bySeq.keys()].sort((x, y) => x - y)).toEqual([...Array(bySeq.size).keys()]);
    expect(new Set(events.map((e) => e.id)).size).toBe(bySeq.size);
    const types = [...bySeq.values()].sort((x, y) => x.data.seq - y.data.seq).map((e) => e.type);
    expect(types.slice(-5)).toEqual([
      'saga.compensation.started',
      'saga.compensation.completed',
      'saga.compensation.started',
      'saga.compensation.completed',
      'saga.compensated',
    ]);
  });
});
