/**
 * Seeds for the Sagas spec: one orchestrated instance told through its lifecycle events, published with
 * the SDK on the saga topic exactly as an orchestrator would (server/contracts/saga-events.ts), and its
 * definition announced where a bus announces it. Step 2 times out once, fails on its retry, a reply
 * comes late, and step 1 is compensated: every mark the timeline draws.
 */
import { expect, type APIRequestContext } from '@playwright/test';
import type { Redis } from 'ioredis';
import { createKeys } from '@/server/bus';
import type { SagaDetail } from '@/server/contracts/sagas';
import {
  SAGA_TOPIC,
  type SagaDefinitionDoc,
  type SagaEventType,
  type SagaLifecycleData,
} from '@/server/contracts/saga-events';
import type { Seed } from './fixtures';

export interface SeededSaga {
  sagaId: string;
  correlationId: string;
  definition: string;
}

type Transition = [
  offsetMs: number,
  type: SagaEventType,
  data: Omit<SagaLifecycleData, 'sagaId' | 'definition' | 'seq'>,
];

export async function compensatedSaga(seed: Seed, redis: Redis): Promise<SeededSaga> {
  const definition = seed.name('order');
  const sagaId = `saga-${seed.scope}`;
  const correlationId = `order-${seed.scope}`;
  const doc: SagaDefinitionDoc = {
    name: definition,
    version: 1,
    kind: 'orchestrated',
    topic: SAGA_TOPIC,
    steps: [
      { name: 'reserve-stock', action: 'local', compensation: { name: 'release-stock' } },
      {
        name: 'charge-card',
        action: 'command',
        timeoutMs: 500,
        maxAttempts: 2,
        compensation: { name: 'refund-card' },
      },
      { name: 'ship', action: 'command' },
    ],
    announcedAt: new Date().toISOString(),
  };
  await redis.hset(createKeys(seed.prefix).sagaDefinitions(), `${definition}@1`, JSON.stringify(doc));

  const reserve = { index: 0, name: 'reserve-stock' };
  const charge = { index: 1, name: 'charge-card' };
  const declined = { name: 'CardDeclined', message: 'card declined by issuer' };
  const transitions: Transition[] = [
    [0, 'saga.started', { status: 'running', payload: { order: 1042, items: 3 } }],
    [10, 'saga.step.started', { status: 'running', step: reserve, attempt: 1 }],
    [
      120,
      'saga.step.completed',
      { status: 'running', step: reserve, attempt: 1, payload: { reservation: 'r-77' } },
    ],
    [130, 'saga.step.started', { status: 'running', step: charge, attempt: 1 }],
    [630, 'saga.step.timed-out', { status: 'running', step: charge, attempt: 1, retryInMs: 200 }],
    [830, 'saga.step.started', { status: 'running', step: charge, attempt: 2 }],
    [1_030, 'saga.step.failed', { status: 'compensating', step: charge, attempt: 2, error: declined }],
    [1_040, 'saga.compensation.started', { status: 'compensating', step: reserve, attempt: 1 }],
    [1_100, 'saga.step.late-reply', { status: 'compensating', step: charge, attempt: 1 }],
    [1_240, 'saga.compensation.completed', { status: 'compensating', step: reserve, attempt: 1 }],
    [1_250, 'saga.compensated', { status: 'compensated' }],
  ];
  await publishTransitions(seed, { sagaId, correlationId, definition }, transitions, Date.now() - 5_000);
  return { sagaId, correlationId, definition };
}

/**
 * An instance that compensated (round 1: `charge` declined, `reserve` released), then an operator's
 * retry ran it again from its first step (round 2), which completed: both rounds on one timeline.
 */
export async function retriedSaga(seed: Seed, redis: Redis): Promise<SeededSaga> {
  const definition = seed.name('refill');
  const saga = { sagaId: `saga-r-${seed.scope}`, correlationId: `refill-${seed.scope}`, definition };
  const doc: SagaDefinitionDoc = {
    name: definition,
    version: 1,
    kind: 'orchestrated',
    topic: SAGA_TOPIC,
    steps: [
      { name: 'reserve', action: 'local', compensation: { name: 'release' } },
      { name: 'charge', action: 'command', timeoutMs: 500 },
      { name: 'notify', action: 'local' },
    ],
    announcedAt: new Date().toISOString(),
  };
  await redis.hset(createKeys(seed.prefix).sagaDefinitions(), `${definition}@1`, JSON.stringify(doc));
  const reserve = { index: 0, name: 'reserve' };
  const charge = { index: 1, name: 'charge' };
  const notify = { index: 2, name: 'notify' };
  const declined = { name: 'CardDeclined', message: 'card declined by issuer' };
  const again = { round: 1 };
  const transitions: Transition[] = [
    [0, 'saga.started', { status: 'running', payload: { sku: 'A-7', quantity: 2 } }],
    [10, 'saga.step.started', { status: 'running', step: reserve, attempt: 1 }],
    [200, 'saga.step.completed', { status: 'running', step: reserve, attempt: 1 }],
    [210, 'saga.step.started', { status: 'running', step: charge, attempt: 1 }],
    [600, 'saga.step.failed', { status: 'compensating', step: charge, attempt: 1, error: declined }],
    [610, 'saga.compensation.started', { status: 'compensating', step: reserve, attempt: 1 }],
    [800, 'saga.compensation.completed', { status: 'compensating', step: reserve, attempt: 1 }],
    [810, 'saga.compensated', { status: 'compensated' }],
    [
      2_000,
      'saga.step.started',
      {
        ...again,
        status: 'running',
        step: reserve,
        attempt: 1,
        actor: 'ops@example.com',
        reason: 'card updated',
      },
    ],
    [2_150, 'saga.step.completed', { ...again, status: 'running', step: reserve, attempt: 1 }],
    [2_160, 'saga.step.started', { ...again, status: 'running', step: charge, attempt: 1 }],
    [2_500, 'saga.step.completed', { ...again, status: 'running', step: charge, attempt: 1 }],
    [2_510, 'saga.step.started', { ...again, status: 'running', step: notify, attempt: 1 }],
    [2_600, 'saga.step.completed', { ...again, status: 'running', step: notify, attempt: 1 }],
    [2_610, 'saga.completed', { ...again, status: 'completed' }],
  ];
  await publishTransitions(seed, saga, transitions, Date.now() - 8_000);
  return saga;
}

/** Publishes the transitions as an orchestrator would, seq by seq, `startMs` plus each offset. */
async function publishTransitions(
  seed: Seed,
  { sagaId, correlationId, definition }: SeededSaga,
  transitions: readonly Transition[],
  startMs: number,
): Promise<void> {
  const bus = seed.bus(seed.name('orchestrator'));
  for (const [seq, [offsetMs, type, data]] of transitions.entries()) {
    const lifecycle: SagaLifecycleData = {
      sagaId,
      definition: { name: definition, version: 1 },
      seq,
      ...data,
    };
    await bus.publish(SAGA_TOPIC, {
      type,
      subject: sagaId,
      correlationId,
      time: new Date(startMs + offsetMs),
      data: lifecycle,
    });
  }
}

/** Waits until the store tells the instance as the test needs it. */
export async function sagaRecorded(
  request: APIRequestContext,
  sagaId: string,
  status: SagaDetail['summary']['status'],
  timeout = 45_000,
): Promise<SagaDetail> {
  let detail: SagaDetail | undefined;
  await expect(async () => {
    const response = await request.get(`/api/sagas/${encodeURIComponent(sagaId)}`);
    expect(response.status(), `GET saga ${sagaId}`).toBe(200);
    detail = (await response.json()) as SagaDetail;
    expect(detail.summary.status).toBe(status);
  }).toPass({ timeout, intervals: [500, 1_000, 2_000] });
  return detail!;
}
