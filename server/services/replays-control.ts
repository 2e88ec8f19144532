/**
 * What operators do to a replay job once it exists: approve (a second admin), pause, resume, cancel.
 * Each is one conditional UPDATE (the state it acts from is in its WHERE, so two clicks cannot both
 * act) in one transaction with its audit row. A job's end is audited as a later row that follows
 * the creation's (`replay.finish`), whoever ended it: the runner, or a cancel.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { replayJobLetters, replayJobs } from '@/db/schema';
import { can } from '@/server/access/roles';
import type { ReplayJob, ReplayJobState } from '@/server/contracts/replays';
import { recordAudit, type SystemActor } from './audit';
import { ReplayForbiddenError, ReplayNotFoundError, ReplayStateError } from './replay-errors';
import type { ReplaysContext } from './replays';
import { presentReplayJob, type ReplayJobRow } from './replays-read';

type ControlContext = Pick<ReplaysContext, 'db' | 'caller' | 'ip'>;
type Writer = Parameters<Parameters<Db['transaction']>[0]>[0];

const LIVE: ReplayJobState[] = ['awaiting-approval', 'queued', 'running', 'paused'];

/** A second admin lets a job that needs approval run. The creator never approves their own job. */
export async function approveReplay(ctx: ControlContext, input: { id: string }): Promise<ReplayJob> {
  const job = await load(ctx.db, input.id);
  const refusal = !can(ctx.caller.role, 'admin:manage')
    ? `your role (${ctx.caller.role}) lacks admin:manage`
    : job.createdBy === ctx.caller.userId
      ? 'a second admin approves a replay: you created this one'
      : null;
  if (refusal) {
    await recordAudit(ctx.db, {
      actor: ctx.caller,
      action: 'replay.approve',
      targets: [job.id],
      result: 'denied',
      detail: refusal,
      ip: ctx.ip ?? null,
    });
    throw new ReplayForbiddenError(refusal);
  }
  return act(ctx, 'replay.approve', job.id, ['awaiting-approval'], {
    state: 'queued',
    approvedBy: ctx.caller.userId,
    approvedByName: ctx.caller.name,
  });
}

export async function pauseReplay(ctx: ControlContext, input: { id: string }): Promise<ReplayJob> {
  authoriseAct(ctx);
  // the lease goes with it: the runner asks as it sends (and at its next claim), so it stops within a look
  return act(ctx, 'replay.pause', input.id, ['queued', 'running'], {
    state: 'paused',
    reason: `paused by ${ctx.caller.name}`,
    leaseOwner: null,
    leaseUntil: null,
    rateCurrent: null,
  });
}

export async function resumeReplay(ctx: ControlContext, input: { id: string }): Promise<ReplayJob> {
  authoriseAct(ctx);
  return act(ctx, 'replay.resume', input.id, ['paused'], { state: 'queued', reason: null });
}

/** Ends the job; its letters not replayed yet are set free (`skipped`) for another replay or a discard. */
export async function cancelReplay(ctx: ControlContext, input: { id: string }): Promise<ReplayJob> {
  authoriseAct(ctx);
  return act(
    ctx,
    'replay.cancel',
    input.id,
    LIVE,
    {
      state: 'cancelled',
      reason: `cancelled by ${ctx.caller.name}`,
      leaseOwner: null,
      leaseUntil: null,
      rateCurrent: null,
      finishedAt: new Date(),
    },
    async (tx, row) => {
      const freed = await tx
        .update(replayJobLetters)
        .set({ state: 'skipped', detail: 'cancelled', settledAt: new Date() })
        .where(and(eq(replayJobLetters.jobId, row.id), eq(replayJobLetters.state, 'pending')))
        .returning({ id: replayJobLetters.letterId });
      const [updated] = await tx
        .update(replayJobs)
        .set({ skipped: sql`${replayJobs.skipped} + ${freed.length}` })
        .where(eq(replayJobs.id, row.id))
        .returning();
      await recordReplayOutcome(tx, updated!, ctx.caller);
      return updated!;
    },
  );
}

/** The job's end as an audit row following its creation's: its figures and why it ended. */
export async function recordReplayOutcome(
  db: Pick<Db, 'insert'>,
  row: ReplayJobRow,
  actor: ControlContext['caller'] | SystemActor,
): Promise<number> {
  return recordAudit(db, {
    actor,
    action: 'replay.finish',
    targets: [row.id],
    parameters: {
      state: row.state,
      total: row.total,
      replayed: row.replayed,
      succeeded: row.succeeded,
      failedAgain: row.failedAgain,
      skipped: row.skipped,
    },
    result: row.state === 'failed' ? 'failed' : 'completed',
    ...(row.reason ? { detail: row.reason } : {}),
    ...(row.auditId ? { follows: row.auditId } : {}),
  });
}

function authoriseAct(ctx: ControlContext): void {
  if (!can(ctx.caller.role, 'events:act'))
    throw new ReplayForbiddenError(`your role (${ctx.caller.role}) lacks events:act`);
}

async function load(db: Db, id: string): Promise<ReplayJobRow> {
  const [row] = await db.select().from(replayJobs).where(eq(replayJobs.id, id));
  if (!row) throw new ReplayNotFoundError(`replay job ${id}`);
  return row;
}

async function act(
  ctx: ControlContext,
  action: string,
  id: string,
  from: ReplayJobState[],
  set: Partial<typeof replayJobs.$inferInsert>,
  more?: (tx: Writer, row: ReplayJobRow) => Promise<ReplayJobRow>,
): Promise<ReplayJob> {
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(replayJobs)
      .set({ ...set, updatedAt: new Date() })
      .where(and(eq(replayJobs.id, id), inArray(replayJobs.state, from)))
      .returning();
    if (!updated) return null;
    const final = more ? await more(tx, updated) : updated;
    await recordAudit(tx, {
      actor: ctx.caller,
      action,
      targets: [id],
      parameters: { from: from.length === 1 ? from[0] : from, to: final.state },
      result: 'ok',
      ...(final.auditId ? { follows: final.auditId } : {}),
      ip: ctx.ip ?? null,
    });
    return final;
  });
  if (row) return presentReplayJob(row);
  const job = await load(ctx.db, id);
  throw new ReplayStateError(`replay job ${id} is ${job.state}: cannot ${action.replace('replay.', '')} it`);
}
