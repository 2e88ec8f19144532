/**
 * A trace end to end: three services on the SDK (shop publishes, billing fails once then succeeds,
 * shipping fails until its dead letter is replayed through the replay service), a foreign stream
 * written by a raw XADD with correlation fields, all recorded by the real recorder into a real
 * Postgres; GET /api/traces/{id} answers the right tree with every delivery, dead letter and replay,
 * and the export masks the payloads for a viewer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBus, type Bus } from '@/server/bus';
import { ReplayJob } from '@/server/contracts/replays';
import { TraceExport } from '@/server/contracts/trace-export';
import { TraceDetail, TracePage } from '@/server/contracts/traces';
import type { Recorder } from '@/server/recorder';
import { json, request } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { deleteForeign, sql, startTestRecorder } from '@/server/testing/recorder';
import { eventually } from '@/server/testing/redis';
import { replayApi } from '@/server/testing/replay-api';
import { GET as exportTrace } from './traces/[correlationId]/export/route';
import { GET as getTrace } from './traces/[correlationId]/route';
import { GET as getTraces } from './traces/route';

describe('a trace across three services, a retry, a dead letter, a replay and a foreign stream', () => {
  let ctx: TestContext;
  let recorder: Recorder;
  const buses: Bus[] = [];
  const replays = replayApi(() => ctx);
  let carrierUp = false;
  let correlationId = '';
  let paymentId = '';

  const trace = async (headers?: Record<string, string>) => {
    const response = await getTrace(
      request(`/api/traces/${encodeURIComponent(correlationId)}`, headers ? { headers } : {}),
      { params: Promise.resolve({ correlationId }) },
    );
    expect(response.status).toBe(200);
    return TraceDetail.parse(await json(response));
  };

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-trace-chain');
    recorder = startTestRecorder(ctx.redis, ctx.store, ctx.prefix);
    const bus = (service: string) => {
      const created = createBus({
        redis: ctx.redis,
        service,
        prefix: ctx.prefix,
        telemetry: { flushMs: 20 },
      });
      buses.push(created);
      return created;
    };
    const shop = bus('shop');
    const billing = bus('billing');
    const shipping = bus('shipping');
    const options = { from: 'start' as const, blockMs: 50 };
    const charged = billing.subscribe<{ amount: number }>(
      'billing',
      'orders',
      async (event, delivery) => {
        if (delivery.attempt === 1) throw new Error('card service busy');
        await billing.publish('payments', {
          type: 'payment.captured',
          data: { amount: event.data.amount, card: { number: '4111111111111111' } },
        });
      },
      { ...options, retry: { maxAttempts: 3, baseMs: 30, jitter: 0 } },
    );
    const shipped = shipping.subscribe(
      'shipping',
      'payments',
      async () => {
        if (!carrierUp) throw new Error('carrier down');
        await shipping.publish('shipments', { type: 'shipment.scheduled', data: { carrier: 'ups' } });
      },
      { ...options, retry: { maxAttempts: 2, baseMs: 10, jitter: 0 } },
    );
    await Promise.all([charged.ready, shipped.ready, recorder.ready]);

    const placed = await shop.publish('orders', { type: 'order.placed', data: { amount: 12 } });
    correlationId = placed.envelope.correlationid!;
    // shipping gives up: its dead letter is recorded
    const [letter] = await eventually(async () => {
      const rows = await sql<{ id: string; event_id: string }>(
        ctx.store,
        'select id, event_id from dead_letters where correlation_id = $1',
        [correlationId],
      );
      return rows.length > 0 ? rows : null;
    }, 15_000);
    paymentId = letter!.event_id;
    // a legacy system joins the chain by writing the correlation fields on its own stream
    await ctx.redis.xadd(
      `${ctx.prefix}-legacy-audit`,
      '*',
      'type',
      'audit.logged',
      'correlationId',
      correlationId,
      'causationId',
      paymentId,
    );
    // the carrier is back: an operator replays the letter
    carrierUp = true;
    const created = await replays.post({ selection: { ids: [letter!.id] } });
    expect(created.status).toBe(201);
    const job = ReplayJob.parse(await created.json());
    replays.runner();
    await eventually(async () => {
      const rows = await sql<{ n: number }>(
        ctx.store,
        `select count(*)::int as n from events where correlation_id = $1`,
        [correlationId],
      );
      const state = (await replays.job(job.id)).state;
      return rows[0]!.n === 4 && state === 'completed';
    }, 20_000);
    // the replayed delivery's report, and the dead letter's final status
    await eventually(async () => {
      const detail = await trace();
      const payment = detail.nodes.find((n) => n.id === paymentId);
      return payment?.deliveries[0]?.attempts.some((a) => a.outcome === 'handled') ?? false;
    }, 15_000);
  }, 60_000);

  afterAll(async () => {
    await replays.stopRunners();
    await Promise.all(buses.map((b) => b.close({ timeoutMs: 1_000 })));
    await recorder?.stop();
    await deleteForeign(ctx.redis, ctx.prefix);
    await ctx.cleanup();
  });

  it('answers the causation tree, the foreign event joined under its cause', async () => {
    const detail = await trace();
    expect(detail.nodes.map((n) => `${'  '.repeat(n.depth)}${n.type}`)).toEqual([
      'order.placed',
      '  payment.captured',
      '    audit.logged',
      '    shipment.scheduled',
    ]);
    const audit = detail.nodes[2]!;
    expect(audit).toMatchObject({ foreign: true, source: `${ctx.prefix}-legacy-audit`, parentId: paymentId });
    expect(detail.warnings).toEqual([]);
    expect(detail.summary).toMatchObject({
      correlationId,
      rootType: 'order.placed',
      events: 4,
      deadLetters: 1,
      replays: 1,
    });
    expect(detail.summary.services).toEqual(
      [`${ctx.prefix}-legacy-audit`, 'billing', 'shipping', 'shop'].sort(),
    );
    expect(detail.summary.failures).toBeGreaterThanOrEqual(3);
  });

  it('has every delivery: the retry, the dead letter, and the replay that handled it', async () => {
    const detail = await trace();
    const [order, payment, , shipment] = detail.nodes;
    const [billing] = order!.deliveries;
    expect(billing).toMatchObject({
      group: 'billing',
      service: 'billing',
      outcome: 'handled',
      deadLetterId: null,
    });
    expect(billing!.attempts.map((a) => a.outcome)).toEqual(['retried', 'handled']);
    expect(billing!.attempts[1]!.delayMs).toBeGreaterThanOrEqual(20);
    expect(billing!.queueWaitMs).not.toBeNull();

    const [shipping] = payment!.deliveries;
    const letter = detail.deadLetters[0]!;
    const replay = detail.replays[0]!;
    expect(shipping).toMatchObject({
      group: 'shipping',
      outcome: 'replayed',
      deadLetterId: letter.id,
      replayJobId: replay.jobId,
      replayEventId: paymentId,
    });
    const outcomes = shipping!.attempts.map((a) => a.outcome);
    expect(outcomes[0]).toBe('retried');
    expect(outcomes).toContain('dead-lettered');
    expect(outcomes[outcomes.length - 1]).toBe('handled');
    expect(letter).toMatchObject({ eventId: paymentId, group: 'shipping', status: 'replayed' });
    expect(replay).toMatchObject({ letterId: letter.id, eventId: paymentId, newEventId: paymentId });
    expect(shipment!.deliveries).toEqual([]);

    // the replayed handling of the payment ended last (after publishing the shipment): shipping's
    // delivery is the last hop
    expect(detail.criticalPath.eventIds).toEqual([order!.id, paymentId]);
    expect(detail.criticalPath.hops.map((h) => h.service)).toEqual(['shop', 'billing', 'shipping']);
    expect(detail.criticalPath.hops[1]!.handlerMs).not.toBeNull();
  });

  it('is found by search, by root type and by has=dead-letters and has=replays', async () => {
    for (const query of ['rootType=order.placed', 'has=dead-letters', 'has=replays', 'service=shipping']) {
      const response = await getTraces(request(`/api/traces?${query}`));
      const page = TracePage.parse(await json(response));
      expect(
        page.items.map((t) => t.correlationId),
        query,
      ).toEqual([correlationId]);
    }
  });

  it('masks payloads for a viewer in the trace and in the export', async () => {
    const viewerHeaders = await ctx.as('viewer');
    const admin = await trace();
    expect(admin.nodes[1]!.preview).toContain('4111111111111111');
    const viewer = await trace(viewerHeaders);
    expect(viewer.nodes[1]!.preview).not.toContain('4111111111111111');
    expect(viewer.nodes[1]!.masked).toMatchObject({ all: true, reason: 'role' });

    const response = await exportTrace(
      request(`/api/traces/${encodeURIComponent(correlationId)}/export`, { headers: viewerHeaders }),
      { params: Promise.resolve({ correlationId }) },
    );
    expect(response.status).toBe(200);
    const text = await response.text();
    // the whole number: ids are random hex, and one held "4111" (a job id) in a full run
    expect(text).not.toContain('4111111111111111');
    const exported = TraceExport.parse(JSON.parse(text));
    const payment = exported.events.find((e) => e.id === paymentId)!;
    expect(payment.data).toEqual({ amount: '***', card: { number: '***' } });
    expect(payment.deliveries[0]!.outcome).toBe('replayed');
    const foreign = exported.events.find((e) => e.foreign)!;
    expect(foreign.rawFields).toEqual({ type: '***', correlationId: '***', causationId: '***' });
    expect(exported.replays).toHaveLength(1);
  });
});
