import { defineSaga, type Bus, type RetryPolicy, type SagaDefinition, type StepContext } from '@/server/bus';
import type { DemoContext } from './context';
import { TOPICS } from './names';
import type { InvestigationCase, InvestigationEvents } from './schemas';
import { investigationStep } from './typed-events';

export interface InvestigationInput {
  case: InvestigationCase;
  playbook: string;
}

/** Each step's output: the local steps' facts, and the services' replies to the command steps. */
export type InvestigationOutputs = {
  'open-case': InvestigationEvents['investigation.opened'];
  'collect-evidence': InvestigationEvents['evidence.collected'];
  'apply-containment': InvestigationEvents['containment.applied'];
  'verify-containment': InvestigationEvents['containment.verified'];
  'close-case': InvestigationEvents['investigation.resolved'];
};

type Ctx = StepContext<InvestigationInput, InvestigationOutputs>;

/**
 * Retries are seconds, not minutes, so that the console shows them settle (or get stuck) while one
 * watches. A service's reply is due well within a command step's timeout unless it lags badly.
 */
const STEP_RETRY: Partial<RetryPolicy> = { maxAttempts: 3, baseMs: 200, maxMs: 1_000 };
const COMMAND_TIMEOUT_MS = 3_000;
/** Compensation attempts per round: after the last the instance is `stuck` until an operator acts. */
export const UNDO_RETRY = { maxAttempts: 3, baseMs: 250, maxMs: 1_000 } as const;
/** A service's answer to an undo request is due within this; no answer is a failed attempt. */
const UNDO_TIMEOUT_MS = 1_500;

/**
 * The investigation workflow, orchestrated: one instance per high or critical alert.
 *
 *   open-case ─▶ collect-evidence ─▶ apply-containment ─▶ verify-containment ─▶ close-case
 *   cancel-case ◀─ release-evidence ◀─ revert-containment ◀─ (containment did not hold)
 *
 * Evidence and containment are commands to their services (replies on `investigations`, caused by
 * the command); a containment that does not hold fails the saga for good and the completed steps are
 * compensated in reverse. Undos that go through a service are requests on its request topic: the
 * service decides whether it can, and a stuck one (StuckUndos) leaves the instance `stuck` for an
 * operator.
 */
export function investigationSaga(
  ctx: Pick<DemoContext, 'dice' | 'failures'>,
  bus: Bus,
): SagaDefinition<InvestigationInput, InvestigationOutputs> {
  const caseOf = (c: Ctx): InvestigationCase => c.input.case;
  const publish = <K extends keyof InvestigationEvents>(
    c: Ctx,
    type: K,
    data: InvestigationEvents[K],
  ): Promise<unknown> =>
    // the step's idempotency key as the id: a step run again after a crash is one event downstream
    bus.publish(TOPICS.investigations, {
      ...investigationStep(type, data),
      id: c.idempotencyKey,
      correlationId: c.correlationId,
    });
  /** An undo through a service: resolves once the service did it, throws when it could not. */
  const request = <K extends 'evidence.release-requested' | 'containment.revert-requested'>(
    c: Ctx,
    topic: string,
    type: K,
    data: InvestigationEvents[K],
  ): Promise<unknown> =>
    bus.request(
      topic,
      { ...investigationStep(type, data), correlationId: c.correlationId },
      { timeoutMs: UNDO_TIMEOUT_MS },
    );

  return defineSaga<InvestigationInput, InvestigationOutputs>({
    name: 'investigation',
    version: 1,
    topic: TOPICS.sagas,
    steps: [
      {
        name: 'open-case',
        timeoutMs: 2_000,
        retry: { ...STEP_RETRY, maxAttempts: 4 },
        action: async (c) => {
          ctx.failures.transient('case-management', c);
          const opened = { case: caseOf(c), playbook: c.input.playbook };
          await publish(c, 'investigation.opened', opened);
          return opened;
        },
        compensationName: 'cancel-case',
        compensate: async (c) => {
          await publish(c, 'investigation.cancelled', {
            case: caseOf(c),
            reason: await failureReason(bus, c),
            durationMs: Date.now() - Date.parse(caseOf(c).openedAt),
          });
        },
      },
      {
        name: 'collect-evidence',
        timeoutMs: COMMAND_TIMEOUT_MS,
        retry: STEP_RETRY,
        action: {
          topic: TOPICS.investigations,
          type: 'evidence.requested',
          data: (c) => ({ case: caseOf(c), playbook: c.input.playbook }),
          reply: { topic: TOPICS.investigations, types: ['evidence.collected'] },
        },
        compensationName: 'release-evidence',
        compensationRetry: UNDO_RETRY,
        compensate: async (c) => {
          const { holdId } = c.outputs['collect-evidence']!;
          await request(c, TOPICS.evidenceReleases, 'evidence.release-requested', {
            case: caseOf(c),
            holdId,
            reason: await failureReason(bus, c),
            idempotencyKey: c.idempotencyKey,
            attempt: c.attempt,
          });
        },
      },
      {
        name: 'apply-containment',
        timeoutMs: COMMAND_TIMEOUT_MS,
        retry: STEP_RETRY,
        action: {
          topic: TOPICS.investigations,
          type: 'containment.requested',
          data: (c) => ({ case: caseOf(c), holdId: c.outputs['collect-evidence']!.holdId }),
          reply: { topic: TOPICS.investigations, types: ['containment.applied'] },
        },
        compensationName: 'revert-containment',
        compensationRetry: UNDO_RETRY,
        compensate: async (c) => {
          const { holdId, actions } = c.outputs['apply-containment']!;
          await request(c, TOPICS.containmentReverts, 'containment.revert-requested', {
            case: caseOf(c),
            holdId,
            actions,
            reason: await failureReason(bus, c),
            idempotencyKey: c.idempotencyKey,
            attempt: c.attempt,
          });
        },
      },
      {
        name: 'verify-containment',
        timeoutMs: COMMAND_TIMEOUT_MS,
        retry: STEP_RETRY,
        action: {
          topic: TOPICS.investigations,
          type: 'containment.verify-requested',
          data: (c) => {
            const { holdId, actions } = c.outputs['apply-containment']!;
            return { case: caseOf(c), holdId, actions };
          },
          // the containment service tried: a containment that does not hold is no use retrying
          reply: {
            topic: TOPICS.investigations,
            types: ['containment.verified'],
            failureTypes: ['containment.failed'],
          },
        },
      },
      {
        name: 'close-case',
        timeoutMs: 2_000,
        retry: STEP_RETRY,
        action: async (c) => {
          const resolved = {
            case: caseOf(c),
            disposition: ctx.dice.chance(0.85)
              ? ('true-positive' as const)
              : ('benign-true-positive' as const),
            durationMs: Date.now() - Date.parse(caseOf(c).openedAt),
          };
          await publish(c, 'investigation.resolved', resolved);
          return resolved;
        },
      },
    ],
  });
}

/** Why the instance is being compensated, in the words of the step that failed (or of the operator). */
async function failureReason(bus: Bus, c: Ctx): Promise<string> {
  const failed = (await bus.sagas.get(c.sagaId))?.failedStep;
  if (!failed) return 'compensated';
  return failed.error ? `${failed.name} failed: ${failed.error.message}` : `${failed.name} failed`;
}
