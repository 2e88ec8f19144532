import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ApiRequestError, apiGet } from '@/components/lib/api-client';
import { AggregateDetail } from '@/server/contracts/aggregates';
import { aggregateKeys } from './aggregate-keys';

/** GET /api/aggregates/{type}/{id}?at=: a page of history around `at`, the state there and each event's diff. */
export function getAggregate(
  type: string,
  id: string,
  at: number | undefined,
  signal?: AbortSignal,
): Promise<AggregateDetail> {
  const query = at === undefined ? '' : `?at=${at}`;
  return apiGet(
    `/api/aggregates/${encodeURIComponent(type)}/${encodeURIComponent(id)}${query}`,
    AggregateDetail,
    {
      signal,
    },
  );
}

export function aggregateQueryOptions(type: string, id: string, at: number | undefined) {
  return queryOptions({
    queryKey: aggregateKeys.detail(type, id, at),
    queryFn: ({ signal }) => getAggregate(type, id, at, signal),
    // stepping through versions keeps the page in place while the next one loads
    placeholderData: keepPreviousData,
    retry: (failures, error) =>
      !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 2,
  });
}

export function useAggregate(type: string, id: string, at: number | undefined, enabled: boolean) {
  return useQuery({ ...aggregateQueryOptions(type, id, at), enabled });
}
