/** Row builders for seeding the store in tests with plain inserts (defaults for the columns a test ignores). */
import type {
  deadLetters,
  events,
  metricRollups,
  sagaInstances,
  sagaSteps,
  topologyEdges,
} from '@/db/schema';

type EventInsert = typeof events.$inferInsert;
type RollupInsert = typeof metricRollups.$inferInsert;
type DeadLetterInsert = typeof deadLetters.$inferInsert;
type EdgeInsert = typeof topologyEdges.$inferInsert;
type SagaInstanceInsert = typeof sagaInstances.$inferInsert;
type SagaStepInsert = typeof sagaSteps.$inferInsert;

export function eventRow(overrides: Partial<EventInsert> & { eventId: string; time: Date }): EventInsert {
  const topic = overrides.topic ?? 'orders';
  return {
    source: '/services/shop',
    topic,
    stream: `el:{${topic}}:stream`,
    entryId: `${overrides.time.getTime()}-0`,
    type: 'order.placed',
    ...overrides,
  };
}

export function rollupRow(
  overrides: Partial<RollupInsert> & Pick<RollupInsert, 'scope' | 'key' | 'bucketStart'>,
): RollupInsert {
  return { resolution: '10s', ...overrides };
}

export function deadLetterRow(
  overrides: Partial<DeadLetterInsert> & Pick<DeadLetterInsert, 'id' | 'topic' | 'group'>,
): DeadLetterInsert {
  const at = overrides.lastFailureAt ?? new Date();
  return {
    consumer: 'c1',
    entryId: '1-0',
    category: 'poison',
    attempts: 1,
    firstFailureAt: at,
    lastFailureAt: at,
    errorName: 'Error',
    errorMessage: 'boom',
    errorStack: '',
    raw: {},
    ...overrides,
  };
}

export function edgeRow(
  overrides: Partial<EdgeInsert> & Pick<EdgeInsert, 'kind' | 'from' | 'to'>,
): EdgeInsert {
  return { lastSeenAt: new Date(), ...overrides };
}

/** A running orchestrated instance of checkout@1 unless overridden. */
export function sagaInstanceRow(
  overrides: Partial<SagaInstanceInsert> & Pick<SagaInstanceInsert, 'sagaId' | 'startedAt'>,
): SagaInstanceInsert {
  return {
    definitionName: 'checkout',
    definitionVersion: 1,
    kind: 'orchestrated',
    status: 'running',
    updatedAt: overrides.startedAt,
    lastSeq: 1,
    ...overrides,
  };
}

/** The first attempt of a step's forward run, completed, unless overridden. */
export function sagaStepRow(
  overrides: Partial<SagaStepInsert> & Pick<SagaStepInsert, 'sagaId' | 'stepIndex' | 'name'>,
): SagaStepInsert {
  return { phase: 'step', attempt: 1, status: 'completed', lastSeq: 1, ...overrides };
}
