import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { ApiRequestError, apiGet } from '@/components/lib/api-client';
import { TraceDetail } from '@/server/contracts/traces';
import { refreshPeriodMs } from '../lib/refresh-period';
import { traceKeys } from './trace-keys';

/** Rows per page: a screenful many times over, small enough to parse within a frame budget or two. */
const PAGE_SIZE = 500;
/**
 * While a trace is in progress it is refetched this often even without a live event (outcomes change
 * too); less often as it grows (lib/refresh-period.ts).
 */
const IN_PROGRESS_POLL_MS = 5_000;

/** GET /api/traces/{correlationId}: the summary, critical path and warnings, and one page of tree rows. */
export function getTrace(
  correlationId: string,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<TraceDetail> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  return apiGet(`/api/traces/${encodeURIComponent(correlationId)}?${query.toString()}`, TraceDetail, {
    signal,
  });
}

export function traceQueryOptions(correlationId: string) {
  return infiniteQueryOptions({
    queryKey: traceKeys.detail(correlationId),
    queryFn: ({ pageParam, signal }) => getTrace(correlationId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // deep-comparing every loaded page (10,000 rows) on each new page or refetch costs more main-thread
    // time than re-rendering the virtualized screenful it would save
    structuralSharing: false,
    retry: (failures, error) =>
      !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 2,
    refetchInterval: (query) => {
      const head = query.state.data?.pages[0];
      return head?.summary.inProgress ? refreshPeriodMs(IN_PROGRESS_POLL_MS, head.totalNodes) : false;
    },
  });
}

export function useTrace(correlationId: string) {
  return useInfiniteQuery(traceQueryOptions(correlationId));
}
