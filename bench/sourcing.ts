/**
 * `npm run bench:sourcing`: the SDK's event-sourcing, CQRS and stream-processing patterns, measured by
 * three parts run one after the other on the same Redis (each documents its own method and knobs):
 * - bench/sourcing-es.ts: aggregate appends with their concurrency check against `publish`, at 1 and
 *   100 hot aggregates; `load` p99 with and without snapshots at 10,000 events per aggregate;
 * - bench/sourcing-proj.ts: projection catch-up over a backlog;
 * - bench/sourcing-sp.ts: windowed aggregation.
 * Prints a table and writes bench/results/sourcing.json with every figure, among them the issue's
 * `appendsPerSec`, `loadP99Ms` and `projectionCatchUpPerSec`. REDIS_URL as everywhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRedis } from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';
import { run as runAggregates } from './sourcing-es';
import { run as runProjections } from './sourcing-proj';
import { run as runWindows } from './sourcing-sp';
import { formatNumber, out, table } from './support';

interface Target {
  figure: string;
  label: string;
  holds: (value: number) => boolean;
  text: string;
}

const TARGETS: Target[] = [
  { figure: 'appendRatio', label: 'appends / publish, 100 hot', holds: (v) => v >= 0.7, text: '>= 0.7' },
  { figure: 'loadP99Ms', label: 'load p99 with snapshots (ms)', holds: (v) => v <= 5, text: '<= 5' },
  {
    figure: 'projectionCatchUpPerSec',
    label: 'projection catch-up (events/s)',
    holds: (v) => v >= 50_000,
    text: '>= 50,000',
  },
];

const show = (value: number): string => formatNumber(value, Math.abs(value) < 100 ? 2 : 0);

const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
  name: 'eventlens:bench:sourcing',
});
await waitForReady(redis, 5_000);
const load = loadavg()[0]!.toFixed(2);
out(`bench:sourcing  load average ${load}`);

const figures: Record<string, number> = {};
try {
  for (const [part, run] of [
    ['aggregates', runAggregates],
    ['projections', runProjections],
    ['windows', runWindows],
  ] as const) {
    out(`\n-- ${part}`);
    Object.assign(figures, await run(redis));
  }
} finally {
  redis.disconnect();
}

const verdict = Object.fromEntries(
  TARGETS.map((t) => [t.figure, figures[t.figure] !== undefined && t.holds(figures[t.figure]!)]),
);
out('');
out(
  table(
    ['figure', 'value', 'target', 'result'],
    [
      ...TARGETS.map((t) => [
        t.label,
        figures[t.figure] === undefined ? 'missing' : show(figures[t.figure]!),
        t.text,
        verdict[t.figure] ? 'PASS' : 'MISS',
      ]),
      ...Object.entries(figures)
        .filter(([name]) => !TARGETS.some((t) => t.figure === name))
        .map(([name, value]) => [name, show(value), '', '']),
    ],
  ),
);
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/sourcing.json',
  `${JSON.stringify({ ...figures, verdict, loadAverage: Number(load), at: new Date().toISOString() }, null, 2)}\n`,
);
out(`verdict: ${JSON.stringify(verdict)}`);
out('wrote bench/results/sourcing.json');
