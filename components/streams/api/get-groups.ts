import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { GroupsResponse } from '@/server/contracts/groups';
import { STREAMS_REFRESH_MS } from './refresh';

export const groupKeys = {
  all: ['groups'] as const,
  list: () => [...groupKeys.all, 'list'] as const,
};

/**
 * GET /api/groups: every consumer group with its consumers, pending-entry histograms, stuck entries
 * and recorded lag trend (server defaults: stuck after 60 s, 1,000 pending entries sampled).
 */
export function getGroups(signal?: AbortSignal): Promise<GroupsResponse> {
  return apiGet('/api/groups', GroupsResponse, { signal });
}

export function groupsQueryOptions() {
  return queryOptions({
    queryKey: groupKeys.list(),
    queryFn: ({ signal }) => getGroups(signal),
    refetchInterval: STREAMS_REFRESH_MS,
    staleTime: STREAMS_REFRESH_MS,
  });
}

export function useGroups() {
  return useQuery(groupsQueryOptions());
}
