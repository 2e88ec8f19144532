/**
 * Operator actions on saga instances for a caller: retry a failed step (or a stuck compensation),
 * start compensating, abort, or mark a stuck compensation resolved by hand. The effect is the SDK's
 * conditional transition on the instance's Redis hash (atomic on its own, so two clicks cannot both
 * act: the second finds a status the action does not accept, 409); the audit row follows it.
 *
 * Redis and the store cannot share a transaction. An action whose audit row then fails to be written
 * is still done (the lifecycle events it published name the operator, and the recorder projects them
 * into the saga's timeline); the caller gets the store's error.
 */
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import type { Principal } from '@/server/access/principal';
import { can } from '@/server/access/roles';
import type { Keys } from '@/server/bus/keys';
import { SagaOperations, SagaStateError } from '@/server/bus/saga';
import { silentLogger, type BusLogger } from '@/server/bus/types';
import type { SagaStatus } from '@/server/contracts/saga-events';
import type { SagaAction, SagaActionResult } from '@/server/contracts/sagas';
import { recordAudit } from './audit';
import { CONSOLE_SOURCE } from './console-identity';

export interface SagaActionsContext {
  db: Db;
  redis: Redis;
  keys: Keys;
  caller: Principal;
  ip?: string | null;
  log?: BusLogger;
}

export interface SagaActionInput {
  sagaId: string;
  action: SagaAction;
  reason?: string;
  /** Act only while the instance is in this status (the one the caller saw). */
  expectStatus?: SagaStatus;
}

export class SagaActionForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(role: string) {
    super(`your role (${role}) lacks events:act`);
    this.name = 'SagaActionForbiddenError';
  }
}

/** Bad input the schema could not see: a `resolve` without the reason it must record. */
export class SagaActionInputError extends Error {
  readonly code = 'BAD_REQUEST';
  constructor(message: string) {
    super(message);
    this.name = 'SagaActionInputError';
  }
}

/** A plain retry that found a compensated instance: say how to re-run it, if that is what was meant. */
function explainRerun(input: SagaActionInput, error: unknown): Error {
  if (
    error instanceof SagaStateError &&
    input.action === 'retry' &&
    !input.expectStatus &&
    error.status === 'compensated'
  )
    return new SagaStateError(
      'retry',
      'compensated',
      [],
      `saga ${input.sagaId} is compensated: a retry now runs it again from its first step; ask for that with expectStatus "compensated" (CLI: --rerun)`,
    );
  return error instanceof Error ? error : new Error(String(error));
}

export async function actOnSaga(ctx: SagaActionsContext, input: SagaActionInput): Promise<SagaActionResult> {
  const action = `saga.${input.action}`;
  const asked = {
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.expectStatus ? { expectStatus: input.expectStatus } : {}),
  };
  const refuse = async (result: 'denied' | 'failed', error: Error): Promise<never> => {
    await recordAudit(ctx.db, {
      actor: ctx.caller,
      action,
      targets: [input.sagaId],
      parameters: asked,
      result,
      detail: error.message,
      ip: ctx.ip ?? null,
    }).catch(() => undefined); // the store may be what failed: the caller still gets the first error
    throw error;
  };
  if (!can(ctx.caller.role, 'events:act'))
    return refuse('denied', new SagaActionForbiddenError(ctx.caller.role));
  if (input.action === 'resolve' && !input.reason)
    return refuse(
      'failed',
      new SagaActionInputError('reason: say what was done by hand to resolve the stuck compensation'),
    );

  // a retry of a compensated instance runs the whole saga again: only when asked for by name, so that
  // a retry typed twice (the first one's compensation done by the second) cannot re-run it
  const expectStatus = input.expectStatus ?? (input.action === 'retry' ? 'stuck' : undefined);
  const operations = new SagaOperations(ctx.redis, ctx.keys, {
    source: CONSOLE_SOURCE,
    log: ctx.log ?? silentLogger,
  });
  const { from, instance } = await operations
    .act(
      input.action,
      input.sagaId,
      {
        actor: ctx.caller.name,
        ...(input.reason ? { reason: input.reason } : {}),
      },
      expectStatus,
    )
    .catch((error: unknown) => refuse('failed', explainRerun(input, error)))
    .finally(() => operations.close());
  const auditId = await recordAudit(ctx.db, {
    actor: ctx.caller,
    action,
    targets: [input.sagaId],
    parameters: {
      definition: `${instance.definition.name}@${instance.definition.version}`,
      from,
      to: instance.status,
      step: instance.step.name,
      ...asked,
    },
    result: 'ok',
    ip: ctx.ip ?? null,
  });
  return { sagaId: input.sagaId, action: input.action, from, status: instance.status, auditId };
}
