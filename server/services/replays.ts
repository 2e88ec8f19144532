/**
 * Replay jobs: preview (`dryRun`) freezes the exact set of letters and says what a replay would do;
 * create makes the job (its letters, in one transaction with the audit row) that the runner
 * (server/replays/) then paces through. A letter is in at most one live job: the partial unique index
 * on replay_job_letters refuses the second (a double click, two operators), answered 409.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { selectRows } from '@/db/select-rows';
import { deadLetters, replayJobs, replayPreviews } from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import { maskPayload } from '@/server/access/masking';
import { can } from '@/server/access/roles';
import { currentMaskingRules } from '@/server/access/rules-snapshot';
import type { Keys } from '@/server/bus/keys';
import {
  REPLAY_PAUSE_AT_FAILURE_RATE,
  REPLAY_RATE_DEFAULTS,
  type ReplayJob,
  type ReplayPlan,
  type ReplayRequest,
} from '@/server/contracts/replays';
import { estimateSeconds } from './replays-pace';
import { recordAudit } from './audit';
import { prepareEdit, type DataValidator, type PreparedEdit } from './replay-edit';
import {
  ReplayConflictError,
  ReplayForbiddenError,
  ReplayInputError,
  ReplayNotFoundError,
} from './replay-errors';
import { REPLAY_MAX_LETTERS, resolveSelection } from './replay-selection';
import { planFigures } from './replays-plan';
import { presentReplayJob } from './replays-read';
import { assertTargetSupported } from './replays-target';

/** Replays of more letters than this wait for a second admin's approval (EVENTLENS_REPLAY_APPROVAL_THRESHOLD). */
export const DEFAULT_APPROVAL_THRESHOLD = 100;
/** How long a preview's frozen set may be acted on. */
export const PREVIEW_TTL_MS = 60 * 60 * 1000;

export interface ReplaysContext {
  db: Db;
  redis: Redis;
  keys: Keys;
  caller: Principal;
  ip?: string | null;
  approvalThreshold?: number;
  /** EventLens' own consumer groups, left out of the receiving groups. */
  internalGroups?: readonly string[];
  /** Validates an edited event's data against the schema registry, when the server has one. */
  validateData?: DataValidator;
}

/** What a replay would do; freezes the letters under the returned `previewId`. */
export async function previewReplay(ctx: ReplaysContext, request: ReplayRequest): Promise<ReplayPlan> {
  await authorise(ctx, 'replay.preview');
  return (await freeze(ctx, request)).plan;
}

/** Makes the job: from a preview's frozen set, or from the selection as it is now. */
export async function createReplay(ctx: ReplaysContext, request: ReplayRequest): Promise<ReplayJob> {
  await authorise(ctx, 'replay.create');
  const frozen = request.previewId ? await fromPreview(ctx, request) : await freeze(ctx, request);
  const { plan, edit } = frozen;
  if (edit && !edit.valid) throw new ReplayInputError('edit.event', edit.errors[0] ?? 'invalid event');
  const rate = rates(request);
  const id = randomUUID();
  const job = await ctx.db
    .transaction(async (tx) => {
      await tx.insert(replayJobs).values({
        id,
        state: plan.needsApproval ? 'awaiting-approval' : 'queued',
        selection: request.selection,
        target: request.target ?? {},
        rateStart: rate.start,
        rateMax: rate.max,
        pauseAtFailureRate: request.pauseAtFailureRate ?? REPLAY_PAUSE_AT_FAILURE_RATE,
        edit: edit?.event ? { event: edit.event, diff: edit.diff } : null,
        plan,
        total: 0,
        newSincePreview: frozen.newSincePreview,
        createdBy: ctx.caller.userId,
        createdByName: ctx.caller.name,
      });
      // the frozen set, in order, minus letters another live job holds (the partial unique index), each
      // with the event id its outcome is matched by: the letter's own, or an edited replay's new one
      const [inserted] = await selectRows<{ count: number }>(
        tx,
        sql`with ins as (
            insert into replay_job_letters (job_id, letter_id, seq, event_id)
            select ${id}, f.id, f.n::int, ${edit ? sql`${edit.eventId ?? null}::text` : sql`d.event_id`}
            from replay_previews p cross join lateral unnest(p.letter_ids) with ordinality as f(id, n)
            left join dead_letters d on d.id = f.id
            where p.id = ${plan.previewId}
            on conflict do nothing
            returning 1)
          select count(*)::int as count from ins`,
      );
      const total = inserted?.count ?? 0;
      if (total === 0) {
        if (plan.count === 0 && plan.inOtherJobs === 0)
          throw new ReplayInputError('selection', 'matches no pending dead letters');
        throw new ReplayConflictError('these dead letters are already in a live replay job');
      }
      const auditId = await recordAudit(tx, {
        actor: ctx.caller,
        action: 'replay.create',
        targets: [id],
        parameters: {
          selection: summarise(request.selection),
          target: request.target ?? {},
          rate,
          total,
          leftOut: plan.count - total,
          newSincePreview: frozen.newSincePreview,
          needsApproval: plan.needsApproval,
          ...(edit ? { diff: edit.diff } : {}),
        },
        result: 'started',
        ip: ctx.ip ?? null,
      });
      const [row] = await tx
        .update(replayJobs)
        .set({ total, auditId, plan: { ...plan, inOtherJobs: plan.inOtherJobs + plan.count - total } })
        .where(eq(replayJobs.id, id))
        .returning();
      return row!;
    })
    .catch(async (error: unknown) => {
      // a refused job (409: a double click, a second operator) is on the record too
      if (error instanceof ReplayConflictError)
        await recordAudit(ctx.db, {
          actor: ctx.caller,
          action: 'replay.create',
          parameters: { selection: summarise(request.selection) },
          result: 'failed',
          detail: error.message,
          ip: ctx.ip ?? null,
        });
      throw error;
    });
  return presentReplayJob(job);
}

interface Frozen {
  plan: ReplayPlan;
  edit: PreparedEdit | null;
  newSincePreview: number;
}

/** Resolves the selection now, stores the ids (minus those in live jobs) and computes the plan. */
async function freeze(ctx: ReplaysContext, request: ReplayRequest): Promise<Frozen> {
  assertTargetSupported(request.target);
  const ids = await resolveSelection(ctx.db, request.selection, REPLAY_MAX_LETTERS + 1);
  if (ids.length > REPLAY_MAX_LETTERS)
    throw new ReplayInputError('selection', `more than ${REPLAY_MAX_LETTERS} letters: narrow it down`);
  if (request.edit && ids.length !== 1)
    throw new ReplayInputError(
      'edit',
      `an edited replay acts on exactly one letter; the selection has ${ids.length}`,
    );
  const previewId = randomUUID();
  const now = new Date();
  await ctx.db.delete(replayPreviews).where(sql`${replayPreviews.expiresAt} < now()`);
  await ctx.db.insert(replayPreviews).values({
    id: previewId,
    letterIds: ids,
    request: { ...request, dryRun: undefined, previewId: undefined },
    plan: {},
    createdBy: ctx.caller.userId,
    expiresAt: new Date(now.getTime() + PREVIEW_TTL_MS),
  });
  // letters another live job holds are left out of the frozen set (and counted)
  const [kept] = await selectRows<{ count: number }>(
    ctx.db,
    sql`update replay_previews set letter_ids = array(
          select f.id from unnest(letter_ids) with ordinality as f(id, n)
          where not exists (select 1 from replay_job_letters l
                            where l.letter_id = f.id and l.state in ('pending', 'replaying'))
          order by f.n)
        where id = ${previewId} returning cardinality(letter_ids)::int as count`,
  );
  const inOtherJobs = ids.length - (kept?.count ?? 0);
  const edit = request.edit ? await prepare(ctx, ids[0]!, request.edit.event) : null;
  const figures = await planFigures(ctx, previewId, request.target);
  const threshold = ctx.approvalThreshold ?? DEFAULT_APPROVAL_THRESHOLD;
  const rate = rates(request);
  const reasons = [
    figures.count > threshold && `more than ${threshold} letters`,
    edit && 'an edited replay',
  ].filter((r): r is string => typeof r === 'string');
  const plan: ReplayPlan = {
    previewId,
    ...figures,
    inOtherJobs,
    needsApproval: reasons.length > 0,
    approvalReason: reasons.length > 0 ? `${reasons.join(' and ')}: a second admin approves` : null,
    estimatedSeconds: Math.ceil(estimateSeconds(figures.count, rate.start, rate.max)),
    edit: edit ? { valid: edit.valid, errors: edit.errors, diff: edit.diff } : null,
    createdAt: now.toISOString(),
  };
  await ctx.db.update(replayPreviews).set({ plan }).where(eq(replayPreviews.id, previewId));
  return { plan, edit, newSincePreview: 0 };
}

/** A preview's frozen set and plan, and how many letters matching its selection arrived since. */
async function fromPreview(ctx: ReplaysContext, request: ReplayRequest): Promise<Frozen> {
  const [preview] = await ctx.db
    .select()
    .from(replayPreviews)
    .where(sql`${replayPreviews.id} = ${request.previewId} and ${replayPreviews.expiresAt} > now()`);
  if (!preview) throw new ReplayNotFoundError(`preview ${request.previewId} (previews last an hour)`);
  const asked = preview.request as Partial<ReplayRequest>;
  // the job must be what was previewed: same letters, same destination, same edit
  for (const field of ['selection', 'target', 'edit'] as const) {
    if (canonical(asked[field]) !== canonical(request[field]))
      throw new ReplayInputError('previewId', `the preview was made for another ${field}`);
  }
  assertTargetSupported(request.target);
  const frozenIds = new Set(preview.letterIds);
  const now = await resolveSelection(ctx.db, request.selection, REPLAY_MAX_LETTERS);
  const newSincePreview = now.filter((id) => !frozenIds.has(id)).length;
  const plan = preview.plan as ReplayPlan;
  const first = preview.letterIds[0];
  const edit = request.edit && first ? await prepare(ctx, first, request.edit.event) : null;
  return { plan, edit, newSincePreview };
}

async function prepare(ctx: ReplaysContext, letterId: string, edited: string): Promise<PreparedEdit> {
  const [letter] = await ctx.db
    .select({ raw: deadLetters.raw })
    .from(deadLetters)
    .where(eq(deadLetters.id, letterId));
  // the diff is shown to the caller: masked for them like any payload they read
  const rules = currentMaskingRules();
  return prepareEdit(
    letter?.raw.event,
    edited,
    ctx.validateData,
    (type, sensitivity, data) => maskPayload(ctx.caller.role, rules, type, sensitivity, data).data,
  );
}

/** JSON with keys sorted at every level: the stored request comes back from jsonb in its own key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function rates(request: ReplayRequest): { start: number; max: number } {
  const max = request.rate?.max ?? REPLAY_RATE_DEFAULTS.max;
  return { start: Math.min(request.rate?.start ?? REPLAY_RATE_DEFAULTS.start, max), max };
}

/** The selection as the audit row keeps it: a long id list is cut, with its length. */
function summarise(selection: ReplayRequest['selection']): Record<string, unknown> {
  if ('ids' in selection && selection.ids.length > 20)
    return { ids: selection.ids.slice(0, 20), idsCount: selection.ids.length };
  return selection;
}

/** Replays need events:act (the routes check it too); a refusal is audited. */
async function authorise(ctx: ReplaysContext, action: string): Promise<void> {
  if (can(ctx.caller.role, 'events:act')) return;
  await recordAudit(ctx.db, {
    actor: ctx.caller,
    action,
    result: 'denied',
    detail: `your role (${ctx.caller.role}) lacks events:act`,
    ip: ctx.ip ?? null,
  });
  throw new ReplayForbiddenError(`your role (${ctx.caller.role}) lacks events:act`);
}
