/**
 * `eventlens aggregates` against a real server process over a real store and Redis: the types table,
 * one aggregate's history at a version with its changes and state (the server asks this test process,
 * which defines the type, over the bus: the CLI runs in this process without blocking it), `--json`,
 * 404 and the usage errors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AggregateDetail, AggregateTypeList } from '@/server/contracts/aggregates';
import { CLI_TEST_MS, lines, useDlqApi } from '@/server/testing/dlq-cli-api';

interface Counter {
  total: number;
  steps: number[];
}

describe('eventlens aggregates through the server API', () => {
  const api = useDlqApi('cli-aggregates');

  beforeAll(async () => {
    const counters = api.bus.aggregates.define({
      type: 'counter',
      initial: (): Counter => ({ total: 0, steps: [] }),
      apply: (state: Counter, event: { type: 'counter.added'; data: { by: number } }): Counter => ({
        total: state.total + event.data.by,
        steps: [...state.steps, event.data.by],
      }),
      commands: {
        'counter.add': {
          schema: z.object({ by: z.number().int() }),
          handle: (_state: Counter, input: { by: number }) => ({ type: 'counter.added', data: input }),
        },
      },
    });
    for (const by of [10, 20, 5]) await counters.execute('c-1', 'counter.add', { by });
    await api.bus.aggregates.announce();
  }, 60_000);

  it(
    'lists the types as a table and as JSON',
    async () => {
      const table = await api.cli(['aggregates'], api.as('viewer'));
      expect(table.stderr).toBe('');
      expect(table.code).toBe(0);
      const [header, ...rows] = lines(table.stdout);
      expect(header).toMatch(
        /^TYPE\s+TOPIC\s+WRITERS\s+AGGREGATES\s+EVENTS\/S\s+APPENDS\s+CONFLICTS\s+INVALID\s+FAILED/,
      );
      expect(rows.map((row) => row.split(/\s{2,}/).slice(0, 4))).toEqual([
        ['counter', 'counter', 'cli-api-test', '1'],
      ]);
      const json = await api.cli(['aggregates', 'list', '--json'], api.as('viewer'));
      expect(AggregateTypeList.parse(JSON.parse(json.stdout)).items[0]).toMatchObject({
        type: 'counter',
        appends: 3,
      });
    },
    CLI_TEST_MS,
  );

  it(
    'shows one aggregate at a version: its events, what each changed, and the state there',
    async () => {
      const shown = await api.cli(['aggregates', 'show', 'counter', 'c-1', '--at', '2'], api.as('operator'));
      expect(shown.stderr).toBe('');
      const text = lines(shown.stdout);
      expect(text[0]).toMatch(/^counter c-1 {2}version 2 of 3/);
      expect(text).toContain('    ~ $.total: 10 -> 30');
      expect(text).toContain('    + $.steps[1] = 20');
      expect(text.some((line) => /^> v2 {2}counter\.added/.test(line))).toBe(true);
      expect(shown.stdout).toMatch(/state at version 2:\n {2}\{\n {4}"total": 30,/);

      const json = await api.cli(['aggregates', 'show', 'counter', 'c-1', '--json'], api.as('operator'));
      const detail = AggregateDetail.parse(JSON.parse(json.stdout));
      // the server is another process: it asked this one, which defines the type
      expect(detail).toMatchObject({
        states: 'owner',
        at: 3,
        version: 3,
        state: { total: 35, steps: [10, 20, 5] },
      });
    },
    CLI_TEST_MS,
  );

  it(
    'an unknown aggregate fails (1); a bad version or type is a usage error (2)',
    async () => {
      const missing = await api.cli(['aggregates', 'show', 'counter', 'nope'], api.as('viewer'));
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no counter aggregate with id "nope"/);
      const beyond = await api.cli(['aggregates', 'show', 'counter', 'c-1', '--at', '9'], api.as('viewer'));
      expect(beyond.code).toBe(1);
      expect(beyond.stderr).toMatch(/query\.at: version 9 is out of range/);
      const badAt = await api.cli(['aggregates', 'show', 'counter', 'c-1', '--at', '0'], api.as('viewer'));
      expect(badAt.code).toBe(2);
      expect(badAt.stderr).toMatch(/positive integer/);
      const badType = await api.cli(['aggregates', 'show', 'a:b', 'c-1'], api.as('viewer'));
      expect(badType.code).toBe(2);
      expect(badType.stderr).toMatch(/not an aggregate type/);
    },
    CLI_TEST_MS,
  );
});
