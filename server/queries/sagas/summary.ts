/** saga_instances rows as SagaSummary: the columns a list or a detail reads, and the mapping. */
import type { Db } from '@/db/client';
import { SAGA_INSTANCE_STATUSES, SAGA_STEP_STATUSES, sagaInstances } from '@/db/schema';
import type { SAGA_STATUSES, SagaStatus } from '@/server/contracts/saga-events';
import type { SAGA_PHASE_STATUSES, SagaSummary } from '@/server/contracts/sagas';

// the schema repeats the contract's status lists (db imports nothing of the server): keep them equal
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _instanceStatuses: Same<
  (typeof SAGA_INSTANCE_STATUSES)[number],
  (typeof SAGA_STATUSES)[number]
> = true;
const _stepStatuses: Same<
  (typeof SAGA_STEP_STATUSES)[number],
  (typeof SAGA_PHASE_STATUSES)[number]
> = true;

export const summaryColumns = {
  sagaId: sagaInstances.sagaId,
  definitionName: sagaInstances.definitionName,
  definitionVersion: sagaInstances.definitionVersion,
  kind: sagaInstances.kind,
  status: sagaInstances.status,
  correlationId: sagaInstances.correlationId,
  currentStepIndex: sagaInstances.currentStepIndex,
  currentStepName: sagaInstances.currentStepName,
  failedStepIndex: sagaInstances.failedStepIndex,
  failedStepName: sagaInstances.failedStepName,
  failedError: sagaInstances.failedError,
  startedAt: sagaInstances.startedAt,
  updatedAt: sagaInstances.updatedAt,
  endedAt: sagaInstances.endedAt,
};

const _select = (db: Db) => db.select(summaryColumns).from(sagaInstances);
export type SummaryRow = Awaited<ReturnType<typeof _select>>[number];

export function toSagaSummary(row: SummaryRow): SagaSummary {
  return {
    sagaId: row.sagaId,
    definition: { name: row.definitionName, version: row.definitionVersion },
    kind: row.kind,
    status: row.status satisfies SagaStatus,
    correlationId: row.correlationId,
    currentStep:
      row.currentStepIndex === null
        ? null
        : { index: row.currentStepIndex, name: row.currentStepName ?? '' },
    failedStep:
      row.failedStepIndex === null
        ? null
        : { index: row.failedStepIndex, name: row.failedStepName ?? '', error: row.failedError ?? null },
    startedAt: row.startedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
  };
}
