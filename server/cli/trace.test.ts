/**
 * `eventlens trace` against a real server process over a real store: the tree with deliveries, the
 * critical path and its totals, placeholders and warnings, `--json` masked for the token's role,
 * paging with `--limit`, and the refusals (unknown trace, no server configured).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  deadLetters,
  deliveries,
  deliveryConsumers,
  events,
  replayJobLetters,
  replayJobs,
} from '@/db/schema';
import { TraceDetail } from '@/server/contracts/traces';
import { CLI_TEST_MS, lines, useDlqApi } from '@/server/testing/dlq-cli-api';
import { setLetterState } from '@/server/testing/letter-states';
import { deadLetterRow, eventRow } from '@/server/testing/store-rows';

const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

describe('eventlens trace through the server API', () => {
  const api = useDlqApi('cli-trace');

  beforeAll(async () => {
    const db = api.store.db;
    await db.insert(events).values([
      eventRow({
        eventId: 'o1',
        time: at(0),
        type: 'order.placed',
        correlationId: 'order-7',
        source: '/services/shop',
        data: { card: '4111 1111 1111 1111', n: 7 },
      }),
      eventRow({
        eventId: 'p1',
        time: at(100),
        type: 'payment.requested',
        topic: 'payments',
        correlationId: 'order-7',
        causationId: 'o1',
        source: '/services/billing',
      }),
      eventRow({
        eventId: 's1',
        time: at(400),
        type: 'shipment.requested',
        topic: 'shipping',
        correlationId: 'order-7',
        causationId: 'p1',
        source: '/services/shipping',
      }),
      eventRow({
        eventId: 'n1',
        time: at(150),
        type: 'notice.sent',
        correlationId: 'order-7',
        causationId: 'o1',
        source: '/services/notify',
      }),
      // a cause that was never recorded
      eventRow({ eventId: 'y1', time: at(210), correlationId: 'order-7', causationId: 'ghost' }),
    ]);
    const [billing, shipping] = await db
      .insert(deliveryConsumers)
      .values([
        { topic: 'orders', group: 'billing', consumer: 'b-1', service: 'billing-svc' },
        { topic: 'payments', group: 'shipping', consumer: 's-1', service: 'shipping-svc' },
      ])
      .returning();
    await db.insert(deliveries).values([
      {
        consumerId: billing!.id,
        entryId: '1-0',
        eventId: 'o1',
        outcome: 'handled',
        attempt: 1,
        durationMs: 30,
        at: at(90),
      },
      // failed once, then again and dead-lettered; the letter was replayed by job-1
      {
        consumerId: shipping!.id,
        entryId: '2-0',
        eventId: 'p1',
        outcome: 'retried',
        attempt: 1,
        durationMs: 10,
        error: 'TimeoutError: no answer',
        at: at(130),
      },
      {
        consumerId: shipping!.id,
        entryId: '2-0',
        eventId: 'p1',
        outcome: 'failed',
        attempt: 2,
        durationMs: 10,
        error: 'TimeoutError: no answer',
        at: at(250),
      },
    ]);
    await db.insert(deadLetters).values(
      deadLetterRow({
        id: 'payments/9-0',
        topic: 'payments',
        group: 'shipping',
        eventId: 'p1',
        correlationId: 'order-7',
        lastFailureAt: at(250),
      }),
    );
    await setLetterState(
      db,
      'payments/9-0',
      'replayed',
      [{ at: at(900).toISOString(), action: 'replayed', actor: 'op', jobId: 'job-1' }],
      at(900),
    );
    await db.insert(replayJobs).values({
      id: 'job-1',
      state: 'completed',
      selection: { ids: ['payments/9-0'] },
      rateStart: 1,
      rateMax: 10,
      pauseAtFailureRate: 0.25,
      plan: {},
      total: 1,
      createdBy: 'op',
      createdByName: 'op',
    });
    await db.insert(replayJobLetters).values({
      jobId: 'job-1',
      letterId: 'payments/9-0',
      seq: 0,
      state: 'succeeded',
      eventId: 'p1',
      replayedAt: at(900),
    });
  }, 60_000);

  it(
    'prints the tree with deliveries, ★ on the critical path, placeholders, warnings and totals per service',
    async () => {
      const result = await api.cli(['trace', 'order-7'], api.as('operator'));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const [head, figures, services, blank, ...rest] = result.stdout.split('\n');
      expect(head).toBe('trace order-7  order.placed');
      expect(figures).toBe(
        `5 events, 6 services, duration 400ms, 2 failures, 1 dead letter, 1 replay; started ${at(0).toISOString()}`,
      );
      expect(services).toMatch(/^services: .*billing-svc.*shipping-svc/);
      expect(blank).toBe('');
      const tree = rest.slice(0, rest.indexOf(''));
      expect(tree).toEqual([
        '★ order.placed  /services/shop  root  o1',
        '    ↳ billing (billing-svc): handled, 1 attempt, wait 60ms, handler 30ms',
        '  ★ payment.requested  /services/billing  +100ms  p1',
        '      ↳ shipping (shipping-svc): replayed, 2 attempts, retried after 110ms, wait 20ms, handler 20ms, ' +
          'error: TimeoutError: no answer, dead letter payments/9-0, replay job job-1',
        '    ★ shipment.requested  /services/shipping  +300ms  s1',
        '    notice.sent  /services/notify  +150ms  n1',
        '  ! missing-cause ghost: cause ghost was never recorded',
        '    order.placed  /services/shop  root  y1',
      ]);
      const after = rest.slice(tree.length + 1).filter((line) => line !== '');
      expect(after[0]).toBe('warnings:');
      expect(after[1]).toMatch(
        /^ {2}! missing-cause: 1 event names a cause outside this trace: cause ghost was never recorded$/,
      );
      expect(after.slice(2).map((line) => line.trim().split(/\s{2,}/))).toEqual([
        ['critical path (★): 400ms over 3 hops'],
        ['SERVICE', 'TIME', 'HOPS'],
        ['shipping', '300ms', '1'],
        ['billing', '100ms', '1'],
        ['shop', '0ms', '1'],
      ]);
    },
    CLI_TEST_MS,
  );

  it(
    '--json is the API answer masked for the role; --limit pages through the tree',
    async () => {
      const viewer = await api.cli(['trace', 'order-7', '--json'], api.as('viewer'));
      expect(viewer.code).toBe(0);
      const pages = lines(viewer.stdout).map((line) => TraceDetail.parse(JSON.parse(line)));
      expect(pages).toHaveLength(1);
      const root = pages[0]!.nodes[0]!;
      expect(root.id).toBe('o1');
      expect(root.preview).not.toContain('4111');
      expect(root.masked).toBeDefined();

      const two = await api.cli(['trace', 'order-7', '--limit', '2'], api.as('operator'));
      expect(two.code).toBe(0);
      expect(two.stdout).toContain('… 4 more rows of 6 (--limit 6 shows them all)');
      expect(two.stdout).not.toContain('shipment.requested');
      const paged = await api.cli(['trace', 'order-7', '--json', '--limit', '6'], api.as('operator'));
      expect(lines(paged.stdout).map((line) => TraceDetail.parse(JSON.parse(line)).nodes.length)).toEqual([
        6,
      ]);
    },
    CLI_TEST_MS,
  );

  it(
    'an unknown trace is one line and exit 1; without a server configured, exit 2',
    async () => {
      const missing = await api.cli(['trace', 'no-such-trace'], api.as('viewer'));
      expect(missing.code).toBe(1);
      expect(missing.stdout).toBe('');
      expect(lines(missing.stderr)).toEqual([
        'eventlens: no recorded event has correlation id "no-such-trace"',
      ]);
      const unset = await api.cli(['trace', 'order-7'], { EVENTLENS_URL: '', EVENTLENS_TOKEN: '' });
      expect(unset.code).toBe(2);
      expect(lines(unset.stderr)).toEqual([
        expect.stringMatching(/^eventlens: trace needs the EventLens server: set EVENTLENS_URL/),
      ]);
    },
    CLI_TEST_MS,
  );
});
