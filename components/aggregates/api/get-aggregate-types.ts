import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { AggregateTypeList } from '@/server/contracts/aggregates';
import { AGGREGATE_TYPES_POLL_MS, aggregateKeys } from './aggregate-keys';

/** GET /api/aggregates: the types processes announce, merged with their counters. */
export function getAggregateTypes(signal?: AbortSignal): Promise<AggregateTypeList> {
  return apiGet('/api/aggregates', AggregateTypeList, { signal });
}

export function aggregateTypesQueryOptions() {
  return queryOptions({
    queryKey: aggregateKeys.types(),
    queryFn: ({ signal }) => getAggregateTypes(signal),
    refetchInterval: AGGREGATE_TYPES_POLL_MS,
  });
}

export function useAggregateTypes() {
  return useQuery(aggregateTypesQueryOptions());
}
