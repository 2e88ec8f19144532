import { describe, expect, it } from 'vitest';
import type { MetricsBreakdown } from '@/server/contracts/metrics-breakdown';
import { isFlat, OTHER_KEY, rowTotals, seriesLabel, shapeBreakdown } from './breakdown-rows';

const T = [
  '2025-03-01T12:00:00.000Z',
  '2025-03-01T12:00:10.000Z',
  '2025-03-01T12:00:20.000Z',
  '2025-03-01T12:00:30.000Z',
];

function breakdown(
  metric: MetricsBreakdown['metric'],
  series: { key: string; values: (number | null)[] }[],
): MetricsBreakdown {
  const scope = metric === 'published' ? 'topic' : 'group';
  return {
    metric,
    scope,
    range: '15m',
    resolution: '10s',
    stepSeconds: 10,
    from: T[0]!,
    to: '2025-03-01T12:00:40.000Z',
    t: T,
    series: series.map(({ key, values }) => {
      const [topic, group] = scope === 'group' ? key.split('/') : [key, undefined];
      const numbers = values.filter((v): v is number => v !== null);
      const total = metric === 'lag' ? Math.max(0, ...numbers) : numbers.reduce((a, b) => a + b, 0);
      return { key, topic: topic!, group: group ?? null, values, total };
    }),
    omitted: 0,
    keys: series.map((s) => s.key).sort(),
  };
}

describe('shapeBreakdown', () => {
  it('makes one row per complete step with a value per series, as events per second', () => {
    const shaped = shapeBreakdown(
      breakdown('published', [
        { key: 'threat.signals', values: [100, 120, 90, 7] },
        { key: 'threat.alerts', values: [10, 0, 5, 1] },
      ]),
      { maxSeries: 5, perSecond: true },
    );
    // the filling step (7 and 1) is dropped
    expect(shaped.rows).toEqual([
      { time: Date.parse(T[0]!), s0: 10, s1: 1 },
      { time: Date.parse(T[1]!), s0: 12, s1: 0 },
      { time: Date.parse(T[2]!), s0: 9, s1: 0.5 },
    ]);
    expect(shaped.series).toEqual([
      { dataKey: 's0', label: 'threat.signals', key: 'threat.signals', total: 31, latest: 9 },
      { dataKey: 's1', label: 'threat.alerts', key: 'threat.alerts', total: 1.5, latest: 0.5 },
    ]);
    expect(shaped).toMatchObject({ folded: 0, left: 0, stepSeconds: 10 });
    expect(shaped.fromMs).toBe(Date.parse(T[0]!));
    expect(shaped.toMs).toBe(Date.parse(T[2]!));
  });

  it('sums the smallest series into "other" past maxSeries', () => {
    const shaped = shapeBreakdown(
      breakdown('published', [
        { key: 'a', values: [5, 5, 5, 0] },
        { key: 'b', values: [3, 3, 3, 0] },
        { key: 'c', values: [1, 2, 3, 0] },
      ]),
      { maxSeries: 1, otherLabel: 'Other topics' },
    );
    expect(shaped.series.map((s) => [s.dataKey, s.label, s.total])).toEqual([
      ['s0', 'a', 15],
      [OTHER_KEY, 'Other topics', 15],
    ]);
    expect(shaped.rows[1]).toEqual({ time: Date.parse(T[1]!), s0: 5, [OTHER_KEY]: 5 });
    expect(shaped.folded).toBe(2);
    expect(rowTotals(shaped)).toEqual([9, 10, 11]);
  });

  it('keeps lag gaps as null, totals the highest sample and leaves out what `keep` refuses', () => {
    const shaped = shapeBreakdown(
      breakdown('lag', [
        { key: 'threat.enriched/analyze', values: [null, 400, 900, 950] },
        { key: 'threat.signals/validate', values: [0, 0, null, 0] },
      ]),
      { maxSeries: 5, otherLabel: 'ignored for lag', keep: (s) => s.total > 0 },
    );
    expect(shaped.series).toEqual([
      {
        dataKey: 's0',
        label: 'analyze · threat.enriched',
        key: 'threat.enriched/analyze',
        total: 900,
        latest: 900,
      },
    ]);
    expect(shaped.rows.map((row) => row.s0)).toEqual([null, 400, 900]);
    expect(shaped.left).toBe(1);
    expect(isFlat(shaped)).toBe(false);
  });

  it('is flat when everything drawn is zero or missing, and copes with an empty range', () => {
    const quiet = shapeBreakdown(breakdown('deadLettered', [{ key: 't/g', values: [0, 0, 0, 3] }]), {
      maxSeries: 5,
    });
    expect(isFlat(quiet)).toBe(true);
    const none = shapeBreakdown(breakdown('published', []), { maxSeries: 5 });
    expect(none.series).toEqual([]);
    expect(none.rows).toHaveLength(3);
    expect(isFlat(none)).toBe(true);
  });
});

describe('seriesLabel', () => {
  it('leads with the group, which is what an operator looks for', () => {
    expect(seriesLabel({ topic: 'threat.signals', group: 'validate' })).toBe('validate · threat.signals');
    expect(seriesLabel({ topic: 'threat.signals', group: null })).toBe('threat.signals');
  });
});
