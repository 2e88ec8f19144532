import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { SagaPage } from '@/server/contracts/sagas';
import { sagaFilterParams, type SagaFilters } from '../lib/url-state';
import { SAGAS_FALLBACK_POLL_MS, sagaKeys } from './saga-keys';

const PAGE_SIZE = 100;
/** Pages kept in memory; past them "Load more" stops and the page says so. */
export const MAX_SAGA_PAGES = 20;

/** GET /api/sagas: one page of instances matching the filters, newest activity first. */
export function getSagas(
  filters: SagaFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<SagaPage> {
  const query = sagaFilterParams(filters);
  query.set('limit', String(PAGE_SIZE));
  if (cursor) query.set('cursor', cursor);
  return apiGet(`/api/sagas?${query.toString()}`, SagaPage, { signal });
}

/**
 * `live`: `sagas:changed` refreshes the first page; else it is polled. Once more pages are loaded the
 * list holds still either way, so rows do not move under a reader scrolling back.
 */
export function sagasQueryOptions(filters: SagaFilters, live = false) {
  return infiniteQueryOptions({
    queryKey: sagaKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getSagas(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last, pages) =>
      pages.length >= MAX_SAGA_PAGES ? undefined : (last.nextCursor ?? undefined),
    // a new filter keeps the old table on screen until its answer arrives
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      live || (query.state.data?.pages.length ?? 0) > 1 ? false : SAGAS_FALLBACK_POLL_MS,
  });
}

export function useSagas(filters: SagaFilters, live = false) {
  return useInfiniteQuery(sagasQueryOptions(filters, live));
}
