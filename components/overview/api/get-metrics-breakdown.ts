import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import type { MetricRange } from '@/server/contracts/metrics';
import { MetricsBreakdown, type BreakdownMetric } from '@/server/contracts/metrics-breakdown';
import { refreshInterval } from '../overview-params';
import { metricsKeys } from './keys';

/** GET /api/metrics/breakdown: one counter per topic or group over a range. */
export function getMetricsBreakdown(
  metric: BreakdownMetric,
  range: MetricRange,
  signal?: AbortSignal,
): Promise<MetricsBreakdown> {
  const query = new URLSearchParams({ metric, range });
  return apiGet(`/api/metrics/breakdown?${query}`, MetricsBreakdown, { signal });
}

export function metricsBreakdownQueryOptions(metric: BreakdownMetric, range: MetricRange) {
  return queryOptions({
    queryKey: metricsKeys.breakdown(metric, range),
    queryFn: ({ signal }) => getMetricsBreakdown(metric, range, signal),
    refetchInterval: refreshInterval(range),
  });
}

export function useMetricsBreakdown(metric: BreakdownMetric, range: MetricRange) {
  return useQuery(metricsBreakdownQueryOptions(metric, range));
}
