/**
 * GET /api/processors, /api/rules and /api/rules/{name} over processor heartbeats in a real Redis and
 * alert events in a real Postgres: rules only in the rules list, matches per minute over the last hour
 * (other rules' alerts on the same topic and type left out), latest alerts newest first with a cursor,
 * 400 naming the field, 404 for an unknown or non-rule processor, and alert data masked for the caller.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '@/db/schema';
import { ApiError } from '@/server/contracts/errors';
import type { ProcessorPresence } from '@/server/contracts/bus-state';
import { ProcessorSummary, RuleDetail, RuleSummary } from '@/server/contracts/rules';
import { expectBadRequest, get, json, request } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { eventRow } from '@/server/testing/store-rows';
import { POST as postRule } from './masking-rules/route';
import { GET as getProcessors } from './processors/route';
import { GET as getRule } from './rules/[name]/route';
import { GET as getRules } from './rules/route';

const NOW = Date.now();
const MINUTE = 60_000;
/**
 * How long ago a moment 30 minutes back and 20 s into its wall-clock minute was: the rules count their
 * matches by wall-clock minute, and two alerts a second apart that straddled a minute's turn (once in 60
 * runs) were counted in two minutes.
 */
const HALF_HOUR_MS_AGO = (NOW % MINUTE) + 30 * MINUTE - 20_000;

function presence(overrides: Partial<ProcessorPresence> & Pick<ProcessorPresence, 'name' | 'kind'>) {
  return {
    service: 'detector',
    group: `streams.${overrides.name}`,
    consumer: 'c1',
    topics: ['auth'],
    output: 'alerts',
    host: 'h',
    pid: 1,
    ratePerSec: 2.5,
    lag: 0,
    errors: 0,
    applied: 40,
    emitted: 0,
    corrected: 0,
    dropped: 0,
    fired: 3,
    matched: 0,
    watermark: NOW,
    lastSeen: NOW,
    ...overrides,
  } satisfies ProcessorPresence;
}

/** An alert event as the SDK publishes it (data: RuleAlert). */
const alert = (
  id: string,
  msAgo: number,
  rule: string,
  key: string,
  matched: string[],
  type = 'auth.brute-force',
) =>
  eventRow({
    eventId: id,
    time: new Date(NOW - msAgo),
    topic: 'alerts',
    source: '/services/detector',
    type,
    subject: key,
    correlationId: `corr-${id}`,
    causationId: matched.at(-1) ?? null,
    data: {
      rule,
      key,
      events: matched,
      first: new Date(NOW - msAgo - 5_000).toISOString(),
      last: new Date(NOW - msAgo).toISOString(),
    },
  });

describe('REST API: processors and rules (real Redis and Postgres)', () => {
  let ctx: TestContext;
  const detail = (name: string, query = '', headers?: Record<string, string>) =>
    getRule(request(`/api/rules/${encodeURIComponent(name)}${query}`, headers ? { headers } : {}), {
      params: Promise.resolve({ name }),
    });

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-rules');
    await ctx.redis.hset(
      ctx.keys.streamProcessors(),
      'brute-force/c1',
      JSON.stringify(
        presence({
          name: 'brute-force',
          kind: 'count',
          outputType: 'auth.brute-force',
          rule: { count: 5, withinMs: 60_000 },
          description: '5 auth.failed of one user within 60 s',
        }),
      ),
      'brute-force/c2',
      JSON.stringify(
        presence({
          name: 'brute-force',
          kind: 'count',
          consumer: 'c2',
          pid: 2,
          ratePerSec: 1.5,
          outputType: 'auth.brute-force',
          rule: { count: 5, withinMs: 60_000 },
        }),
      ),
      'route-signals/c1',
      JSON.stringify(
        presence({ name: 'route-signals', kind: 'forward', topics: ['signals'], output: 'signals.routed' }),
      ),
      'unpaid/c1',
      JSON.stringify(
        presence({
          name: 'unpaid',
          kind: 'absence',
          topics: ['orders', 'payments'],
          rule: { withinMs: 600_000 },
        }),
      ),
      'junk/c1',
      'not json',
    );
    await ctx.db.insert(events).values([
      alert('a1', HALF_HOUR_MS_AGO, 'brute-force', 'alice', ['e1', 'e2', 'e3', 'e4', 'e5']),
      alert('a2', HALF_HOUR_MS_AGO + 1_000, 'brute-force', 'bob', ['e6', 'e7', 'e8', 'e9', 'e10']),
      alert('a3', 5 * MINUTE, 'brute-force', 'alice', ['e11', 'e12', 'e13', 'e14', 'e15']),
      // another rule publishing the same type to the same topic: not brute-force's
      alert('x1', 5 * MINUTE, 'other-rule', 'carol', ['e20']),
      // older than the hour: not in the minutes, still the list's history
      alert('old', 3 * 60 * MINUTE, 'brute-force', 'dave', ['e30']),
      // the absence rule's default type
      alert('u1', 10 * MINUTE, 'unpaid', 'order-9', ['e40'], 'unpaid.alert'),
    ]);
    const masking = await postRule(
      request('/api/masking-rules', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventType: 'auth.brute-force', path: '$.key', revealTo: 'admin' }),
      }),
    );
    expect(masking.status).toBe(201);
  });
  afterAll(() => ctx?.cleanup());

  it('lists every running processor, its processes summed', async () => {
    const list = ProcessorSummary.array().parse(await json(await get(getProcessors, '/api/processors')));
    expect(list.map((p) => [p.name, p.kind])).toEqual([
      ['brute-force', 'count'],
      ['route-signals', 'forward'],
      ['unpaid', 'absence'],
    ]);
    expect(list[0]).toMatchObject({
      processes: 2,
      ratePerSec: 4,
      rule: { count: 5, withinMs: 60_000 },
      description: '5 auth.failed of one user within 60 s',
      outputType: 'auth.brute-force',
    });
  });

  it('lists rules with matches per minute over the last hour and the last match', async () => {
    const rules = RuleSummary.array().parse(
      await json(await get(getRules, '/api/rules', await ctx.as('viewer'))),
    );
    expect(rules.map((r) => r.name)).toEqual(['brute-force', 'unpaid']);
    const brute = rules[0]!;
    expect(brute.matchesPerMinute).toHaveLength(60);
    expect(brute.matchesLastHour).toBe(3);
    expect(brute.matchesPerMinute.filter((m) => m.count > 0).map((m) => m.count)).toEqual([2, 1]);
    expect(brute.lastMatchAt).toBe(new Date(NOW - 5 * MINUTE).toISOString());
    expect(brute.alertType).toBe('auth.brute-force');
    const unpaid = rules[1]!;
    expect(unpaid).toMatchObject({
      alertType: 'unpaid.alert',
      matchesLastHour: 1,
      rule: { count: null, withinMs: 600_000 },
    });
  });

  it("pages a rule's latest alerts newest first, each with its matched events and trace", async () => {
    const first = RuleDetail.parse(await json(await detail('brute-force', '?limit=2')));
    expect(first.rule.name).toBe('brute-force');
    expect(first.alerts.map((a) => a.id)).toEqual(['a3', 'a1']);
    expect(first.alerts[0]).toMatchObject({
      key: 'alice',
      events: ['e11', 'e12', 'e13', 'e14', 'e15'],
      correlationId: 'corr-a3',
      source: '/services/detector',
    });
    expect(first.nextCursor).not.toBeNull();
    const second = RuleDetail.parse(
      await json(await detail('brute-force', `?limit=2&cursor=${first.nextCursor}`)),
    );
    expect(second.alerts.map((a) => a.id)).toEqual(['a2', 'old']);
    expect(second.nextCursor).toBeNull();
  });

  it('answers 400 naming the field and 404 for what is not a running rule', async () => {
    await expectBadRequest(await detail('brute-force', '?cursor=nope'), 'query.cursor', /cursor/);
    await expectBadRequest(await detail('brute-force', '?limit=0'), 'query.limit', /./);
    for (const name of ['missing', 'route-signals']) {
      const response = await detail(name);
      expect(response.status).toBe(404);
      expect(ApiError.parse(await response.json()).error.code).toBe('NOT_FOUND');
    }
  });

  it('masks alert data: the key by a rule for an analyst, everything for a viewer', async () => {
    const analyst = RuleDetail.parse(
      await json(await detail('brute-force', '?limit=1', await ctx.as('analyst'))),
    );
    expect(analyst.alerts[0]).toMatchObject({ key: null, events: ['e11', 'e12', 'e13', 'e14', 'e15'] });
    expect(analyst.alerts[0]!.masked).toEqual({ all: false, reason: 'rule', paths: ['$.key'] });
    const viewer = RuleDetail.parse(
      await json(await detail('brute-force', '?limit=1', await ctx.as('viewer'))),
    );
    expect(viewer.alerts[0]).toMatchObject({ key: null, events: [], masked: { all: true } });
    expect(JSON.stringify(viewer)).not.toContain('alice');
    const admin = RuleDetail.parse(await json(await detail('brute-force', '?limit=1')));
    expect(admin.alerts[0]!.key).toBe('alice');
  });
});
