/**
 * Replay jobs as the API and the live progress show them: one presenter from the store's rows to the
 * ReplayJob contract, and the reads behind `GET /api/replays`, `/{id}` and `/{id}/letters`. (Reads of
 * the replay domain live beside its commands so that the runner and the service share the presenter.)
 */
import { and, asc, desc, eq, gt, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { replayJobLetters, replayJobs } from '@/db/schema';
import type {
  ReplayJob,
  ReplayJobLetter,
  ReplayJobPage,
  ReplayJobState,
  ReplayPlan,
} from '@/server/contracts/replays';
import type { Page } from '@/server/contracts/page';
import { ReplayInputError, ReplayNotFoundError } from './replay-errors';

export type ReplayJobRow = typeof replayJobs.$inferSelect;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function presentReplayJob(row: ReplayJobRow): ReplayJob {
  const remaining = Math.max(0, row.total - row.replayed - row.skipped);
  // the runner stores its pace when it renews the lease: until the first renewal a running job is at its start
  const current = row.rateCurrent ?? (row.state === 'running' ? row.rateStart : 0);
  return {
    id: row.id,
    state: row.state,
    selection: row.selection,
    target: row.target,
    rate: { start: row.rateStart, max: row.rateMax, current },
    pauseAtFailureRate: row.pauseAtFailureRate,
    edited: row.edit !== null,
    total: row.total,
    replayed: row.replayed,
    succeeded: row.succeeded,
    failedAgain: row.failedAgain,
    skipped: row.skipped,
    remaining,
    etaSeconds: row.state === 'running' && current > 0 ? Math.ceil(remaining / current) : null,
    newSincePreview: row.newSincePreview,
    reason: row.reason,
    createdBy: row.createdByName,
    approvedBy: row.approvedByName,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    plan: withoutPayload(row.plan as Partial<ReplayPlan>),
  };
}

/**
 * A job is metadata, seen by every signed-in user and every socket: an edit's diff shows payload
 * lines, so it stays in the preview (answered to the operator who asked) and the audit row (masked).
 */
function withoutPayload(plan: Partial<ReplayPlan>): Partial<ReplayPlan> {
  return plan.edit ? { ...plan, edit: { ...plan.edit, diff: [] } } : plan;
}

export async function getReplay(db: Db, id: string): Promise<ReplayJob> {
  const [row] = await db.select().from(replayJobs).where(eq(replayJobs.id, id));
  if (!row) throw new ReplayNotFoundError(`replay job ${id}`);
  return presentReplayJob(row);
}

/** Newest first; the cursor is the last item's creation time and id. */
export async function listReplays(
  db: Db,
  input: { state?: ReplayJobState[]; limit?: number; cursor?: string },
): Promise<ReplayJobPage> {
  const limit = input.limit ?? 50;
  const where: SQL[] = [];
  if (input.state?.length) where.push(inArray(replayJobs.state, input.state));
  if (input.cursor) {
    const [at, id] = splitCursor(input.cursor);
    const when = new Date(at);
    if (Number.isNaN(when.getTime())) throw new ReplayInputError('cursor', 'not a cursor this list gave');
    where.push(
      or(lt(replayJobs.createdAt, when), and(eq(replayJobs.createdAt, when), lt(replayJobs.id, id)))!,
    );
  }
  const found = await db
    .select()
    .from(replayJobs)
    .where(and(...where))
    .orderBy(desc(replayJobs.createdAt), desc(replayJobs.id))
    .limit(limit + 1);
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(presentReplayJob),
    nextCursor: found.length > limit && last ? `${last.createdAt.toISOString()}|${last.id}` : null,
  };
}

/** A job's letters in replay order; the cursor is the last letter's position. */
export async function listReplayLetters(
  db: Db,
  jobId: string,
  input: { state?: ReplayJobLetter['state'][]; limit?: number; cursor?: string },
): Promise<Page<ReplayJobLetter>> {
  await getReplay(db, jobId);
  const limit = input.limit ?? 100;
  const where: SQL[] = [eq(replayJobLetters.jobId, jobId)];
  if (input.state?.length) where.push(inArray(replayJobLetters.state, input.state));
  if (input.cursor) {
    const seq = Number(input.cursor);
    if (!Number.isInteger(seq)) throw new ReplayInputError('cursor', 'not a cursor this list gave');
    where.push(gt(replayJobLetters.seq, seq));
  }
  const found = await db
    .select()
    .from(replayJobLetters)
    .where(and(...where))
    .orderBy(asc(replayJobLetters.seq))
    .limit(limit + 1);
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((l) => ({
      letterId: l.letterId,
      state: l.state,
      eventId: l.eventId,
      entryId: l.entryId,
      newLetterId: l.newLetterId,
      replayedAt: iso(l.replayedAt),
      settledAt: iso(l.settledAt),
      detail: l.detail,
    })),
    nextCursor: found.length > limit && last ? String(last.seq) : null,
  };
}

function splitCursor(cursor: string): [string, string] {
  const bar = cursor.indexOf('|');
  if (bar <= 0) throw new ReplayInputError('cursor', 'not a cursor this list gave');
  return [cursor.slice(0, bar), cursor.slice(bar + 1)];
}
