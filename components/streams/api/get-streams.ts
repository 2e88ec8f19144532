import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { StreamsResponse } from '@/server/contracts/streams';
import { STREAMS_REFRESH_MS } from './refresh';

export const streamKeys = {
  all: ['streams'] as const,
  list: () => [...streamKeys.all, 'list'] as const,
};

/** GET /api/streams: every registered topic's stream as Redis holds it now. 503 BUS_UNAVAILABLE throws. */
export function getStreams(signal?: AbortSignal): Promise<StreamsResponse> {
  return apiGet('/api/streams', StreamsResponse, { signal });
}

export function streamsQueryOptions() {
  return queryOptions({
    queryKey: streamKeys.list(),
    queryFn: ({ signal }) => getStreams(signal),
    refetchInterval: STREAMS_REFRESH_MS,
    staleTime: STREAMS_REFRESH_MS,
  });
}

export function useStreams() {
  return useQuery(streamsQueryOptions());
}
