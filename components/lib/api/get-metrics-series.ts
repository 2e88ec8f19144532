import { apiGet } from '@/components/lib/api-client';
import { MetricsSeries, type MetricRange } from '@/server/contracts/metrics';

/**
 * GET /api/metrics?series=…&range=…: one series (`all`, `topic:<t>`, `group:<t>/<g>`) over a range, one
 * point per step, the last one still filling. Shared by the features that chart it (Overview, the Flows
 * panel); they keep their own refresh policies but one key, so a series both show is fetched once.
 */
export const metricsSeriesKey = (series: string, range: MetricRange) =>
  ['metrics', 'series', { series, range }] as const;

export function getMetricsSeries(
  series: string,
  range: MetricRange,
  signal?: AbortSignal,
): Promise<MetricsSeries> {
  const query = new URLSearchParams({ series, range });
  return apiGet(`/api/metrics?${query}`, MetricsSeries, { signal });
}
