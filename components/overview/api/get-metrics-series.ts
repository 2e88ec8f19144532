import { queryOptions, useQuery } from '@tanstack/react-query';
import { getMetricsSeries, metricsSeriesKey } from '@/components/lib/api/get-metrics-series';
import type { MetricRange } from '@/server/contracts/metrics';
import { refreshInterval } from '../overview-params';

export function metricsSeriesQueryOptions(series: string, range: MetricRange) {
  return queryOptions({
    queryKey: metricsSeriesKey(series, range),
    queryFn: ({ signal }) => getMetricsSeries(series, range, signal),
    refetchInterval: refreshInterval(range),
  });
}

export function useMetricsSeries(series: string, range: MetricRange) {
  return useQuery(metricsSeriesQueryOptions(series, range));
}
