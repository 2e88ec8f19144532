import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiRequestError, apiGet } from '@/components/lib/api-client';
import { ProjectionDetail } from '@/server/contracts/projections';
import { PROJECTIONS_POLL_MS, projectionKeys } from './projection-keys';

/** GET /api/projections/{name}: the row and a look at its read model (values masked for the caller). */
export function getProjection(name: string, signal?: AbortSignal): Promise<ProjectionDetail> {
  return apiGet(`/api/projections/${encodeURIComponent(name)}`, ProjectionDetail, { signal });
}

/** Polled while its row is open, so the read model follows a swap. */
export function projectionQueryOptions(name: string) {
  return queryOptions({
    queryKey: projectionKeys.detail(name),
    queryFn: ({ signal }) => getProjection(name, signal),
    retry: (failures, error) =>
      !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 2,
    refetchInterval: PROJECTIONS_POLL_MS,
  });
}

export function useProjection(name: string) {
  return useQuery(projectionQueryOptions(name));
}
