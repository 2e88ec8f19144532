import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBus, createKeys, type Bus, type Keys } from '@/server/bus';
import type { Envelope } from '@/server/contracts/envelope';
import { SagaDefinitionDoc, SagaLifecycleData } from '@/server/contracts/saga-events';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { startDemo, type Demo, type DemoOptions } from './demo';
import { TOPICS } from './names';
import { ON_CALL_ACTOR } from './on-call';
import { seededRandom } from './random';

type Lifecycle = SagaLifecycleData & { type: string };

/**
 * The demo with every containment failing, on real Redis: the investigation sagas compensate, or get
 * stuck for an operator. Assertions read the instances (`bus.sagas.get`) and their lifecycle events.
 */
describe('investigation saga in the demo', () => {
  let redis: Redis;
  let prefix: string;
  let keys: Keys;
  let demo: Demo | null = null;
  let operator: Bus | null = null;

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('demo-saga');
    keys = createKeys(prefix);
  });
  afterEach(async () => {
    await demo?.stop();
    await operator?.close({ timeoutMs: 1_000 });
    demo = null;
    operator = null;
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  const start = async (options: Partial<DemoOptions>): Promise<Bus> => {
    demo = startDemo({
      redis,
      prefix,
      ratePerSec: 40,
      failureRate: 0,
      containmentFailureRate: 1,
      random: seededRandom(7),
      ...options,
    });
    await demo.ready;
    operator = createBus({ redis, prefix, service: 'operator-test', telemetry: false });
    return operator;
  };

  /** Lifecycle events by saga id, in stream order. */
  const instances = async (): Promise<Map<string, Lifecycle[]>> => {
    const out = new Map<string, Lifecycle[]>();
    for (const [, flat] of await redis.xrange(keys.stream(TOPICS.sagas), '-', '+')) {
      const event = JSON.parse(flat[1]!) as Envelope;
      const data = { ...SagaLifecycleData.parse(event.data), type: event.type };
      out.set(data.sagaId, [...(out.get(data.sagaId) ?? []), data]);
    }
    return out;
  };
  const steps = (events: Lifecycle[], type: string): string[] =>
    events.filter((e) => e.type === type).map((e) => e.step?.name ?? '');

  it('compensates the completed steps in reverse order when containment does not hold', async () => {
    const bus = await start({ stuckCompensationRate: 0 });
    const [sagaId, events] = await eventually(async () => {
      for (const entry of await instances()) if (entry[1].at(-1)?.type === 'saga.compensated') return entry;
      return null;
    }, 20_000);

    expect(await bus.sagas.get(sagaId)).toMatchObject({
      status: 'compensated',
      definition: { name: 'investigation', version: 1 },
      failedStep: { name: 'verify-containment', error: { name: 'CommandFailed' } },
    });
    expect(steps(events, 'saga.step.completed')).toEqual([
      'open-case',
      'collect-evidence',
      'apply-containment',
    ]);
    expect(steps(events, 'saga.compensation.completed')).toEqual([
      'apply-containment',
      'collect-evidence',
      'open-case',
    ]);

    // each undo was done by its service, which says so on the case's topic, in the saga's order
    const caseId = (await bus.sagas.get(sagaId))?.input as { case: { investigationId: string } };
    const undone = await eventually(async () => {
      const types = (await redis.xrange(keys.stream(TOPICS.investigations), '-', '+'))
        .map(([, flat]) => JSON.parse(flat[1]!) as Envelope)
        .filter((e) => e.subject === caseId.case.investigationId)
        .map((e) => e.type);
      return types.at(-1) === 'investigation.cancelled' ? types : null;
    });
    expect(undone.slice(-4)).toEqual([
      'containment.failed',
      'containment.reverted',
      'evidence.released',
      'investigation.cancelled',
    ]);

    const definitions = await redis.hgetall(keys.sagaDefinitions());
    expect(SagaDefinitionDoc.parse(JSON.parse(definitions['investigation@1']!))).toMatchObject({
      kind: 'orchestrated',
      topic: TOPICS.sagas,
      steps: [
        { name: 'open-case', action: 'local', compensation: { name: 'cancel-case' } },
        { name: 'collect-evidence', action: 'command', compensation: { name: 'release-evidence' } },
        { name: 'apply-containment', action: 'command', compensation: { name: 'revert-containment' } },
        { name: 'verify-containment', action: 'command' },
        { name: 'close-case', action: 'local' },
      ],
    });
    expect(SagaDefinitionDoc.parse(JSON.parse(definitions['ticket@1']!))).toMatchObject({
      kind: 'choreographed',
      steps: [
        { name: 'create', action: 'event', eventTypes: ['ticket.created'] },
        { name: 'triage', eventTypes: ['ticket.triaged'] },
        { name: 'assign', eventTypes: ['ticket.assigned'] },
        { name: 'resolve', eventTypes: ['ticket.resolved'] },
        { name: 'close', eventTypes: ['ticket.closed'] },
      ],
    });
  });

  it('gets stuck when an undo keeps failing, and operator retries see it through', async () => {
    const bus = await start({ stuckCompensationRate: 1 });
    const sagaId = await eventually(async () => {
      for (const [id, events] of await instances()) if (events.at(-1)?.type === 'saga.stuck') return id;
      return null;
    }, 20_000);
    const stuck = await bus.sagas.get(sagaId);
    expect(stuck).toMatchObject({ status: 'stuck', phase: 'end', step: { name: 'apply-containment' } });
    const before = (await instances()).get(sagaId)!;
    expect(before.filter((e) => e.type === 'saga.compensation.failed').map((e) => e.attempt)).toEqual([
      1, 2, 3,
    ]);
    expect(before.at(-1)?.error?.message).toMatch(/^handler of "containment.reverts" failed: cannot revert/);

    // every undo is stuck for a round or two: each retry gives it another round, until it is done
    let retries = 0;
    for (; retries < 8; retries++) {
      const instance = await eventually(async () => {
        const now = await bus.sagas.get(sagaId);
        return now?.status === 'stuck' || now?.status === 'compensated' ? now : null;
      }, 15_000);
      if (instance.status === 'compensated') break;
      await bus.sagas.retryStep(sagaId, { actor: 'ops@example.com', reason: 'service is back' });
    }
    expect(retries).toBeGreaterThan(0);
    expect(retries).toBeLessThan(8);
    const events = await eventually(async () => {
      const all = (await instances()).get(sagaId)!;
      return all.at(-1)?.type === 'saga.compensated' ? all : null;
    });
    expect(steps(events, 'saga.compensation.completed')).toEqual([
      'apply-containment',
      'collect-evidence',
      'open-case',
    ]);
    expect(events.filter((e) => e.actor === 'ops@example.com')).toHaveLength(retries);
  });

  it('has its on-call analyst resolve what stayed stuck too long', async () => {
    const bus = await start({ stuckCompensationRate: 1, stuckResolvedAfterMs: 300 });
    // both undos through a service are stuck: each is resolved by hand, then the case is cancelled
    const [sagaId, events] = await eventually(async () => {
      for (const entry of await instances()) if (entry[1].at(-1)?.type === 'saga.compensated') return entry;
      return null;
    }, 20_000);
    expect(events.filter((e) => e.type === 'saga.resolved').map((e) => [e.step?.name, e.actor])).toEqual([
      ['apply-containment', ON_CALL_ACTOR],
      ['collect-evidence', ON_CALL_ACTOR],
    ]);
    expect(steps(events, 'saga.compensation.completed')).toEqual(['open-case']);
    expect((await bus.sagas.get(sagaId))?.status).toBe('compensated');
  });
});
