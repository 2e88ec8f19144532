import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { EventPage } from '@/server/contracts/events';
import { toHistoryParams } from '../lib/filter-mapping';
import type { EventsFilters } from '../lib/url-state';
import { eventKeys } from './event-keys';

/**
 * Loaded pages are capped so the list stays bounded: past this many pages the list offers to continue
 * from the oldest loaded time instead (a new search with `to` set), which keeps memory flat.
 */
export const MAX_HISTORY_PAGES = 50;

/** GET /api/events: one page of recorded events, newest first. */
export function getEvents(
  filters: EventsFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<EventPage> {
  return apiGet(`/api/events?${toHistoryParams(filters, cursor).toString()}`, EventPage, { signal });
}

export function eventsQueryOptions(filters: EventsFilters) {
  return infiniteQueryOptions({
    queryKey: eventKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getEvents(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last, pages) =>
      pages.length >= MAX_HISTORY_PAGES ? undefined : (last.nextCursor ?? undefined),
  });
}

export function useEvents(filters: EventsFilters, { enabled = true }: { enabled?: boolean } = {}) {
  return useInfiniteQuery({ ...eventsQueryOptions(filters), enabled });
}
