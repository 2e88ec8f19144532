/**
 * GET /api/aggregates and /api/aggregates/{type}/{id} over a real Redis and Postgres: types merged with
 * their counters, a history page with the state at `at` and each event's diff (from this process, from
 * an owner asked over the bus, and without any: the stored events and a plain note), 400 naming the
 * field, 404, and masking of event data and states by role and rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createBus, type Bus } from '@/server/bus';
import { unregisterLocalAggregate } from '@/server/bus/aggregates/local';
import { AggregateDetail, AggregateTypeList } from '@/server/contracts/aggregates';
import { ApiError } from '@/server/contracts/errors';
import { appContext, registerAppContext } from '@/server/http/context';
import { expectBadRequest, get, json, request } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { GET as getAggregate } from './aggregates/[type]/[id]/route';
import { GET as listAggregates } from './aggregates/route';
import { POST as postRule } from './masking-rules/route';

interface Account {
  owner: { name: string; iban: string } | null;
  balance: number;
  history: number[];
}
type AccountEvent =
  | { type: 'account.opened'; data: { name: string; iban: string } }
  | { type: 'account.deposited'; data: { amount: number } };

const accountSpec = () => ({
  type: 'account',
  topic: 'accounts',
  initial: (): Account => ({ owner: null, balance: 0, history: [] }),
  apply: (state: Account, event: AccountEvent): Account =>
    event.type === 'account.opened'
      ? { ...state, owner: { ...event.data } }
      : {
          ...state,
          balance: state.balance + event.data.amount,
          history: [...state.history, event.data.amount],
        },
  snapshotEvery: 2,
  commands: {
    'account.deposit': {
      schema: z.object({ amount: z.number().positive() }),
      handle: (_state: Account, input: { amount: number }) => ({ type: 'account.deposited', data: input }),
    },
  },
});

const message = async (response: Response) => ApiError.parse(await response.json()).error.message;

describe('REST API: aggregates (route handlers over real Redis and Postgres)', () => {
  let ctx: TestContext;
  let owner: Bus;
  const buses: Bus[] = [];
  const detail = (type: string, id: string, query = '', headers?: Record<string, string>) =>
    getAggregate(
      request(
        `/api/aggregates/${encodeURIComponent(type)}/${encodeURIComponent(id)}${query}`,
        headers ? { headers } : {},
      ),
      { params: Promise.resolve({ type, id }) },
    );
  const ok = async (response: Response) => {
    expect(response.status).toBe(200);
    return AggregateDetail.parse(await json(response));
  };

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-aggregates');
    owner = createBus({ redis: ctx.redis, service: 'ledger', prefix: ctx.prefix, telemetry: false });
    buses.push(owner);
    const accounts = owner.aggregates.define(accountSpec());
    await accounts.append(
      'acc-1',
      { type: 'account.opened', data: { name: 'Ada', iban: 'DE001' } },
      { expectedVersion: 0 },
    );
    for (const amount of [10, 20, 5]) await accounts.execute('acc-1', 'account.deposit', { amount });
    // a writer that read an old version: refused, and counted as a conflict
    await expect(
      accounts.append('acc-1', { type: 'account.deposited', data: { amount: 1 } }, { expectedVersion: 1 }),
    ).rejects.toThrow(/another writer/);
    await expect(accounts.execute('acc-1', 'account.deposit', { amount: -1 })).rejects.toThrow(/invalid/);
    await owner.aggregates.announce();
    for (const body of [
      { eventType: 'account.opened', path: '$.iban', revealTo: 'admin' },
      { eventType: 'account', path: '$.owner.iban', revealTo: 'admin' },
    ]) {
      const rule = await postRule(
        request('/api/masking-rules', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
      expect(rule.status).toBe(201);
    }
  });
  afterAll(async () => {
    for (const bus of buses) await bus.close({ timeoutMs: 1_000 });
    await ctx?.cleanup();
  });

  it('lists types merged across processes with their counters', async () => {
    const list = AggregateTypeList.parse(await json(await get(listAggregates, '/api/aggregates')));
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      type: 'account',
      topic: 'accounts',
      aggregates: 1,
      appends: 4,
      events: 4,
      conflicts: 1,
      commands: 4,
      invalid: 1,
      commandTypes: ['account.deposit'],
      writers: [expect.objectContaining({ service: 'ledger', pid: process.pid })],
    });
  });

  it('shows the state at `at` and what each event changed (this process defines the type)', async () => {
    const latest = await ok(await detail('account', 'acc-1'));
    expect(latest).toMatchObject({ version: 4, at: 4, from: 1, to: 4, states: 'local', statesNote: null });
    expect(latest.state).toEqual({
      owner: { name: 'Ada', iban: 'DE001' },
      balance: 35,
      history: [10, 20, 5],
    });
    const back = await ok(await detail('account', 'acc-1', '?at=2'));
    expect(back.state).toEqual({ owner: { name: 'Ada', iban: 'DE001' }, balance: 10, history: [10] });
    expect(back.events.map((e) => e.type)).toEqual([
      'account.opened',
      'account.deposited',
      'account.deposited',
      'account.deposited',
    ]);
    expect(back.events[0]!.changes).toEqual([
      { op: 'changed', path: '$.owner', before: null, after: { name: 'Ada', iban: 'DE001' } },
    ]);
    expect(back.events[2]!.changes).toEqual([
      { op: 'changed', path: '$.balance', before: 10, after: 30 },
      { op: 'added', path: '$.history[1]', after: 20 },
    ]);
  });

  it('asks a live owner over the bus, and says plainly when none answers', async () => {
    const accounts = owner.aggregates.get('account')!;
    // as if the type were defined in another process only
    unregisterLocalAggregate(ctx.prefix, 'account', accounts);
    const console = createBus({ redis: ctx.redis, service: 'console', prefix: ctx.prefix, telemetry: false });
    buses.push(console);
    const context = appContext();
    registerAppContext({ ...context, aggregateInspector: console });
    try {
      const asked = await ok(await detail('account', 'acc-1', '?at=3'));
      expect(asked).toMatchObject({ states: 'owner', at: 3 });
      expect(asked.state).toMatchObject({ balance: 30 });
      await owner.close({ timeoutMs: 1_000 });
      const alone = await ok(await detail('account', 'acc-1', '?at=3'));
      expect(alone).toMatchObject({ states: 'unavailable', version: 4, at: 3, from: 1, to: 4 });
      expect(alone.statesNote).toMatch(/state needs a live process that defines account/i);
      expect(alone.state).toBeUndefined();
      expect(alone.events.map((e) => [e.version, e.type, e.stateAfter])).toEqual([
        [1, 'account.opened', undefined],
        [2, 'account.deposited', undefined],
        [3, 'account.deposited', undefined],
        [4, 'account.deposited', undefined],
      ]);
    } finally {
      registerAppContext(context);
    }
  });

  it('400 names the field, 404 says what is missing', async () => {
    await expectBadRequest(await detail('account', 'acc-1', '?at=0'), 'query.at', /integer from 1/);
    await expectBadRequest(await detail('account', 'acc-1', '?at=x'), 'query.at', /integer/);
    await expectBadRequest(await detail('account', 'acc-1', '?when=1'), 'query', /unknown parameter "when"/);
    const beyond = await detail('account', 'acc-1', '?at=99');
    expect(beyond.status).toBe(400);
    expect(((await beyond.json()) as { error: { message: string } }).error.message).toMatch(
      /^query\.at: version 99 is out of range: the aggregate has versions 1 to 4/,
    );
    const badType = await detail('no type', 'acc-1');
    expect(badType.status).toBe(400);
    expect(await badType.text()).toMatch(/params\.type/);
    const badId = await detail('account', 'a b');
    expect(badId.status).toBe(400);
    expect(await badId.text()).toMatch(/params\.id/);
    const unknownType = await detail('nothing', 'acc-1');
    expect(unknownType.status).toBe(404);
    expect(await message(unknownType)).toMatch(/^unknown aggregate type "nothing"/);
    const unknownId = await detail('account', 'acc-404');
    expect(unknownId.status).toBe(404);
    expect(await message(unknownId)).toBe('no account aggregate with id "acc-404"');
  });

  it('masks event data by its rules and states by the aggregate type’s, wholly for viewers', async () => {
    const define = createBus({ redis: ctx.redis, service: 'ledger-2', prefix: ctx.prefix, telemetry: false });
    buses.push(define);
    define.aggregates.define(accountSpec());
    const analyst = await ok(await detail('account', 'acc-1', '?at=1', await ctx.as('analyst')));
    expect(analyst.events[0]!.data).toEqual({ name: 'Ada', iban: '***' });
    expect(analyst.state).toEqual({ owner: { name: 'Ada', iban: '***' }, balance: 0, history: [] });
    // computed from masked states: the masked value does not show through the diff
    expect(JSON.stringify(analyst.events[0]!.changes)).not.toContain('DE001');
    expect(analyst.masking).toMatchObject({
      all: false,
      paths: expect.arrayContaining(['$.iban', '$.owner.iban']),
    });
    const viewer = await ok(await detail('account', 'acc-1', '?at=4', await ctx.as('viewer')));
    expect(JSON.stringify(viewer)).not.toContain('DE001');
    expect(JSON.stringify(viewer)).not.toContain('Ada');
    expect(viewer.masking).toMatchObject({ all: true, reason: 'role' });
    const admin = await ok(await detail('account', 'acc-1', '?at=1'));
    expect(admin.events[0]!.data).toEqual({ name: 'Ada', iban: 'DE001' });
  });
});
