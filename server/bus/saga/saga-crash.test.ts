import { describe, expect, it } from 'vitest';
import { SAGA_TOPIC } from '@/server/contracts/saga-events';
import { useCrashHarness } from '@/server/testing/crash-harness';
import { waitForExit } from '@/server/testing/child';
import { eventually } from '@/server/testing/redis';
import { effectsKey, orderSaga, runsKey, signalKey } from '@/server/testing/saga-fixtures';

const CHILD = 'server/testing/saga-process.ts';

describe('saga crash recovery (orchestrators in their own processes)', () => {
  // starts instances only: it registers nothing, so the children orchestrate them
  const h = useCrashHarness('saga-crash', 'saga-starter');

  it('kill -9 mid-compensation: a second process finishes it, no completed effect repeated', async () => {
    const victim = await h.start(CHILD, { PREFIX: h.prefix, BLOCK_UNDO_RESERVE: '1', LEASE_MS: '1000' });
    const sagaId = await h.bus.sagas.start(orderSaga(h.redis, h.prefix), { orderId: 'o-crash' });

    // the victim compensated `charge`, then hangs in the compensation of `reserve` after its effect
    await eventually(async () => (await h.redis.lrange(signalKey(h.prefix), 0, -1)).length > 0, 15_000);
    victim.kill('SIGKILL');
    await waitForExit(victim);
    expect((await h.bus.sagas.get(sagaId))?.status).toBe('compensating');

    await h.start(CHILD, { PREFIX: h.prefix, LEASE_MS: '1000' });
    await eventually(async () => (await h.bus.sagas.get(sagaId))?.status === 'compensated', 15_000);

    const runs = await h.redis.hgetall(runsKey(h.prefix));
    // completed before the kill: never again
    expect(runs[`${sagaId}/reserve`]).toBe('1');
    expect(runs[`${sagaId}/charge`]).toBe('1');
    expect(runs[`${sagaId}/ship`]).toBe('1');
    expect(runs[`${sagaId}/undo-charge`]).toBe('1');
    // in flight at the kill: ran again, its effect once (deduped on ctx.idempotencyKey)
    expect(runs[`${sagaId}/undo-reserve`]).toBe('2');
    const effects = await h.redis.hgetall(effectsKey(h.prefix));
    expect(effects[`${sagaId}/undo-reserve`]).toBe('1');
    expect(effects[`${sagaId}/undo-charge`]).toBe('1');

    // every lifecycle event reached the stream, each id once per seq (duplicates only share an id)
    const events = await eventually(async () => {
      const all = (await h.redis.xrange(h.bus.keys.stream(SAGA_TOPIC), '-', '+'))
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
