/**
 * `eventlens sagas` against a real server process over a real store and Redis: the list (filters,
 * paging, `--json`), one instance's timeline, actions on a real instance in Redis (its outcome and
 * audit row, 409 when its state refuses, 403 for a viewer, 404) and the usage errors.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, events, sagaInstances, sagaSteps } from '@/db/schema';
import { SagaDetail, SagaSummary } from '@/server/contracts/sagas';
import { CLI_TEST_MS, lines, useDlqApi } from '@/server/testing/dlq-cli-api';
import { orderSaga } from '@/server/testing/saga-fixtures';
import { at, checkoutDefinition } from '@/server/testing/saga-instances';
import { eventRow, sagaInstanceRow, sagaStepRow } from '@/server/testing/store-rows';

describe('eventlens sagas through the server API', () => {
  const api = useDlqApi('cli-sagas');

  beforeAll(async () => {
    const db = api.store.db;
    await db.insert(sagaInstances).values([
      sagaInstanceRow({
        sagaId: 's-1',
        startedAt: at(0),
        updatedAt: at(10),
        correlationId: 'c-1',
        currentStepIndex: 0,
        currentStepName: 'reserve',
      }),
      sagaInstanceRow({
        sagaId: 's-2',
        status: 'stuck',
        startedAt: at(0),
        updatedAt: at(20),
        correlationId: 'c-2',
        currentStepIndex: 0,
        currentStepName: 'reserve',
        failedStepIndex: 1,
        failedStepName: 'charge',
        failedError: { name: 'StepTimeout', message: 'no reply within 100 ms' },
        input: { card: { number: '4111' }, amount: 5 },
        lastSeq: 9,
      }),
      sagaInstanceRow({
        sagaId: 's-3',
        definitionName: 'refund',
        status: 'completed',
        startedAt: at(0),
        updatedAt: at(30),
        endedAt: at(30),
      }),
    ]);
    await db.insert(sagaSteps).values([
      sagaStepRow({ sagaId: 's-2', stepIndex: 0, name: 'reserve', startedAt: at(1), endedAt: at(2) }),
      sagaStepRow({
        sagaId: 's-2',
        stepIndex: 1,
        name: 'charge',
        status: 'failed',
        startedAt: at(2),
        endedAt: at(3),
        error: { name: 'Declined', message: 'card declined' },
        retryInMs: 50,
      }),
      sagaStepRow({
        sagaId: 's-2',
        stepIndex: 1,
        attempt: 2,
        name: 'charge',
        status: 'timed-out',
        startedAt: at(53),
        endedAt: at(153),
        error: { name: 'StepTimeout', message: 'no reply within 100 ms' },
        lateReplies: [{ seq: 8, at: at(200).toISOString(), eventId: 'reply-1' }],
      }),
      // lifecycle events name the step a compensation undoes, not the compensation
      sagaStepRow({
        sagaId: 's-2',
        stepIndex: 0,
        phase: 'compensation',
        name: 'reserve',
        status: 'failed',
        startedAt: at(160),
        endedAt: at(170),
        error: { name: 'Error', message: 'locked' },
      }),
    ]);
    await db.insert(events).values(
      eventRow({
        eventId: 's-2:10',
        time: at(300),
        topic: 'sagas',
        type: 'saga.compensation.started',
        correlationId: 'c-2',
        data: {
          sagaId: 's-2',
          definition: { name: 'checkout', version: 1 },
          status: 'compensating',
          seq: 10,
          actor: 'ops@example.com',
          reason: 'lock released',
        },
      }),
    );
    await api.redis.hset(api.bus.keys.sagaDefinitions(), 'checkout@1', JSON.stringify(checkoutDefinition));
  }, 60_000);

  it(
    'lists instances newest activity first as a table, filtered, paged with the printed cursor, and as JSON',
    async () => {
      const all = await api.cli(['sagas', 'list'], api.as('viewer'));
      expect(all.stderr).toBe('');
      expect(all.code).toBe(0);
      const [header, ...rows] = lines(all.stdout);
      expect(header).toMatch(/^ID\s+DEFINITION\s+STATUS\s+CURRENT STEP\s+FAILED STEP\s+AGE$/);
      expect(rows.map((row) => row.split(/\s{2,}/).slice(0, 5))).toEqual([
        ['s-3', 'refund@1', 'completed', '-', '-'],
        ['s-2', 'checkout@1', 'stuck', '1. reserve', '2. charge: StepTimeout: no reply within 100 ms'],
        ['s-1', 'checkout@1', 'running', '1. reserve', '-'],
      ]);
      // started on 2026-03-01: days old
      expect(rows[0]).toMatch(/\s\d+d\d\dh$/);

      const stuck = await api.cli(['sagas', 'list', '--stuck', '--definition', 'checkout'], api.as('viewer'));
      expect(
        lines(stuck.stdout)
          .slice(1)
          .map((row) => row.split(/\s+/)[0]),
      ).toEqual(['s-2']);

      const first = await api.cli(
        ['sagas', 'list', '--status', 'running', '--status', 'completed', '--limit', '1'],
        api.as('viewer'),
      );
      expect(first.code).toBe(0);
      const firstLines = lines(first.stdout);
      expect(firstLines[1]).toMatch(/^s-3\s/);
      const cursor = /^next page: --cursor (\S+)$/.exec(firstLines.at(-1)!)?.[1];
      expect(cursor).toBeDefined();
      const json = await api.cli(
        [
          'sagas',
          'list',
          '--status',
          'running',
          '--status',
          'completed',
          '--limit',
          '1',
          '--cursor',
          cursor!,
          '--json',
        ],
        api.as('viewer'),
      );
      expect(json.code).toBe(0);
      const items = lines(json.stdout).map((line) => SagaSummary.parse(JSON.parse(line)));
      expect(items.map((item) => [item.sagaId, item.status, item.correlationId])).toEqual([
        ['s-1', 'running', 'c-1'],
      ]);

      const none = await api.cli(['sagas', 'list', '--correlation-id', 'nothing-here'], api.as('viewer'));
      expect(none.stdout).toBe('no sagas\n');
    },
    CLI_TEST_MS,
  );

  it(
    'shows the timeline: steps with compensations, attempts, timeouts, late replies, actions and what it allows; --json masked for a viewer',
    async () => {
      const result = await api.cli(['sagas', 'show', 's-2'], api.as('operator'));
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const out = result.stdout.split('\n');
      expect(out.slice(0, 4)).toEqual([
        'saga s-2',
        'definition:      checkout@1 (orchestrated)',
        'status:          stuck',
        'correlation id:  c-2 (eventlens trace c-2)',
      ]);
      expect(out).toContain('failed at:       2. charge: StepTimeout: no reply within 100 ms');
      expect(out).toContain('input:           {"card":{"number":"4111"},"amount":5}');
      const steps = out.slice(
        out.indexOf('steps (↩ its compensation):') + 1,
        out.indexOf('operator actions:') - 1,
      );
      expect(steps).toEqual([
        '  1. reserve  completed  1ms',
        '     ↩ release  failed  10ms',
        '         attempt 1  failed  10ms  Error: locked',
        '  2. charge  timed-out  151ms, 2 attempts, 1 timeout, 1 late reply',
        '       attempt 1  failed  1ms  Declined: card declined  retry in 50ms',
        '       attempt 2  timed-out  100ms  StepTimeout: no reply within 100 ms',
        `       late reply at ${at(200).toISOString()} (event reply-1): ignored`,
        '  3. ship  pending',
      ]);
      expect(out).toContain(`  ${at(300).toISOString()}  retry  by ops@example.com: lock released`);
      expect(out.filter(Boolean).at(-1)).toMatch(/^allowed actions: \S.* \(eventlens sagas <action> s-2\)$/);

      const viewer = await api.cli(['sagas', 'show', 's-2', '--json'], api.as('viewer'));
      expect(viewer.code).toBe(0);
      const detail = SagaDetail.parse(JSON.parse(viewer.stdout));
      expect(detail.summary.sagaId).toBe('s-2');
      expect(viewer.stdout).not.toContain('4111');
      expect(detail.masking).toMatchObject({ all: true, reason: 'role' });

      const missing = await api.cli(['sagas', 'show', 'no-such-saga'], api.as('viewer'));
      expect(missing.code).toBe(1);
      expect(missing.stdout).toBe('');
      expect(lines(missing.stderr)).toEqual([expect.stringMatching(/^eventlens: .*"no-such-saga"/)]);
    },
    CLI_TEST_MS,
  );

  it(
    'acts on a real instance in Redis: the outcome with its audit row, 409 when its state refuses, 403 for a viewer, 404',
    async () => {
      // started, never orchestrated here: it stays running in Redis
      const sagaId = await api.bus.sagas.start(orderSaga(api.redis, api.bus.keys.prefix), { orderId: 'o-9' });

      const viewer = await api.cli(['sagas', 'abort', sagaId], api.as('viewer'));
      expect(viewer.code).toBe(1);
      expect(lines(viewer.stderr)).toEqual(['eventlens: your role (viewer) lacks events:act']);
      expect((await api.bus.sagas.get(sagaId))?.status).toBe('running');

      const aborted = await api.cli(
        ['sagas', 'abort', sagaId, '--reason', 'customer cancelled'],
        api.as('operator'),
      );
      expect(aborted.stderr).toBe('');
      expect(aborted.code).toBe(0);
      const auditId = /^abort: running → aborted \(audit #(\d+)\)\n$/.exec(aborted.stdout)?.[1];
      expect(auditId).toBeDefined();
      expect((await api.bus.sagas.get(sagaId))?.status).toBe('aborted');
      const [audit] = await api.store.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.id, Number(auditId)));
      expect(audit).toMatchObject({ actorKind: 'token', actorRole: 'operator', targets: [sagaId] });
      expect(JSON.stringify(audit!.parameters)).toContain('customer cancelled');

      const refused = await api.cli(['sagas', 'retry', sagaId], api.as('operator'));
      expect(refused.code).toBe(1);
      expect(refused.stdout).toBe('');
      expect(lines(refused.stderr)).toEqual([expect.stringMatching(/^eventlens: .*retry.*aborted/)]);

      const missing = await api.cli(['sagas', 'compensate', 'no-such-saga'], api.as('operator'));
      expect(missing.code).toBe(1);
      expect(lines(missing.stderr)).toEqual([expect.stringMatching(/^eventlens: .*no-such-saga/)]);
    },
    CLI_TEST_MS,
  );

  it(
    'resolve without --reason, a blank reason or a bad --status is a one-line usage error, before any call',
    async () => {
      // no server configured: a usage error must come first
      const unset = { EVENTLENS_URL: '', EVENTLENS_TOKEN: '' };
      const noReason = await api.cli(['sagas', 'resolve', 's-2'], unset);
      expect(noReason.code).toBe(2);
      expect(noReason.stdout).toBe('');
      expect(lines(noReason.stderr)).toEqual(["eventlens: required option '--reason <text>' not specified"]);

      const blank = await api.cli(['sagas', 'resolve', 's-2', '--reason', '  '], unset);
      expect(blank.code).toBe(2);
      expect(lines(blank.stderr)).toEqual([expect.stringMatching(/--reason.*expected a reason, not blank/)]);

      const status = await api.cli(['sagas', 'list', '--status', 'bogus'], unset);
      expect(status.code).toBe(2);
      expect(lines(status.stderr)).toEqual([expect.stringMatching(/--status.*expected one of running, /)]);

      const noServer = await api.cli(['sagas', 'list'], unset);
      expect(noServer.code).toBe(2);
      expect(lines(noServer.stderr)).toEqual([
        expect.stringMatching(/^eventlens: sagas list needs the EventLens server: set EVENTLENS_URL/),
      ]);
    },
    CLI_TEST_MS,
  );
});
