import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { Topology } from '@/server/contracts/topology';

export const topologyKeys = {
  all: ['flows', 'topology'] as const,
  current: () => [...topologyKeys.all, 'current'] as const,
};

/** GET /api/topology: the flow graph with last-minute rates (never a 503: it says when Redis is away). */
export function getTopology(signal?: AbortSignal): Promise<Topology> {
  return apiGet('/api/topology', Topology, { signal });
}

export function topologyQueryOptions() {
  return queryOptions({
    queryKey: topologyKeys.current(),
    queryFn: ({ signal }) => getTopology(signal),
    // the topology room pushes about once a second; this only covers a socket that is down
    refetchInterval: 30_000,
  });
}

export function useTopology() {
  return useQuery(topologyQueryOptions());
}
