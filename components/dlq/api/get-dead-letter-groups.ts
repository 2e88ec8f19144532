import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { DeadLetterGroups } from '@/server/contracts/dead-letter-list';
import { filterParams, type DlqFilters } from '../lib/url-state';
import { dlqKeys } from './dlq-keys';

/** GET /api/dead-letters/groups: letters matching the filter, grouped by failure fingerprint. */
export function getDeadLetterGroups(filters: DlqFilters, signal?: AbortSignal): Promise<DeadLetterGroups> {
  const query = filterParams(filters).toString();
  return apiGet(`/api/dead-letters/groups${query ? `?${query}` : ''}`, DeadLetterGroups, { signal });
}

export function deadLetterGroupsQueryOptions(filters: DlqFilters) {
  return queryOptions({
    queryKey: dlqKeys.groups(filters),
    queryFn: ({ signal }) => getDeadLetterGroups(filters, signal),
    // a new filter keeps the old table on screen until its answer arrives
    placeholderData: keepPreviousData,
  });
}

export function useDeadLetterGroups(filters: DlqFilters) {
  return useQuery(deadLetterGroupsQueryOptions(filters));
}
