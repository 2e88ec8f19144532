/**
 * Saga definitions with live counts: instances per status, and per step the instances whose current
 * step it is by what they are doing there (failed: the instances whose failure started at that step).
 * The definitions come from the bus (announced docs); counts from saga_instances.
 */
import { count, isNotNull } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { sagaInstances } from '@/db/schema';
import { SAGA_STATUSES, type SagaDefinitionDoc, type SagaStatus } from '@/server/contracts/saga-events';
import type { SagaDefinitionSummary } from '@/server/contracts/sagas';

type StepCounts = Pick<
  SagaDefinitionSummary['steps'][number],
  'running' | 'failed' | 'compensating' | 'compensated' | 'stuck'
>;
/** Which per-step count an instance's status adds to. */
const STEP_COUNT_OF: Partial<Record<SagaStatus, keyof StepCounts>> = {
  running: 'running',
  compensating: 'compensating',
  compensated: 'compensated',
  stuck: 'stuck',
};

export async function getSagaDefinitions(
  db: Db,
  definitions: readonly SagaDefinitionDoc[],
): Promise<SagaDefinitionSummary[]> {
  const i = sagaInstances;
  const [byStep, byFailure] = await Promise.all([
    db
      .select({
        name: i.definitionName,
        version: i.definitionVersion,
        status: i.status,
        step: i.currentStepIndex,
        n: count(),
      })
      .from(i)
      .groupBy(i.definitionName, i.definitionVersion, i.status, i.currentStepIndex),
    db
      .select({ name: i.definitionName, version: i.definitionVersion, step: i.failedStepIndex, n: count() })
      .from(i)
      .where(isNotNull(i.failedStepIndex))
      .groupBy(i.definitionName, i.definitionVersion, i.failedStepIndex),
  ]);
  return definitions.map((doc) => {
    const mine = (row: { name: string; version: number }) => row.name === doc.name && row.version === doc.version;
    const instances = Object.fromEntries(SAGA_STATUSES.map((s) => [s, 0])) as Record<SagaStatus, number>;
    const steps = doc.steps.map((step) => ({
      ...step,
      running: 0,
      failed: 0,
      compensating: 0,
      compensated: 0,
      stuck: 0,
    }));
    for (const row of byStep.filter(mine)) {
      instances[row.status] += row.n;
      const counted = STEP_COUNT_OF[row.status];
      const step = row.step === null ? undefined : steps[row.step];
      if (counted && step) step[counted] += row.n;
    }
    for (const row of byFailure.filter(mine)) {
      const step = row.step === null ? undefined : steps[row.step];
      if (step) step.failed += row.n;
    }
    return { ...doc, instances, steps };
  });
}
