/**
 * `eventlens projections` against a real server process over a real store and Redis: the list as a
 * table and as JSON, pause / resume / rebuild on a projection a real bus runs (the outcome, its audit
 * row, 409 for a second pause), 403 for a viewer, 404, and the usage errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { PublishInput } from '@/server/bus/envelope';
import { ProjectionSummary } from '@/server/contracts/projections';
import { CLI_TEST_MS, lines, useDlqApi } from '@/server/testing/dlq-cli-api';
import { order, orderTotals } from '@/server/testing/projection-fixtures';
import { eventually } from '@/server/testing/redis';

describe('eventlens projections through the server API', () => {
  const api = useDlqApi('cli-projections');

  beforeAll(async () => {
    const inputs: PublishInput[] = [];
    for (let i = 0; i < 30; i++) inputs.push({ type: 'order.placed', data: order(i) });
    await api.bus.publishBatch('orders', inputs);
    await api.bus.projections.register(orderTotals(), { pollMs: 20, retiredGraceMs: 100 });
    await eventually(async () => (await api.bus.projections.status('order-totals')).active.lag === 0);
  }, 60_000);

  it(
    'lists projections as a table and as JSON lines (a viewer may read)',
    async () => {
      const listed = await api.cli(['projections'], api.as('viewer'));
      expect(listed.stderr).toBe('');
      expect(listed.code).toBe(0);
      const [header, row] = lines(listed.stdout);
      expect(header).toMatch(
        /^NAME\s+STATUS\s+GEN\s+LAG\s+BEHIND\s+RATE\/S\s+ERRORS\s+LAST REBUILD\s+PROCESSES/,
      );
      expect(row?.split(/\s{2,}/).slice(0, 8)).toEqual([
        'order-totals',
        'running',
        '1',
        '0',
        '-',
        expect.any(String),
        '0',
        '-',
      ]);
      expect(row).toMatch(/cli-api-test@\S+:\d+\*$/);

      const json = await api.cli(['projections', '--json'], api.as('viewer'));
      expect(json.code).toBe(0);
      const items = lines(json.stdout).map((line) => ProjectionSummary.parse(JSON.parse(line)));
      expect(items.map((item) => [item.name, item.status, item.active.applied])).toEqual([
        ['order-totals', 'running', 30],
      ]);
    },
    CLI_TEST_MS,
  );

  it(
    'pauses, refuses a second pause (exit 1), resumes and rebuilds as an operator; each audited',
    async () => {
      const paused = await api.cli(
        ['projections', 'pause', 'order-totals', '--reason', 'upgrade'],
        api.as('operator'),
      );
      expect(paused.stderr).toBe('');
      expect(paused.stdout).toMatch(/^projection order-totals: paused in every process \(audit #\d+\)\n$/);
      const again = await api.cli(['projections', 'pause', 'order-totals'], api.as('operator'));
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/paused already/);
      expect((await api.cli(['projections', 'resume', 'order-totals'], api.as('operator'))).code).toBe(0);

      const rebuilt = await api.cli(['projections', 'rebuild', 'order-totals', '--json'], api.as('operator'));
      expect(rebuilt.code).toBe(0);
      expect(JSON.parse(rebuilt.stdout)).toMatchObject({ action: 'rebuild', active: 1, building: 2 });
      await eventually(
        async () => (await api.bus.projections.status('order-totals')).active.generation === 2,
      );

      const rows = await api.audited('projection.pause', 'projection.resume', 'projection.rebuild');
      expect(rows.map((r) => [r.action, r.result]).sort()).toEqual([
        ['projection.pause', 'failed'],
        ['projection.pause', 'ok'],
        ['projection.rebuild', 'ok'],
        ['projection.resume', 'ok'],
      ]);
    },
    CLI_TEST_MS,
  );

  it(
    'refuses a viewer (exit 1, 403), an unknown projection (exit 1, 404) and a bad name (exit 2)',
    async () => {
      const viewer = await api.cli(['projections', 'pause', 'order-totals'], api.as('viewer'));
      expect(viewer.code).toBe(1);
      expect(viewer.stderr).toMatch(/lacks events:act/);
      const unknown = await api.cli(['projections', 'resume', 'nothing-here'], api.as('operator'));
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toMatch(/projection "nothing-here": not found/);
      const bad = await api.cli(['projections', 'rebuild', 'no such'], api.as('operator'));
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/invalid projection name/);
      const missing = await api.cli(['projections', 'rebuild'], api.as('operator'));
      expect(missing.code).toBe(2);
    },
    CLI_TEST_MS,
  );
});
