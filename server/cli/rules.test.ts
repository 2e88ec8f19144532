/**
 * `eventlens rules`, `rules show` and `processors` against a real server process over a real store and
 * Redis: processors announced by the real SDK (a count rule and a forward), alerts stored as the
 * recorder stores them, the tables, `--json`, paging with the printed cursor, masking for a viewer and
 * the exit code for a rule that is not running.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { events } from '@/db/schema';
import type { Processor } from '@/server/bus/streams';
import { ProcessorSummary, RuleDetail, RuleSummary } from '@/server/contracts/rules';
import { eventually } from '@/server/testing/redis';
import { CLI_TEST_MS, lines, useDlqApi } from '@/server/testing/dlq-cli-api';
import { eventRow } from '@/server/testing/store-rows';

const NOW = Date.now();

describe('eventlens rules and processors through the server API', () => {
  const api = useDlqApi('cli-rules');
  const running: Processor[] = [];

  beforeAll(async () => {
    running.push(
      api.bus.streams
        .from<{ user: string }>('auth', {
          name: 'brute-force',
          description: '5 failed logins of one user in 60 s',
        })
        .count({ key: (e) => e.data.user, count: 5, withinMs: 60_000 })
        .to('alerts', { type: 'auth.brute-force' }),
      api.bus.streams.from('signals', { name: 'route-signals' }).to('signals.routed'),
    );
    await Promise.all(running.map((p) => p.ready));
    await eventually(async () =>
      (await api.redis.hlen(api.bus.keys.streamProcessors())) >= 2 ? true : null,
    );
    await api.store.db.insert(events).values(
      [3, 2, 1].map((minutesAgo, i) =>
        eventRow({
          eventId: `alert-${i}`,
          time: new Date(NOW - minutesAgo * 60_000),
          topic: 'alerts',
          type: 'auth.brute-force',
          subject: 'mallory',
          correlationId: `login-${i}`,
          data: {
            rule: 'brute-force',
            key: 'mallory',
            events: [`f${i}a`, `f${i}b`],
            first: new Date(NOW).toISOString(),
            last: new Date(NOW).toISOString(),
          },
        }),
      ),
    );
    return async () => {
      await Promise.all(running.map((p) => p.stop()));
    };
  }, 60_000);

  it(
    'lists processors and rules as tables and as JSON',
    async () => {
      const procs = await api.cli(['processors'], api.as('viewer'));
      expect(procs.stderr).toBe('');
      expect(procs.code).toBe(0);
      const [header, ...rows] = lines(procs.stdout);
      expect(header).toMatch(/^NAME\s+KIND\s+INPUTS\s+OUTPUT\s+RATE\s+LAG\s+ERRORS\s+PROCESSES$/);
      expect(rows.map((row) => row.split(/\s{2,}/).slice(0, 4))).toEqual([
        ['brute-force', 'count', 'auth', 'alerts'],
        ['route-signals', 'forward', 'signals', 'signals.routed'],
      ]);
      const procJson = await api.cli(['processors', '--json'], api.as('viewer'));
      expect(lines(procJson.stdout).map((l) => ProcessorSummary.parse(JSON.parse(l)).name)).toEqual([
        'brute-force',
        'route-signals',
      ]);

      const rules = await api.cli(['rules'], api.as('viewer'));
      expect(rules.code).toBe(0);
      const [ruleHeader, ...ruleRows] = lines(rules.stdout);
      expect(ruleHeader).toMatch(/^NAME\s+KIND\s+RULE\s+INPUTS\s+OUTPUT\s+MATCHES\/H\s+LAST MATCH$/);
      expect(ruleRows).toHaveLength(1);
      expect(ruleRows[0]!.split(/\s{2,}/).slice(0, 6)).toEqual([
        'brute-force',
        'count',
        '5 in 1m00s',
        'auth',
        'alerts (auth.brute-force)',
        '3',
      ]);
      const json = await api.cli(['rules', '--json'], api.as('viewer'));
      const parsed = lines(json.stdout).map((l) => RuleSummary.parse(JSON.parse(l)));
      expect(parsed.map((r) => [r.name, r.matchesLastHour, r.description])).toEqual([
        ['brute-force', 3, '5 failed logins of one user in 60 s'],
      ]);
    },
    CLI_TEST_MS,
  );

  it(
    'shows one rule with its alerts, pages with the printed cursor, masks for a viewer, exits 1 when not running',
    async () => {
      const show = await api.cli(['rules', 'show', 'brute-force', '--limit', '2'], api.as('operator'));
      expect(show.stderr).toBe('');
      expect(show.code).toBe(0);
      const out = lines(show.stdout);
      expect(out[0]).toBe('rule brute-force (count)');
      expect(out).toContain('  alerts to: alerts (auth.brute-force)');
      const alertRows = out.filter((l) => /^\d{4}-/.test(l));
      expect(alertRows.map((l) => l.split(/\s{2,}/).slice(1))).toEqual([
        ['mallory', 'f2a,f2b', 'login-2'],
        ['mallory', 'f1a,f1b', 'login-1'],
      ]);
      const cursor = /^next page: --cursor (\S+)$/.exec(out.at(-1)!)?.[1];
      expect(cursor).toBeDefined();
      const next = await api.cli(
        ['rules', 'show', 'brute-force', '--cursor', cursor!, '--json'],
        api.as('operator'),
      );
      expect(RuleDetail.parse(JSON.parse(next.stdout)).alerts.map((a) => a.id)).toEqual(['alert-0']);

      const viewer = await api.cli(['rules', 'show', 'brute-force', '--json'], api.as('viewer'));
      const masked = RuleDetail.parse(JSON.parse(viewer.stdout));
      expect(masked.alerts[0]).toMatchObject({ key: null, masked: { all: true } });
      expect(viewer.stdout).not.toContain('mallory');

      const missing = await api.cli(['rules', 'show', 'route-signals'], api.as('viewer'));
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no running rule named "route-signals"/);
    },
    CLI_TEST_MS,
  );
});
