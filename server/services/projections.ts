/**
 * Operator actions on projections for a caller: rebuild (a new generation from the start of every
 * topic, swapped in once caught up), pause and resume (durable, every process). The effect is the
 * SDK's own atomic step on the projection's meta hash (REBUILD reports whether it started one, pause is
 * one HSETNX, resume one HDEL), so of two clicks one acts and the other gets a 409; an audit row
 * records every attempt: ok, failed (404, 409) or denied (403).
 *
 * Permission: `events:act` (operator), as saga actions. A rebuild is not destructive while every topic
 * still holds its whole history: the active generation serves reads until the new one has caught up,
 * and the new one is built from the same events. It is when a topic lost entries to retention (or
 * XDEL): the rebuilt model would miss them, and the old generation is dropped after the swap. Such a
 * rebuild is refused (409, naming the topics) unless asked for with `allowTrimmed`, which takes an
 * admin (`admin:manage`).
 *
 * Redis and the store cannot share a transaction: an action whose audit row then fails is still done,
 * and the caller gets the store's error.
 */
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import type { Principal } from '@/server/access/principal';
import { can, type Permission } from '@/server/access/roles';
import type { Keys } from '@/server/bus/keys';
import { Projections } from '@/server/bus/projections';
import { projectionStatus } from '@/server/bus/projections/status';
import { silentLogger, type BusLogger } from '@/server/bus/types';
import type { ProjectionAction, ProjectionActionResult } from '@/server/contracts/projections';
import { recordAudit } from './audit';
import { lostEntries } from './projections-read';
import { CONSOLE_SERVICE } from './console-identity';

export interface ProjectionActionsContext {
  db: Db;
  redis: Redis;
  keys: Keys;
  caller: Principal;
  ip?: string | null;
  log?: BusLogger;
}

export interface ProjectionActionInput {
  name: string;
  action: ProjectionAction;
  reason?: string;
  /** rebuild: go on although a topic lost entries (admin only). */
  allowTrimmed?: boolean;
}

export class ProjectionActionForbiddenError extends Error {
  readonly code = 'FORBIDDEN';
  constructor(role: string, permission: Permission, what: string) {
    super(`your role (${role}) lacks ${permission}${what ? ` ${what}` : ''}`);
    this.name = 'ProjectionActionForbiddenError';
  }
}

/** The projection's state does not allow the action (409). */
export class ProjectionStateError extends Error {
  readonly code = 'CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'ProjectionStateError';
  }
}

export async function actOnProjection(
  ctx: ProjectionActionsContext,
  input: ProjectionActionInput,
): Promise<ProjectionActionResult> {
  const action = `projection.${input.action}`;
  const asked = {
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.allowTrimmed ? { allowTrimmed: true } : {}),
  };
  const refuse = async (result: 'denied' | 'failed', error: Error): Promise<never> => {
    await recordAudit(ctx.db, {
      actor: ctx.caller,
      action,
      targets: [input.name],
      parameters: asked,
      result,
      detail: error.message,
      ip: ctx.ip ?? null,
    }).catch(() => undefined); // the store may be what failed: the caller still gets the first error
    throw error;
  };
  if (!can(ctx.caller.role, 'events:act'))
    return refuse('denied', new ProjectionActionForbiddenError(ctx.caller.role, 'events:act', ''));
  if (input.allowTrimmed && !can(ctx.caller.role, 'admin:manage'))
    return refuse(
      'denied',
      new ProjectionActionForbiddenError(ctx.caller.role, 'admin:manage', 'to rebuild from trimmed topics'),
    );

  const projections = new Projections({
    redis: ctx.redis,
    keys: ctx.keys,
    schemas: undefined,
    log: ctx.log ?? silentLogger,
    service: CONSOLE_SERVICE,
  });
  let effect: Record<string, unknown>;
  try {
    effect = await act(ctx, projections, input);
  } catch (error) {
    return refuse('failed', error instanceof Error ? error : new Error(String(error)));
  } finally {
    await projections.close();
  }
  const after = await projectionStatus(ctx.redis, ctx.keys, input.name);
  const result = {
    name: input.name,
    action: input.action,
    active: after.active.generation,
    building: after.building?.generation ?? null,
    paused: after.paused,
  };
  const auditId = await recordAudit(ctx.db, {
    actor: ctx.caller,
    action,
    targets: [input.name],
    parameters: { ...effect, ...asked },
    result: 'ok',
    ip: ctx.ip ?? null,
  });
  return { ...result, auditId };
}

/** The action itself; what it changed, for the audit row. Throws 404 / 409 errors. */
async function act(
  ctx: ProjectionActionsContext,
  projections: Projections,
  input: ProjectionActionInput,
): Promise<Record<string, unknown>> {
  const { name } = input;
  const before = await projectionStatus(ctx.redis, ctx.keys, name); // ProjectionNotFoundError: 404
  switch (input.action) {
    case 'pause':
      if (!(await projections.pause(name)))
        throw new ProjectionStateError(`projection ${name} is paused already`);
      return { generation: before.active.generation };
    case 'resume':
      if (!(await projections.resume(name)))
        throw new ProjectionStateError(`projection ${name} is not paused`);
      return { generation: before.active.generation };
    case 'rebuild': {
      if (before.building)
        throw new ProjectionStateError(
          `projection ${name} is rebuilding already (generation ${before.building.generation})`,
        );
      if (before.paused)
        throw new ProjectionStateError(
          `projection ${name} is paused: resume it first, a paused projection does not build`,
        );
      const lost = await lostEntries(ctx, before.topics);
      if (lost.size > 0 && !input.allowTrimmed) {
        const topics = [...lost].map(([topic, n]) => `${topic} (${n} entries)`).join(', ');
        throw new ProjectionStateError(
          `projection ${name}: ${topics} lost entries to retention; a rebuild would miss them and drop the generation that has them (an admin may rebuild anyway with allowTrimmed)`,
        );
      }
      const { generation, started } = await projections.startRebuild(name);
      // a rebuild started between the check and the script: the other caller's, not ours
      if (!started)
        throw new ProjectionStateError(`projection ${name} is rebuilding already (generation ${generation})`);
      return {
        from: before.active.generation,
        generation,
        ...(lost.size > 0 ? { lostEntries: Object.fromEntries(lost) } : {}),
      };
    }
  }
}
