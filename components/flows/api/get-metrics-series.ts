import { queryOptions, useQueries, type UseQueryResult } from '@tanstack/react-query';
import { getMetricsSeries, metricsSeriesKey } from '@/components/lib/api/get-metrics-series';
import type { MetricRange, MetricsSeries } from '@/server/contracts/metrics';

export function metricsSeriesQueryOptions(series: string, range: MetricRange) {
  return queryOptions({
    queryKey: metricsSeriesKey(series, range),
    queryFn: ({ signal }) => getMetricsSeries(series, range, signal),
    // rollups land every 10 s
    refetchInterval: 10_000,
  });
}

export interface MetricsSeriesList {
  data: MetricsSeries[] | undefined;
  isPending: boolean;
  error: Error | null;
  refetch: () => void;
}

type SeriesResult = UseQueryResult<MetricsSeries>;

/** Module scope, so React Query keeps its result while no query changed (an inline one re-runs). */
function combineSeries(results: SeriesResult[]): MetricsSeriesList {
  const data = results.map((r) => r.data);
  return {
    data: data.every((d) => d !== undefined) ? (data as MetricsSeries[]) : undefined,
    isPending: results.some((r) => r.isPending),
    error: results.find((r) => r.error)?.error ?? null,
    refetch: () => {
      for (const r of results) if (r.error) void r.refetch();
    },
  };
}

/** Several series at once (a group on two topics); `data` once all have answered. */
export function useMetricsSeriesList(series: readonly string[], range: MetricRange): MetricsSeriesList {
  return useQueries({
    queries: series.map((s) => metricsSeriesQueryOptions(s, range)),
    combine: combineSeries,
  });
}
