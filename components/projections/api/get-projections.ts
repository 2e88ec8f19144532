import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { ProjectionList } from '@/server/contracts/projections';
import { PROJECTIONS_POLL_MS, projectionKeys } from './projection-keys';

/** GET /api/projections: every projection with its status, positions, lag, rate and processes. */
export function getProjections(signal?: AbortSignal): Promise<ProjectionList> {
  return apiGet('/api/projections', ProjectionList, { signal });
}

export function projectionsQueryOptions() {
  return queryOptions({
    queryKey: projectionKeys.list(),
    queryFn: ({ signal }) => getProjections(signal),
    refetchInterval: PROJECTIONS_POLL_MS,
  });
}

export function useProjections() {
  return useQuery(projectionsQueryOptions());
}
