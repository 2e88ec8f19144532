import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { TracePage } from '@/server/contracts/traces';
import { traceFilterParams, type TraceFilters } from '../lib/url-state';
import { traceKeys } from './trace-keys';

const PAGE_SIZE = 50;
/** Pages kept in memory; past them "Load more" stops and the page says so. */
export const MAX_SEARCH_PAGES = 20;

/** GET /api/traces: one page of traces matching the filters, newest activity first. */
export function getTraces(
  filters: TraceFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<TracePage> {
  const query = traceFilterParams(filters);
  query.set('limit', String(PAGE_SIZE));
  if (cursor) query.set('cursor', cursor);
  return apiGet(`/api/traces?${query.toString()}`, TracePage, { signal });
}

export function tracesQueryOptions(filters: TraceFilters) {
  return infiniteQueryOptions({
    queryKey: traceKeys.search(filters),
    queryFn: ({ pageParam, signal }) => getTraces(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last, pages) =>
      pages.length >= MAX_SEARCH_PAGES ? undefined : (last.nextCursor ?? undefined),
    // a new filter keeps the old table on screen until its answer arrives
    placeholderData: keepPreviousData,
  });
}

export function useTraces(filters: TraceFilters) {
  return useInfiniteQuery(tracesQueryOptions(filters));
}
