import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { MetricsSeries, type MetricRange } from '@/server/contracts/metrics';
import { metricsKeys } from './keys';
import { refreshInterval } from '../overview-params';

/** GET /api/metrics: one series (`all`, `topic:<t>`, `group:<t>/<g>`) over a range. */
export function getMetricsSeries(
  series: string,
  range: MetricRange,
  signal?: AbortSignal,
): Promise<MetricsSeries> {
  const query = new URLSearchParams({ series, range });
  return apiGet(`/api/metrics?${query}`, MetricsSeries, { signal });
}

export function metricsSeriesQueryOptions(series: string, range: MetricRange) {
  return queryOptions({
    queryKey: metricsKeys.series(series, range),
    queryFn: ({ signal }) => getMetricsSeries(series, range, signal),
    refetchInterval: refreshInterval(range),
  });
}

export function useMetricsSeries(series: string, range: MetricRange) {
  return useQuery(metricsSeriesQueryOptions(series, range));
}
