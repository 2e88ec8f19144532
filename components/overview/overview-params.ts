import { splitGroupKey } from '@/server/contracts/names';
import { METRIC_RANGES, type MetricRange } from '@/server/contracts/metrics';

/** The Overview's URL state: `?range=1h&group=<topic>/<group>`. */
export interface OverviewParams {
  range: MetricRange;
  /** The group whose latency is drawn, `<topic>/<group>`; null for all groups together. */
  group: string | null;
}

export const DEFAULT_RANGE: MetricRange = '1h';

export const RANGE_LABEL: Record<MetricRange, string> = {
  '15m': '15 min',
  '1h': '1 h',
  '24h': '24 h',
  '7d': '7 d',
};

export const RANGE_PHRASE: Record<MetricRange, string> = {
  '15m': 'the last 15 minutes',
  '1h': 'the last hour',
  '24h': 'the last 24 hours',
  '7d': 'the last 7 days',
};

/** Unknown values fall back to the defaults: a stale bookmark still opens the page. */
export function readOverviewParams(search: Pick<URLSearchParams, 'get'>): OverviewParams {
  const range = search.get('range');
  const group = search.get('group');
  return {
    range: (METRIC_RANGES as readonly string[]).includes(range ?? '')
      ? (range as MetricRange)
      : DEFAULT_RANGE,
    group: group && splitGroupKey(group) ? group : null,
  };
}

/** The query string for `next`, keeping parameters other views may have added; defaults are left out. */
export function writeOverviewParams(search: URLSearchParams | string, next: OverviewParams): string {
  const params = new URLSearchParams(search);
  if (next.range === DEFAULT_RANGE) params.delete('range');
  else params.set('range', next.range);
  if (next.group === null) params.delete('group');
  else params.set('group', next.group);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Charts refresh every 10 s on the short ranges (10 s rollups), less often where a step is a minute or more. */
export function refreshInterval(range: MetricRange): number {
  switch (range) {
    case '15m':
    case '1h':
      return 10_000;
    case '24h':
      return 60_000;
    case '7d':
      return 300_000;
  }
}
