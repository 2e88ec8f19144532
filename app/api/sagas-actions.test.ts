/**
 * POST /api/sagas/{id}/{retry|compensate|abort|resolve} on instances a real orchestrator drives in a
 * real Redis, with the audit rows in a real Postgres: the action's transition and its events, 409 when
 * the status does not allow it (a second click), 404, 400 for a resolve without a reason or an unknown
 * action, 403 below operator, and an audit row for every attempt.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { createBus, type Bus } from '@/server/bus/bus';
import { UnrecoverableError } from '@/server/bus/errors';
import { defineSaga } from '@/server/bus/saga';
import { SAGA_TOPIC, SagaLifecycleData } from '@/server/contracts/saga-events';
import { ApiError } from '@/server/contracts/errors';
import { SagaActionResult } from '@/server/contracts/sagas';
import { json, request } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { eventually } from '@/server/testing/redis';
import { POST as act } from './sagas/[id]/[action]/route';

describe('REST API: saga operator actions (real orchestrator, Redis and Postgres)', () => {
  let ctx: TestContext;
  let bus: Bus;
  /** The refund service: down until a test brings it back. */
  let refundsDown = true;
  const undo: string[] = [];

  const stubborn = defineSaga<{ order: string }, { reserve: string; charge: string }>({
    name: 'stubborn-refund',
    version: 1,
    steps: [
      {
        name: 'reserve',
        action: (c) => `r-${c.input.order}`,
        compensate: (c) => {
          if (refundsDown) throw new Error('refund service down');
          undo.push(c.sagaId);
        },
        compensationRetry: { maxAttempts: 1 },
      },
      {
        name: 'charge',
        action: () => {
          throw new UnrecoverableError('card declined');
        },
      },
    ],
  });
  /** Holds, then waits at its second step until the instance is taken away: acted on while running. */
  const slow = defineSaga<{ order: string }, { hold: string; wait: null }>({
    name: 'slow',
    version: 1,
    steps: [
      { name: 'hold', action: (c) => `h-${c.input.order}`, compensate: () => undefined },
      {
        name: 'wait',
        action: (c) =>
          new Promise<null>((resolve) => c.signal.addEventListener('abort', () => resolve(null))),
        compensate: () => undefined,
      },
    ],
  });

  const post = async (
    sagaId: string,
    action: string,
    body: unknown = {},
    headers: Record<string, string> = {},
  ) =>
    act(
      request(`/api/sagas/${sagaId}/${action}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      }),
      { params: Promise.resolve({ id: sagaId, action }) },
    );
  const status = async (sagaId: string) => (await bus.sagas.get(sagaId))?.status;
  const stuckInstance = async (order: string) => {
    const sagaId = await bus.sagas.start(stubborn, { order });
    await eventually(async () => (await status(sagaId)) === 'stuck');
    return sagaId;
  };
  const audits = (sagaId: string) =>
    ctx.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.targets, [sagaId]))
      .orderBy(auditLog.id);
  const lifecycle = async (sagaId: string) =>
    (await ctx.redis.xrange(ctx.keys.stream(SAGA_TOPIC), '-', '+'))
      .map(([, flat]) => JSON.parse(flat[1]!) as { type: string; subject?: string; data: unknown })
      .filter((event) => event.subject === sagaId)
      .map((event) => ({ type: event.type, ...SagaLifecycleData.parse(event.data) }));

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-saga-act');
    bus = createBus({
      redis: ctx.redis,
      service: 'orders',
      prefix: ctx.prefix,
      telemetry: false,
      sagas: { pollMs: 20, leaseMs: 2_000 },
    });
    await bus.sagas.register(stubborn);
    await bus.sagas.register(slow);
  });
  afterAll(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await ctx.cleanup();
  });

  it('an operator retries a stuck compensation: the orchestrator runs it again; a second click is 409', async () => {
    const sagaId = await stuckInstance('o-1');
    refundsDown = false;
    // a double click: both saw `stuck`; one acts, the other finds the instance moved on
    const body = { reason: 'refund service is back', expectStatus: 'stuck' };
    const [first, second] = await Promise.all([
      post(sagaId, 'retry', body, await ctx.as('operator')),
      post(sagaId, 'retry', body, await ctx.as('operator')),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const answer = first.status === 200 ? first : second;
    const result = SagaActionResult.parse(await json(answer));
    expect(result).toMatchObject({ sagaId, action: 'retry', from: 'stuck', status: 'compensating' });
    await eventually(async () => (await status(sagaId)) === 'compensated');
    expect(undo).toEqual([sagaId]);

    // the operator's name and reason are in the instance's own events (the timeline shows them)
    const events = await eventually(async () => {
      const all = await lifecycle(sagaId);
      return all.at(-1)?.type === 'saga.compensated' ? all : null;
    });
    const retried = events.find((e) => e.type === 'saga.compensation.started' && e.actor);
    expect(retried).toMatchObject({
      actor: expect.stringMatching(/^operator test token/),
      reason: 'refund service is back',
    });

    // the same click again, late: the instance is compensated now, and a retry there would re-run it
    const late = await post(sagaId, 'retry', body, await ctx.as('operator'));
    expect(late.status).toBe(409);
    expect(ApiError.parse(await json(late)).error.message).toMatch(/cannot retry a saga that is compensated/);

    const rows = await audits(sagaId);
    expect(rows.map((r) => [r.action, r.result, r.actorRole]).sort()).toEqual([
      ['saga.retry', 'failed', 'operator'],
      ['saga.retry', 'failed', 'operator'],
      ['saga.retry', 'ok', 'operator'],
    ]);
    const ok = rows.find((r) => r.result === 'ok');
    expect(ok?.id).toBe(result.auditId);
    expect(ok?.parameters).toMatchObject({
      definition: 'stubborn-refund@1',
      from: 'stuck',
      to: 'compensating',
      reason: 'refund service is back',
    });

    // a plain retry typed again once the compensation is done: refused, saying how to re-run it
    const plain = await post(sagaId, 'retry', {}, await ctx.as('operator'));
    expect(plain.status).toBe(409);
    expect(ApiError.parse(await json(plain)).error.message).toMatch(
      /is compensated: a retry now runs it again/,
    );
    // asked for by name, the saga runs again from its first step, as a new round
    const rerun = await post(sagaId, 'retry', { expectStatus: 'compensated' }, await ctx.as('operator'));
    expect(SagaActionResult.parse(await json(rerun))).toMatchObject({
      from: 'compensated',
      status: 'running',
    });
    expect((await bus.sagas.get(sagaId))?.round).toBe(1);
  });

  it('resolve needs a reason (400, nothing changes); with one the instance ends compensated', async () => {
    refundsDown = true;
    const sagaId = await stuckInstance('o-2');
    const bare = await post(sagaId, 'resolve', {}, await ctx.as('operator'));
    expect(bare.status).toBe(400);
    expect(ApiError.parse(await json(bare)).error.message).toMatch(/^reason: /);
    expect(await status(sagaId)).toBe('stuck');

    const resolved = await post(sagaId, 'resolve', { reason: 'refunded by hand' }, await ctx.as('admin'));
    expect(SagaActionResult.parse(await json(resolved))).toMatchObject({
      from: 'stuck',
      status: 'compensated',
    });
    expect((await audits(sagaId)).map((r) => [r.action, r.result])).toEqual([
      ['saga.resolve', 'failed'],
      ['saga.resolve', 'ok'],
    ]);
  });

  it('compensate and abort act on a running instance; the state each needs is checked', async () => {
    const toCompensate = await bus.sagas.start(slow, { order: 'o-3' });
    await eventually(async () => (await bus.sagas.get(toCompensate))?.step.name === 'wait');
    const compensated = await post(toCompensate, 'compensate', {}, await ctx.as('operator'));
    expect(SagaActionResult.parse(await json(compensated))).toMatchObject({
      from: 'running',
      status: 'compensating',
    });
    await eventually(async () => (await status(toCompensate)) === 'compensated');

    const toAbort = await bus.sagas.start(slow, { order: 'o-4' });
    const aborted = await post(toAbort, 'abort', { reason: 'customer cancelled' }, await ctx.as('operator'));
    expect(SagaActionResult.parse(await json(aborted))).toMatchObject({ from: 'running', status: 'aborted' });
    expect(await status(toAbort)).toBe('aborted');
    expect((await post(toAbort, 'compensate', {}, await ctx.as('operator'))).status).toBe(409);
  });

  it('refuses a viewer and an analyst (403, audited) and changes nothing', async () => {
    refundsDown = true;
    const sagaId = await stuckInstance('o-5');
    for (const role of ['viewer', 'analyst'] as const) {
      const answer = await post(sagaId, 'retry', {}, await ctx.as(role));
      expect(answer.status).toBe(403);
    }
    expect(await status(sagaId)).toBe('stuck');
    const denied = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'route.denied'), eq(auditLog.result, 'denied')));
    expect(
      denied
        .filter((a) => a.targets.includes(`POST /api/sagas/${sagaId}/retry`))
        .map((a) => a.actorRole)
        .sort(),
    ).toEqual(['analyst', 'viewer']);
  });

  it('404 for an unknown instance (audited as failed), 400 naming an unknown action', async () => {
    const missing = await post('no-such-saga', 'abort', {}, await ctx.as('operator'));
    expect(missing.status).toBe(404);
    expect((await audits('no-such-saga')).map((r) => [r.action, r.result])).toEqual([
      ['saga.abort', 'failed'],
    ]);

    const unknown = await post('no-such-saga', 'restart', {}, await ctx.as('operator'));
    expect(unknown.status).toBe(400);
    expect(ApiError.parse(await json(unknown)).error.message).toMatch(/^params\.action: /);
  });
});
