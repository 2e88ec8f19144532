/**
 * GET /api/sagas, /api/sagas/{id} and /api/saga-definitions over rows seeded into a real Postgres and a
 * definitions hash in a real Redis: list filters and keyset paging, 400 naming the field, 404, the
 * timeline (steps paired with compensations, attempts, late replies, actions, dead letters, allowed
 * actions), payloads masked for a viewer and by a rule, and live counts per status and step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sagaInstances, sagaSteps } from '@/db/schema';
import { ApiError } from '@/server/contracts/errors';
import { SagaDefinitionSummary, SagaDetail, SagaPage } from '@/server/contracts/sagas';
import { expectBadRequest, get, json, request } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { at, seedSagaInstances } from '@/server/testing/saga-instances';
import { sagaInstanceRow } from '@/server/testing/store-rows';
import { POST as postRule } from './masking-rules/route';
import { GET as getDefinitions } from './saga-definitions/route';
import { GET as getSaga } from './sagas/[id]/route';
import { GET as listSagas } from './sagas/route';

describe('REST API: sagas (route handlers over real Postgres and Redis)', () => {
  let ctx: TestContext;
  const list = async (query = '') => SagaPage.parse(await json(await get(listSagas, `/api/sagas${query}`)));
  const ids = (page: SagaPage) => page.items.map((item) => item.sagaId);
  const detail = (id: string, headers?: Record<string, string>) =>
    getSaga(request(`/api/sagas/${encodeURIComponent(id)}`, headers ? { headers } : {}), {
      params: Promise.resolve({ id }),
    });

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-sagas');
    await seedSagaInstances(ctx);
    const rule = await postRule(
      request('/api/masking-rules', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventType: 'saga.started', path: '$.payload.card.number', revealTo: 'admin' }),
      }),
    );
    expect(rule.status).toBe(201);
  });
  afterAll(() => ctx?.cleanup());

  it('lists instances newest activity first, filtered by definition, status, stuck and correlation', async () => {
    expect(ids(await list())).toEqual(['tickets:t-1', 'o-4', 'o-3', 'o-2', 'o-1']);
    expect(ids(await list('?definition=checkout'))).toEqual(['o-3', 'o-2', 'o-1']);
    expect(ids(await list('?definition=checkout@1'))).toEqual(['o-2', 'o-1']);
    expect(ids(await list('?status=running&status=stuck'))).toEqual(['o-2', 'o-1']);
    expect(ids(await list('?stuck=true'))).toEqual(['o-2']);
    expect(ids(await list('?correlationId=c-1'))).toEqual(['o-1']);
    const window = `?from=${at(15).toISOString()}&to=${at(45).toISOString()}`;
    expect(ids(await list(window))).toEqual(['o-4', 'o-3', 'o-2']);
    const [stuck] = (await list('?stuck=true')).items;
    expect(stuck).toEqual({
      sagaId: 'o-2',
      definition: { name: 'checkout', version: 1 },
      kind: 'orchestrated',
      status: 'stuck',
      correlationId: 'c-2',
      currentStep: { index: 0, name: 'reserve' },
      failedStep: {
        index: 1,
        name: 'charge',
        error: { name: 'StepTimeout', message: 'no reply within 100 ms' },
      },
      startedAt: at(0).toISOString(),
      updatedAt: at(20).toISOString(),
      endedAt: null,
    });
  });

  it('pages with a cursor without repeating or skipping', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: SagaPage = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['tickets:t-1', 'o-4', 'o-3', 'o-2', 'o-1']);
  });

  it('answers 400 naming the field for a bad query, 404 for an unknown id', async () => {
    await expectBadRequest(await get(listSagas, '/api/sagas?status=bogus'), 'query.status.0', /running/);
    await expectBadRequest(await get(listSagas, '/api/sagas?limit=0'), 'query.limit', /integer/);
    await expectBadRequest(await get(listSagas, '/api/sagas?stuck=yes'), 'query.stuck', /true/);
    await expectBadRequest(await get(listSagas, '/api/sagas?cursor=zz'), 'query.cursor', /nextCursor/);
    const missing = await detail('no-such-saga');
    expect(missing.status).toBe(404);
    expect(ApiError.parse(await missing.json()).error.message).toContain('"no-such-saga"');
  });

  it('pairs each step with its compensation, with attempts, late replies, actions and dead letters', async () => {
    const saga = SagaDetail.parse(await json(await detail('o-2')));
    expect(saga.summary.status).toBe('stuck');
    expect(saga.input).toEqual({ card: { number: '4111' }, amount: 5 });
    expect(
      saga.steps.map((s) => [s.index, s.step.name, s.step.status, s.compensation?.name ?? null]),
    ).toEqual([
      [0, 'reserve', 'completed', 'release'],
      [1, 'charge', 'timed-out', null],
      [2, 'ship', 'pending', null],
    ]);
    const [reserve, charge] = saga.steps;
    expect(reserve!.step.payload).toEqual({ reservation: 'r-1', card: { number: '4111' } });
    expect(reserve!.step.eventIds).toEqual(['o-2:1', 'o-2:2']);
    expect(reserve!.compensation).toMatchObject({
      status: 'stuck',
      attempts: [
        { attempt: 1, outcome: 'failed', error: { name: 'Error', message: 'locked' } },
        { attempt: 2, outcome: 'failed', endedAt: null },
      ],
    });
    expect(charge!.step.attempts).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'failed', retryInMs: 50 }),
      expect.objectContaining({ attempt: 2, outcome: 'timed-out', retryInMs: null }),
    ]);
    expect(charge!.step.lateReplies).toEqual([{ at: at(15).toISOString(), eventId: 'reply-1' }]);
    expect(saga.actions).toEqual([
      { action: 'retry', actor: 'ops@example.com', reason: 'lock released', at: at(60).toISOString() },
    ]);
    expect(saga.deadLetters).toEqual([{ id: 'sagas/1-0', eventId: 'o-2:7', status: 'pending' }]);
    expect(saga.allowedActions).toEqual(['retry', 'abort', 'resolve']);
    expect(saga.masking).toBeUndefined();

    const choreography = SagaDetail.parse(await json(await detail('tickets:t-1')));
    expect(choreography.allowedActions).toEqual([]);
  });

  it('masks the input and payloads: every value for a viewer, rule paths for an analyst', async () => {
    const viewer = SagaDetail.parse(await json(await detail('o-2', await ctx.as('viewer'))));
    expect(viewer.input).toEqual({ card: { number: '***' }, amount: '***' });
    expect(viewer.steps[0]!.step.payload).toEqual({ reservation: '***', card: { number: '***' } });
    expect(JSON.stringify(viewer)).not.toContain('4111');
    expect(viewer.masking).toMatchObject({ all: true, reason: 'role' });

    const analyst = SagaDetail.parse(await json(await detail('o-2', await ctx.as('analyst'))));
    expect(analyst.input).toEqual({ card: { number: '***' }, amount: 5 });
    // the rule names saga.started: the step's output (saga.step.completed) is not under it
    expect(analyst.steps[0]!.step.payload).toEqual({ reservation: 'r-1', card: { number: '4111' } });
    expect(analyst.masking).toEqual({ all: false, reason: 'rule', paths: ['$.payload.card.number'] });
  });

  it('lists definitions with live counts per status and per step, for a viewer too', async () => {
    const response = await get(getDefinitions, '/api/saga-definitions', await ctx.as('viewer'));
    const [definition, ...others] = SagaDefinitionSummary.array().parse(await json(response));
    expect(others).toEqual([]);
    expect(definition).toMatchObject({ name: 'checkout', version: 1, kind: 'orchestrated' });
    expect(definition!.instances).toEqual({
      running: 1,
      completed: 0,
      compensating: 0,
      compensated: 0,
      stuck: 1,
      aborted: 0,
    });
    const counts = definition!.steps.map(({ name, running, failed, compensating, compensated, stuck }) => ({
      name,
      running,
      failed,
      compensating,
      compensated,
      stuck,
    }));
    expect(counts).toEqual([
      { name: 'reserve', running: 1, failed: 0, compensating: 0, compensated: 0, stuck: 1 },
      { name: 'charge', running: 0, failed: 1, compensating: 0, compensated: 0, stuck: 0 },
      { name: 'ship', running: 0, failed: 0, compensating: 0, compensated: 0, stuck: 0 },
    ]);
  });

  // last: the instance it adds would move the counts above
  it('shows every round of an instance an operator retried after it compensated', async () => {
    await ctx.db.insert(sagaInstances).values(
      sagaInstanceRow({
        sagaId: 'o-5',
        startedAt: at(0),
        correlationId: 'c-5',
        currentStepIndex: 1,
        currentStepName: 'charge',
        updatedAt: at(100),
        lastSeq: 12,
      }),
    );
    const row = (r: Partial<typeof sagaSteps.$inferInsert>) => ({
      sagaId: 'o-5',
      stepIndex: 0,
      phase: 'step' as const,
      attempt: 1,
      name: 'reserve',
      status: 'completed' as const,
      lastSeq: 1,
      ...r,
    });
    await ctx.db
      .insert(sagaSteps)
      .values([
        row({ round: 0, startedAt: at(1), endedAt: at(2), payload: { reservation: 'r-0' } }),
        row({ round: 0, stepIndex: 1, name: 'charge', status: 'failed', startedAt: at(3), endedAt: at(4) }),
        row({ round: 0, phase: 'compensation', startedAt: at(5), endedAt: at(6) }),
        row({ round: 1, startedAt: at(90), endedAt: at(91), payload: { reservation: 'r-1' } }),
        row({ round: 1, stepIndex: 1, name: 'charge', status: 'running', startedAt: at(92) }),
      ]);
    const saga = SagaDetail.parse(await json(await detail('o-5')));
    expect(
      saga.steps.map((s) => [
        s.round,
        s.index,
        s.step.name,
        s.step.status,
        s.compensation ? `${s.compensation.name} ${s.compensation.status}` : null,
      ]),
    ).toEqual([
      [0, 0, 'reserve', 'completed', 'release completed'],
      [0, 1, 'charge', 'failed', null],
      // round 0 is over: what it did not reach it skipped, while round 1 still may
      [0, 2, 'ship', 'skipped', null],
      [1, 0, 'reserve', 'completed', 'release pending'],
      [1, 1, 'charge', 'running', null],
      [1, 2, 'ship', 'pending', null],
    ]);
    expect(saga.steps.map((s) => s.step.payload ?? null).filter(Boolean)).toEqual([
      { reservation: 'r-0' },
      { reservation: 'r-1' },
    ]);
    expect(saga.steps[3]!.step.attempts).toEqual([
      expect.objectContaining({ attempt: 1, startedAt: at(90).toISOString(), outcome: 'completed' }),
    ]);
  });
});
