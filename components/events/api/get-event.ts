import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiRequestError, apiGet } from '@/components/lib/api-client';
import { EventDetail } from '@/server/contracts/events';
import { eventKeys } from './event-keys';

/** GET /api/events/{id}: the envelope, payload previews with their sizes, cause, what it caused, deliveries. */
export function getEvent(id: string, signal?: AbortSignal): Promise<EventDetail> {
  return apiGet(`/api/events/${encodeURIComponent(id)}`, EventDetail, { signal });
}

/**
 * A live row can be opened before the recorder has stored it (it writes in batches, usually within a
 * second), so a 404 is retried a few times before it is shown; other 4xx will not change on retry.
 */
const NOT_RECORDED_RETRIES = 4;

function retryDetail(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiRequestError && error.status === 404) return failureCount < NOT_RECORDED_RETRIES;
  if (error instanceof ApiRequestError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function eventQueryOptions(id: string) {
  return queryOptions({
    queryKey: eventKeys.detail(id),
    queryFn: ({ signal }) => getEvent(id, signal),
    retry: retryDetail,
    retryDelay: 750,
    // a recorded event does not change, but its `caused` list and deliveries grow for a while
    staleTime: 10_000,
  });
}

export function useEvent(id: string | null) {
  return useQuery({
    ...eventQueryOptions(id ?? ''),
    enabled: id !== null,
  });
}
