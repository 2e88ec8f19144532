/**
 * GET /api/traces/{correlationId} over rows seeded straight into a real Postgres (the SDK end-to-end
 * chain is in traces-chain.test.ts): the tree with placeholders, deliveries summarised per group, dead
 * letters and replays, paging, masking for a viewer, and 404 / 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TraceExport } from '@/server/contracts/trace-export';
import { TraceComparison, TraceDetail } from '@/server/contracts/traces';
import { ApiError } from '@/server/contracts/errors';
import { json, request } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { at, seedTraces } from '@/server/testing/trace-fixtures';
import { getTrace as readTrace } from '@/server/queries/traces/get-trace';
import { POST as postRule } from './masking-rules/route';
import { GET as exportTrace } from './traces/[correlationId]/export/route';
import { GET as getTrace } from './traces/[correlationId]/route';
import { GET as compare } from './traces/compare/route';

describe('REST API: one trace (route handler over real Postgres and Redis)', () => {
  let ctx: TestContext;
  const trace = async (id: string, query = '', headers?: Record<string, string>) =>
    getTrace(request(`/api/traces/${encodeURIComponent(id)}${query}`, headers ? { headers } : {}), {
      params: Promise.resolve({ correlationId: id }),
    });

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-traces');
    await seedTraces(ctx.db);
    const rule = await postRule(
      request('/api/masking-rules', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ eventType: 'order.*', path: '$.card', revealTo: 'admin' }),
      }),
    );
    expect(rule.status).toBe(201);
  });
  afterAll(() => ctx.cleanup());

  it('answers the tree depth first, oldest child first, with placeholders for causes outside the trace', async () => {
    const response = await trace('c-1');
    expect(response.status).toBe(200);
    const detail = TraceDetail.parse(await json(response));
    expect(detail.nodes.map((n) => `${'  '.repeat(n.depth)}${n.kind}:${n.id}`)).toEqual([
      'event:o1',
      '  event:p1',
      '    event:s1',
      '  event:n1',
      'missing-cause:x0',
      '  event:x1',
      'missing-cause:ghost',
      '  event:y1',
    ]);
    expect(detail.totalNodes).toBe(8);
    expect(detail.nodes[0]!.descendants).toBe(3);
    expect(detail.nodes.find((n) => n.id === 's1')!.sinceParentMs).toBe(300);
    expect(detail.summary).toMatchObject({
      rootEventId: 'o1',
      rootType: 'order.placed',
      events: 6,
      failures: 2,
      deadLetters: 1,
      replays: 1,
      durationMs: 1_000,
    });
    expect(detail.summary.services).toEqual(['/billing', '/notify', '/shipping', '/shop', 'shop']);
    const warnings = detail.warnings.map((w) =>
      w.kind === 'missing-cause' ? [w.causationId, w.otherCorrelationId] : w.kind,
    );
    expect(warnings).toEqual([
      ['x0', 'c-other'],
      ['ghost', null],
    ]);
    expect(detail.nodes.find((n) => n.id === 'ghost')!.reason).toMatch(/never recorded/);
    expect(detail.nodes.find((n) => n.id === 'x0')!.reason).toMatch(/c-other/);
  });

  it('summarises deliveries per group: attempts, backoff, queue wait, the dead letter and its replay', async () => {
    const detail = TraceDetail.parse(await json(await trace('c-1')));
    const [shipping] = detail.nodes.find((n) => n.id === 'p1')!.deliveries;
    expect(shipping).toMatchObject({
      group: 'shipping',
      service: '/shipping',
      outcome: 'replayed',
      queueWaitMs: 20,
      handlerMs: 40,
      startMs: 120,
      endMs: 1_000,
      deadLetterId: 'payments/9-0',
      replayJobId: 'job-1',
      replayEventId: 'p1',
    });
    expect(shipping!.attempts.map((a) => [a.outcome, a.delayMs])).toEqual([
      ['retried', null],
      ['failed', 110],
      ['handled', 730],
    ]);
    expect(detail.replays).toEqual([
      {
        jobId: 'job-1',
        letterId: 'payments/9-0',
        eventId: 'p1',
        newEventId: 'p1',
        state: 'succeeded',
        at: at(900).toISOString(),
      },
    ]);
    // the delivery that ended last decides the critical path: o1 -> p1, then shipping's handling
    expect(detail.criticalPath.eventIds).toEqual(['o1', 'p1']);
    expect(detail.criticalPath.hops.map((h) => [h.toEventId, h.service, h.ms])).toEqual([
      ['o1', '/shop', 0],
      ['p1', '/billing', 100],
      ['p1', '/shipping', 900],
    ]);
    expect(detail.criticalPath.totalMs).toBe(1_000);
    expect(detail.nodes.filter((n) => n.critical).map((n) => n.id)).toEqual(['o1', 'p1']);
  });

  it('shows a loop once, with a cycle placeholder where it closes and a warning, and ends', async () => {
    const detail = TraceDetail.parse(await json(await trace('c-loop')));
    expect(detail.nodes.map((n) => `${'  '.repeat(n.depth)}${n.kind}:${n.id}`)).toEqual([
      'event:a',
      '  event:b',
      '    cycle:a',
      'event:self',
      '  cycle:self',
    ]);
    expect(detail.summary.rootEventId).toBeNull();
    expect(detail.warnings).toEqual([
      expect.objectContaining({ kind: 'cycle', eventIds: ['a', 'b'] }),
      expect.objectContaining({ kind: 'cycle', eventIds: ['self'] }),
    ]);
  });

  it('pages the rows with an opaque cursor; a foreign cursor is a 400', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = TraceDetail.parse(await json(await trace('c-1', query)));
      expect(page.nodes.length).toBeLessThanOrEqual(3);
      expect(page.totalNodes).toBe(8);
      seen.push(...page.nodes.map((n) => n.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['o1', 'p1', 's1', 'n1', 'x0', 'x1', 'ghost', 'y1']);
    const bad = await trace('c-1', '?cursor=not-ours');
    expect(bad.status).toBe(400);
    expect(ApiError.parse(await bad.json()).error.message).toMatch(/cursor/);
  });

  it('masks previews for a viewer as the events list does', async () => {
    const admin = TraceDetail.parse(await json(await trace('c-1')));
    expect(admin.nodes[0]!.preview).toContain('4111');
    const viewer = TraceDetail.parse(await json(await trace('c-1', '', await ctx.as('viewer'))));
    expect(viewer.nodes[0]!.preview).not.toContain('4111');
    expect(viewer.nodes[0]!.preview).toContain('***');
    expect(viewer.nodes[0]!.masked).toBeDefined();
  });

  it('exports the whole trace with data masked for the caller', async () => {
    const exported = async (headers?: Record<string, string>) => {
      const response = await exportTrace(request('/api/traces/c-1/export', headers ? { headers } : {}), {
        params: Promise.resolve({ correlationId: 'c-1' }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toContain('trace-c-1.json');
      return TraceExport.parse(JSON.parse(await response.text()));
    };
    const admin = await exported();
    expect(admin.events.map((e) => e.id)).toEqual(['o1', 'p1', 'n1', 'x1', 'y1', 's1']);
    expect(admin.events[0]).toMatchObject({ data: { card: '4111', n: 1 }, correlationId: 'c-1' });
    expect(admin.events[1]!.deliveries[0]!.outcome).toBe('replayed');
    expect(admin.deadLetters.map((l) => l.id)).toEqual(['payments/9-0']);
    expect(admin.replays.map((r) => r.jobId)).toEqual(['job-1']);
    expect(admin.warnings.map((w) => w.kind)).toEqual(['missing-cause', 'missing-cause']);
    const analyst = await exported(await ctx.as('analyst'));
    expect(analyst.events[0]).toMatchObject({ data: { card: '***', n: 1 }, masked: { paths: ['$.card'] } });
    const viewer = await exported(await ctx.as('viewer'));
    expect(JSON.stringify(viewer.events.map((e) => e.data))).not.toContain('4111');
    expect(viewer.events[0]).toMatchObject({ data: { card: '***', n: '***' }, masked: { all: true } });
    const missing = await exportTrace(request('/api/traces/nobody/export'), {
      params: Promise.resolve({ correlationId: 'nobody' }),
    });
    expect(missing.status).toBe(404);
  });

  it('compares twins hop by hop and marks the slower and the extra hop', async () => {
    const response = await compare(request('/api/traces/compare?a=c-fast&b=c-slow'));
    expect(response.status).toBe(200);
    const comparison = TraceComparison.parse(await json(response));
    expect(comparison.rows.map((r) => [r.path, r.diff])).toEqual([
      ['order.placed', null],
      ['order.placed > payment.requested', 'slower-in-b'],
      ['order.placed > payment.requested > shipment.requested', null],
      ['order.placed > payment.requested > shipment.requested#1', 'only-in-b'],
    ]);
    expect(comparison.rows[1]).toMatchObject({
      a: { eventId: 'fb', sinceParentMs: 10 },
      b: { eventId: 'sb', sinceParentMs: 500 },
    });
    const refused = await compare(request('/api/traces/compare?a=c-fast&b=c-refund'));
    expect(refused.status).toBe(400);
    expect(ApiError.parse(await refused.json()).error.message).toMatch(/order\.placed.*refund\.requested/);
    const missing = await compare(request('/api/traces/compare?a=c-fast&b=nobody'));
    expect(missing.status).toBe(404);
  });

  it('says what it cut when a trace has more events or delivery reports than it reads', async () => {
    const all = await readTrace(ctx.db, 'c-1');
    const deliveries = all.nodes.reduce(
      (n, node) => n + node.deliveries.reduce((m, d) => m + d.attempts.length, 0),
      0,
    );
    expect(deliveries).toBeGreaterThan(1);
    const cut = await readTrace(ctx.db, 'c-1', { maxEvents: 2, maxDeliveries: 1 });
    const truncated = cut.warnings.filter((w) => w.kind === 'truncated');
    expect(truncated.map((w) => [w.of, w.shown, w.total])).toEqual([
      ['events', 2, all.summary.events],
      // o1's one report and p1's attempts: the reports of the two events read
      ['deliveries', 1, expect.any(Number)],
    ]);
    expect(truncated[1]!.total).toBeGreaterThanOrEqual(3);
    expect(all.warnings.filter((w) => w.kind === 'truncated')).toEqual([]);
  });

  it('404 names the correlation id nobody used', async () => {
    const response = await trace('nobody');
    expect(response.status).toBe(404);
    expect(ApiError.parse(await response.json()).error.message).toContain('"nobody"');
  });
});
