/**
 * Masking at every exit, over real Postgres: a canary value in masked fields never reaches a viewer
 * (events list, search, detail with its linked rows, download, live frames) nor an analyst where a rule
 * or `confidential` hides it, while an admin sees it; audit parameters never hold it; rules are
 * admin-only and audited.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '@/db/schema';
import { presentLiveEvent } from '@/server/access/present-event';
import { ApiError } from '@/server/contracts/errors';
import { EventDetail, EventPage } from '@/server/contracts/events';
import type { LiveEvent } from '@/server/contracts/live';
import { MaskingRule } from '@/server/contracts/masking';
import type { Role } from '@/server/contracts/access';
import { selectRows } from '@/db/select-rows';
import { json, request } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { eventRow } from '@/server/testing/store-rows';
import { GET as getPayload } from './events/[id]/payload/route';
import { GET as getEvent } from './events/[id]/route';
import { GET as getEvents } from './events/route';
import { DELETE as deleteRule } from './masking-rules/[id]/route';
import { GET as listRules, POST as postRule } from './masking-rules/route';

const CANARY = 'CANARY-7f3a9c';
const T0 = Date.parse('2026-02-01T10:00:00.000Z');
const IDS = ['pay-1', 'pay-2', 'pay-big', 'conf-1', 'foreign-1', 'mail-1'];

describe('masking: a canary in masked fields never leaves for a caller who may not see it', () => {
  let ctx: TestContext;
  let as: Record<Role, Record<string, string>>;
  const call = async (
    role: Role,
    path: string,
  ): Promise<{ status: number; body: string; headers: Headers }> => {
    const url = new URL(`http://x${path}`);
    const detail = /^\/api\/events\/([^/]+)(\/payload)?$/.exec(url.pathname);
    const req = request(path, { headers: as[role] });
    const response = detail
      ? await (detail[2] ? getPayload : getEvent)(req, { params: Promise.resolve({ id: detail[1]! }) })
      : await getEvents(req);
    return { status: response.status, body: await response.text(), headers: response.headers };
  };
  /** Every events exit for one caller: list, search, conditions, each detail and each download. */
  const everyBody = async (role: Role): Promise<string[]> => {
    const paths = [
      '/api/events?limit=200',
      `/api/events?q=${CANARY}`,
      `/api/events?where=${encodeURIComponent(`$.card.number == "${CANARY}"`)}`,
      `/api/events?where=${encodeURIComponent('$.secret')}`,
      ...IDS.map((id) => `/api/events/${id}`),
      ...IDS.map((id) => `/api/events/${id}/payload`),
      '/api/events/foreign-1/payload?part=rawFields',
    ];
    const bodies: string[] = [];
    for (const path of paths) bodies.push((await call(role, path)).body);
    return bodies;
  };
  const live = (type: string | undefined, data: unknown, extra: Partial<LiveEvent> = {}): LiveEvent => ({
    topic: 'payments',
    entryId: '1-0',
    time: new Date(T0).toISOString(),
    ...(type === undefined ? {} : { type }),
    preview: JSON.stringify(data),
    truncated: false,
    sizeBytes: 100,
    ...extra,
  });

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-masking');
    as = {
      viewer: await ctx.as('viewer'),
      analyst: await ctx.as('analyst'),
      operator: await ctx.as('operator'),
      admin: await ctx.as('admin'),
    };
    const at = (i: number) => new Date(T0 + i * 1000);
    await ctx.db.insert(events).values([
      eventRow({
        eventId: 'pay-1',
        time: at(0),
        type: 'payment.captured',
        correlationId: 'corr-m',
        data: { card: { number: CANARY, brand: 'visa' }, amount: 12 },
      }),
      eventRow({
        eventId: 'pay-2',
        time: at(1),
        type: 'payment.refunded',
        causationId: 'pay-1',
        correlationId: 'corr-m',
        data: { card: { number: CANARY }, amount: 12 },
      }),
      eventRow({
        eventId: 'pay-big',
        time: at(2),
        type: 'payment.captured',
        data: { card: { number: CANARY }, pad: 'x'.repeat(2000) },
      }),
      eventRow({ eventId: 'conf-1', time: at(3), sensitivity: 'confidential', data: { secret: CANARY } }),
      eventRow({
        eventId: 'foreign-1',
        time: at(4),
        foreign: true,
        rawFields: { card: CANARY, kind: 'legacy' },
      }),
      eventRow({ eventId: 'mail-1', time: at(5), type: 'user.signed-up', data: { user: { email: CANARY } } }),
    ]);
    for (const rule of [
      { eventType: 'payment.*', path: '$.card.number', revealTo: 'admin' },
      { eventType: '*', path: '$..email', revealTo: 'operator', note: 'personal data' },
    ]) {
      const response = await postRule(
        request('/api/masking-rules', {
          method: 'POST',
          body: JSON.stringify(rule),
          headers: { ...as.admin, 'content-type': 'application/json' },
        }),
      );
      expect(response.status).toBe(201);
    }
  });
  afterAll(() => ctx.cleanup());

  it('a viewer: the canary is in no body of any events route, and payload conditions are refused', async () => {
    const bodies = await everyBody('viewer');
    for (const body of bodies) expect(body).not.toContain(CANARY);
    const list = EventPage.parse(JSON.parse((await call('viewer', '/api/events?limit=200')).body));
    expect(list.items).toHaveLength(IDS.length);
    for (const item of list.items.filter((i) => i.preview !== null)) expect(item.masked?.all).toBe(true);
    const refused = await call('viewer', `/api/events?where=${encodeURIComponent('$.amount > 1')}`);
    expect(refused.status).toBe(403);
    expect(ApiError.parse(JSON.parse(refused.body)).error.message).toMatch(/viewers see no payload values/);
    // keys stay, values go: the UI can show the shape and say it is masked
    const detail = EventDetail.parse(JSON.parse((await call('viewer', '/api/events/pay-1')).body));
    expect(JSON.parse(detail.data!.text)).toEqual({ card: { number: '***', brand: '***' }, amount: '***' });
    expect(detail.data!.masked).toEqual({ all: true, reason: 'role', paths: [] });
    expect((await call('viewer', '/api/events/pay-1/payload')).status).toBe(403);
  });

  it('an analyst: rule paths and confidential events masked, the rest visible; no probing by condition', async () => {
    for (const body of await everyBody('analyst')) expect(body).not.toContain(CANARY);
    const detail = EventDetail.parse(JSON.parse((await call('analyst', '/api/events/pay-1')).body));
    expect(JSON.parse(detail.data!.text)).toEqual({ card: { number: '***', brand: 'visa' }, amount: 12 });
    expect(detail.data!.masked).toEqual({ all: false, reason: 'rule', paths: ['$.card.number'] });
    expect(detail.caused[0]?.id).toBe('pay-2');
    // a cut list preview cannot be masked path by path: masked whole
    const page = EventPage.parse(
      JSON.parse((await call('analyst', '/api/events?type=payment.captured')).body),
    );
    const big = page.items.find((item) => item.id === 'pay-big');
    expect(big).toMatchObject({ preview: '"***"', masked: { all: true, reason: 'unparsable' } });

    const probe = await call(
      'analyst',
      `/api/events?where=${encodeURIComponent(`$.card.number == "${CANARY}"`)}`,
    );
    expect(probe.status).toBe(403);
    expect(probe.body).toMatch(/masked for your role \(analyst\)/);
    // the same path on types no rule covers is fine
    expect(
      (await call('analyst', `/api/events?type=order.placed&where=${encodeURIComponent('$.card.number')}`))
        .status,
    ).toBe(200);
    // confidential events are outside an analyst's conditions
    const secret = EventPage.parse(
      JSON.parse((await call('analyst', `/api/events?where=${encodeURIComponent('$.secret')}`)).body),
    );
    expect(secret.items).toEqual([]);
    const amount = EventPage.parse(
      JSON.parse((await call('analyst', `/api/events?where=${encodeURIComponent('$.amount == 12')}`)).body),
    );
    expect(amount.items.map((i) => i.id).sort()).toEqual(['pay-1', 'pay-2']);

    const download = await call('analyst', '/api/events/pay-1/payload');
    expect(download.status).toBe(200);
    expect(download.headers.get('x-eventlens-masked')).toBe('true');
    expect(JSON.parse(download.body)).toEqual({ card: { number: '***', brand: 'visa' }, amount: 12 });
    expect(JSON.parse((await call('analyst', '/api/events/foreign-1/payload?part=rawFields')).body)).toEqual({
      card: '***',
      kind: '***',
    });
  });

  it('an operator sees what is revealed to operators, an admin sees everything', async () => {
    const operator = EventDetail.parse(JSON.parse((await call('operator', '/api/events/mail-1')).body));
    expect(operator.data!.text).toContain(CANARY);
    expect((await call('operator', '/api/events/conf-1')).body).toContain(CANARY);
    expect((await call('operator', '/api/events/pay-1')).body).not.toContain(CANARY);
    const admin = await everyBody('admin');
    expect(admin.filter((body) => body.includes(CANARY)).length).toBeGreaterThanOrEqual(IDS.length * 2);
    const download = await call('admin', '/api/events/pay-1/payload');
    expect(download.headers.get('x-eventlens-masked')).toBeNull();
    expect(download.body).toContain(CANARY);
  });

  it('live frames: the same rules, from the snapshot the routes keep loaded', () => {
    const frames = [
      live('payment.captured', { card: { number: CANARY } }),
      live('order.placed', { secret: CANARY }, { sensitivity: 'confidential' }),
      live(undefined, { card: CANARY }, { foreign: 'no envelope' }),
      live('user.signed-up', { user: { email: CANARY } }),
      live('payment.captured', { card: { number: CANARY } }, { truncated: true }),
    ];
    for (const frame of frames) {
      expect(JSON.stringify(presentLiveEvent({ role: 'viewer' }, frame))).not.toContain(CANARY);
    }
    for (const frame of frames.filter((f) => f.foreign === undefined)) {
      expect(JSON.stringify(presentLiveEvent({ role: 'analyst' }, frame))).not.toContain(CANARY);
      expect(presentLiveEvent({ role: 'admin' }, frame)).toBe(frame);
    }
    const analyst = presentLiveEvent(
      { role: 'analyst' },
      live('payment.captured', { card: { number: CANARY, brand: 'visa' } }),
    );
    expect(JSON.parse(analyst.preview)).toEqual({ card: { number: '***', brand: 'visa' } });
  });

  it('audit parameters never hold the canary', async () => {
    const rows = await selectRows<{ text: string }>(
      ctx.db,
      sql`select concat_ws(' ', action, array_to_string(targets, ','), parameters::text, detail) as text from audit_log`,
    );
    expect(rows.some((row) => row.text.startsWith('events.search.denied'))).toBe(true);
    for (const row of rows) expect(row.text).not.toContain(CANARY);
  });

  it('rules are admin-only, validated and audited', async () => {
    expect((await listRules(request('/api/masking-rules', { headers: as.operator }))).status).toBe(403);
    const rules = MaskingRule.array().parse(await json(await listRules(request('/api/masking-rules'))));
    expect(rules.map((r) => r.path)).toEqual(['$.card.number', '$..email']);
    const bad = await postRule(
      request('/api/masking-rules', {
        method: 'POST',
        body: JSON.stringify({ eventType: '*', path: '$.a[?(@.b)]' }),
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(bad.status).toBe(400);
    const id = String(rules[1]!.id);
    const removed = await deleteRule(request(`/api/masking-rules/${id}`, { method: 'DELETE' }), {
      params: Promise.resolve({ id }),
    });
    expect(removed.status).toBe(204);
    const again = await deleteRule(request(`/api/masking-rules/${id}`, { method: 'DELETE' }), {
      params: Promise.resolve({ id }),
    });
    expect(again.status).toBe(404);
    const actions = await selectRows<{ action: string }>(
      ctx.db,
      sql`select action from audit_log where action like 'masking_rule.%' order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      'masking_rule.create',
      'masking_rule.create',
      'masking_rule.delete',
    ]);
    // without the rule, an analyst sees the email
    expect((await call('analyst', '/api/events/mail-1')).body).toContain(CANARY);
  });
});
