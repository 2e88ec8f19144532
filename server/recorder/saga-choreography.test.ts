/**
 * A declared choreography's timeline built from its events: the recorder reads the definitions hash,
 * and the ticket flow's events (published by hand, no orchestrator) become one instance per
 * correlation id with its steps and compensations. Real Redis and Postgres, a real recorder.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { createTestStore } from '@/db/testing/test-database';
import { createBus, type Bus } from '@/server/bus';
import type { SagaDefinitionDoc } from '@/server/contracts/saga-events';
import { count, sql, startTestRecorder } from '@/server/testing/recorder';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import type { Recorder } from './index';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');

const tickets: SagaDefinitionDoc = {
  name: 'tickets',
  version: 1,
  kind: 'choreographed',
  steps: [
    {
      name: 'open',
      action: 'event',
      eventTypes: ['ticket.opened'],
      compensation: { name: 'close', eventTypes: ['ticket.closed'] },
    },
    {
      name: 'assign',
      action: 'event',
      eventTypes: ['ticket.assigned'],
      compensation: { name: 'unassign', eventTypes: ['ticket.unassigned'] },
    },
    {
      name: 'resolve',
      action: 'event',
      eventTypes: ['ticket.resolved'],
      failureTypes: ['ticket.resolution-failed'],
    },
  ],
  announcedAt: new Date(T0).toISOString(),
};

describe('choreography timelines from events (recorder, Redis, Postgres)', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let redis: Redis;
  let bus: Bus;
  let recorder: Recorder;
  const prefix = uniquePrefix('saga-choreo');

  beforeAll(async () => {
    ({ store, cleanup } = await createTestStore('postgres', 'saga-choreography'));
    redis = await testRedis();
    bus = createBus({ redis, service: 'helpdesk', prefix, telemetry: false });
    await redis.hset(bus.keys.sagaDefinitions(), {
      'tickets@1': JSON.stringify(tickets),
      // an announcement that is not a definition is skipped, not fatal
      'broken@1': '{"name":"broken"',
    });
    recorder = startTestRecorder(redis, store, prefix);
    await recorder.ready;
  });
  afterAll(async () => {
    await recorder?.stop();
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await cleanup();
  });

  it('builds a completed and a compensated instance, steps paired with compensations', async () => {
    const publish = (type: string, correlationId: string, atMs: number, data: object = {}) =>
      bus.publish('tickets', { type, correlationId, time: new Date(T0 + atMs), data });
    await publish('ticket.opened', 't-1', 0, { title: 'printer on fire' });
    await publish('ticket.assigned', 't-1', 10, { to: 'ana' });
    await publish('ticket.resolved', 't-1', 20);
    await publish('ticket.opened', 't-2', 0);
    await publish('ticket.assigned', 't-2', 10);
    await publish('ticket.resolution-failed', 't-2', 20, { reason: 'no spare parts' });
    await publish('ticket.unassigned', 't-2', 30);
    await publish('ticket.closed', 't-2', 40);
    // not named by any definition: no instance
    await publish('ticket.viewed', 't-3', 0);

    await eventually(async () => (await count(store, 'select count(*) as n from events')) === 9, 20_000, 100);
    const instances = await sql(
      store,
      `select saga_id, definition_name, kind, status, correlation_id, current_step_index, current_step_name,
              failed_step_index, failed_error, ended_at is not null as ended
       from saga_instances order by saga_id`,
    );
    expect(instances).toEqual([
      {
        saga_id: 'tickets:t-1',
        definition_name: 'tickets',
        kind: 'choreographed',
        status: 'completed',
        correlation_id: 't-1',
        current_step_index: 2,
        current_step_name: 'resolve',
        failed_step_index: null,
        failed_error: null,
        ended: true,
      },
      {
        saga_id: 'tickets:t-2',
        definition_name: 'tickets',
        kind: 'choreographed',
        status: 'compensated',
        correlation_id: 't-2',
        current_step_index: 0,
        current_step_name: 'open',
        failed_step_index: 2,
        failed_error: { name: 'ticket.resolution-failed', message: 'no spare parts' },
        ended: true,
      },
    ]);
    const steps = await sql(
      store,
      `select step_index, phase, name, status, payload from saga_steps
       where saga_id = 'tickets:t-2' order by step_index, phase desc`,
    );
    expect(steps).toEqual([
      { step_index: 0, phase: 'step', name: 'open', status: 'completed', payload: {} },
      { step_index: 0, phase: 'compensation', name: 'close', status: 'completed', payload: {} },
      { step_index: 1, phase: 'step', name: 'assign', status: 'completed', payload: {} },
      { step_index: 1, phase: 'compensation', name: 'unassign', status: 'completed', payload: {} },
      { step_index: 2, phase: 'step', name: 'resolve', status: 'failed', payload: null },
    ]);
    expect(recorder.status().errors.total).toBe(0);
  });
});
