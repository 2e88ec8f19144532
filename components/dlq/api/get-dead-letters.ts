import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { DeadLetterPage } from '@/server/contracts/dead-letter-list';
import { filterParams, type DlqFilters } from '../lib/url-state';
import { dlqKeys } from './dlq-keys';

/** Pages kept in memory: the list stays bounded, and says so when there are more. */
export const MAX_LETTER_PAGES = 40;
const PAGE_SIZE = 200;

/** GET /api/dead-letters: one page of letters, newest failure first. */
export function getDeadLetters(
  filters: DlqFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<DeadLetterPage> {
  const query = filterParams(filters);
  query.set('limit', String(PAGE_SIZE));
  if (cursor) query.set('cursor', cursor);
  return apiGet(`/api/dead-letters?${query.toString()}`, DeadLetterPage, { signal });
}

export function deadLettersQueryOptions(filters: DlqFilters) {
  return infiniteQueryOptions({
    queryKey: dlqKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getDeadLetters(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last, pages) =>
      pages.length >= MAX_LETTER_PAGES ? undefined : (last.nextCursor ?? undefined),
  });
}

export function useDeadLetters(filters: DlqFilters, { enabled = true }: { enabled?: boolean } = {}) {
  return useInfiniteQuery({ ...deadLettersQueryOptions(filters), enabled });
}
