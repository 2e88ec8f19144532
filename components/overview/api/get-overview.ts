import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { Overview } from '@/server/contracts/overview';
import { overviewKeys } from './keys';

/** GET /api/overview: last-minute rates, dead letters, worst lag, unhealthy consumers. */
export function getOverview(signal?: AbortSignal): Promise<Overview> {
  return apiGet('/api/overview', Overview, { signal });
}

export function overviewQueryOptions() {
  return queryOptions({
    queryKey: overviewKeys.current(),
    queryFn: ({ signal }) => getOverview(signal),
    // the metrics room pushes this every second; the poll only matters while the socket is down
    refetchInterval: 30_000,
  });
}

export function useOverview() {
  return useQuery(overviewQueryOptions());
}
