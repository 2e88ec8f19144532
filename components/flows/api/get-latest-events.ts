import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { EventPage } from '@/server/contracts/events';

export interface LatestEventsFilter {
  topic: readonly string[];
  source: readonly string[];
  limit: number;
}

export const flowEventKeys = {
  all: ['flows', 'events'] as const,
  latest: (filter: LatestEventsFilter) => [...flowEventKeys.all, 'latest', filter] as const,
};

/** GET /api/events?topic=…&source=…&limit=…: the newest recorded events first. */
export function getLatestEvents(filter: LatestEventsFilter, signal?: AbortSignal): Promise<EventPage> {
  const query = new URLSearchParams();
  for (const topic of filter.topic) query.append('topic', topic);
  for (const source of filter.source) query.append('source', source);
  query.set('limit', String(filter.limit));
  return apiGet(`/api/events?${query}`, EventPage, { signal });
}

export function latestEventsQueryOptions(filter: LatestEventsFilter) {
  return queryOptions({
    queryKey: flowEventKeys.latest(filter),
    queryFn: ({ signal }) => getLatestEvents(filter, signal),
    refetchInterval: 5_000,
  });
}

export function useLatestEvents(filter: LatestEventsFilter | null) {
  return useQuery({
    ...latestEventsQueryOptions(filter ?? { topic: [], source: [], limit: 0 }),
    enabled: filter !== null,
  });
}
