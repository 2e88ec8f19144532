/**
 * The saga instances behind the saga API tests (app/api/sagas.test.ts), as plain store rows plus the
 * announced `checkout@1` definition in Redis: `o-1` running, `o-2` stuck with a full timeline (a
 * reserve whose compensation failed then stuck, a charge that failed, then timed out with a late
 * reply, a dead letter, an operator's retry), `o-3` compensated on version 2, `o-4` a completed
 * `refund` and `tickets:t-1` a completed choreography. Seeded row by row (not through the SDK) so that
 * every time, status and odd shape is exactly known.
 */
import { deadLetters, events, sagaInstances, sagaSteps } from '@/db/schema';
import type { SagaDefinitionDoc } from '@/server/contracts/saga-events';
import type { TestContext } from './app-context';
import { deadLetterRow, eventRow, sagaInstanceRow } from './store-rows';

const T0 = Date.parse('2026-03-01T10:00:00.000Z');
/** The clock of the seeded instances: every time is `at(ms)` after T0. */
export const at = (ms: number): Date => new Date(T0 + ms);

/** The announced definition the seeded `checkout` instances run. */
export const checkoutDefinition: SagaDefinitionDoc = {
  name: 'checkout',
  version: 1,
  kind: 'orchestrated',
  topic: 'sagas',
  steps: [
    { name: 'reserve', action: 'local', compensation: { name: 'release' } },
    { name: 'charge', action: 'command', timeoutMs: 100 },
    { name: 'ship', action: 'command' },
  ],
  announcedAt: new Date(T0).toISOString(),
};

type InstanceInsert = typeof sagaInstances.$inferInsert;
const instance = (row: Partial<InstanceInsert> & Pick<InstanceInsert, 'sagaId'>): InstanceInsert =>
  sagaInstanceRow({ startedAt: at(0), ...row });

/** o-2's steps: each defaults to its first attempt of `reserve`, completed. */
const step = (row: Partial<typeof sagaSteps.$inferInsert>): typeof sagaSteps.$inferInsert => ({
  sagaId: 'o-2',
  stepIndex: 0,
  phase: 'step',
  attempt: 1,
  name: 'reserve',
  status: 'completed',
  startedAt: at(1),
  endedAt: at(2),
  lastSeq: 2,
  ...row,
});

export async function seedSagaInstances({
  db,
  redis,
  keys,
}: Pick<TestContext, 'db' | 'redis' | 'keys'>): Promise<void> {
  await db.insert(sagaInstances).values([
    instance({
      sagaId: 'o-1',
      correlationId: 'c-1',
      currentStepIndex: 0,
      currentStepName: 'reserve',
      updatedAt: at(10),
    }),
    instance({
      sagaId: 'o-2',
      status: 'stuck',
      correlationId: 'c-2',
      currentStepIndex: 0,
      currentStepName: 'reserve',
      failedStepIndex: 1,
      failedStepName: 'charge',
      failedError: { name: 'StepTimeout', message: 'no reply within 100 ms' },
      input: { card: { number: '4111' }, amount: 5 },
      updatedAt: at(20),
      lastSeq: 9,
    }),
    instance({
      sagaId: 'o-3',
      definitionVersion: 2,
      status: 'compensated',
      updatedAt: at(30),
      endedAt: at(30),
    }),
    instance({
      sagaId: 'o-4',
      definitionName: 'refund',
      status: 'completed',
      updatedAt: at(40),
      endedAt: at(40),
    }),
    instance({
      sagaId: 'tickets:t-1',
      definitionName: 'tickets',
      kind: 'choreographed',
      status: 'completed',
      correlationId: 't-1',
      updatedAt: at(50),
      endedAt: at(50),
    }),
  ]);
  await db.insert(sagaSteps).values([
    step({
      payload: { reservation: 'r-1', card: { number: '4111' } },
      payloadType: 'saga.step.completed',
      eventIds: ['o-2:1', 'o-2:2'],
    }),
    step({
      stepIndex: 1,
      name: 'charge',
      status: 'failed',
      error: { name: 'Declined', message: 'card declined' },
      retryInMs: 50,
      lastSeq: 4,
    }),
    step({
      stepIndex: 1,
      attempt: 2,
      name: 'charge',
      status: 'timed-out',
      error: { name: 'StepTimeout', message: 'no reply within 100 ms' },
      lateReplies: [{ seq: 8, at: at(15).toISOString(), eventId: 'reply-1' }],
      lastSeq: 6,
    }),
    // lifecycle events name the step a compensation undoes, not the compensation
    step({
      phase: 'compensation',
      status: 'failed',
      error: { name: 'Error', message: 'locked' },
      lastSeq: 7,
    }),
    step({ phase: 'compensation', attempt: 2, status: 'stuck', endedAt: null, lastSeq: 9 }),
  ]);
  await db.insert(deadLetters).values(
    deadLetterRow({
      id: 'sagas/1-0',
      topic: 'sagas',
      group: 'orchestrator',
      correlationId: 'c-2',
      eventId: 'o-2:7',
    }),
  );
  await db.insert(events).values(
    eventRow({
      eventId: 'o-2:10',
      time: at(60),
      topic: 'sagas',
      type: 'saga.compensation.started',
      correlationId: 'c-2',
      data: {
        sagaId: 'o-2',
        definition: { name: 'checkout', version: 1 },
        status: 'compensating',
        seq: 10,
        actor: 'ops@example.com',
        reason: 'lock released',
      },
    }),
  );
  await redis.hset(keys.sagaDefinitions(), 'checkout@1', JSON.stringify(checkoutDefinition));
}
