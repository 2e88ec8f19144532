import { queryOptions, useQuery } from '@tanstack/react-query';
import { ApiRequestError, apiGet } from '@/components/lib/api-client';
import { TraceComparison } from '@/server/contracts/traces';
import { traceKeys } from './trace-keys';

/** GET /api/traces/compare?a=&b=: two traces of one root type, hop by hop. */
export function getTraceComparison(a: string, b: string, signal?: AbortSignal): Promise<TraceComparison> {
  const query = new URLSearchParams({ a, b });
  return apiGet(`/api/traces/compare?${query.toString()}`, TraceComparison, { signal });
}

export function traceComparisonQueryOptions(a: string, b: string) {
  return queryOptions({
    queryKey: traceKeys.compare(a, b),
    queryFn: ({ signal }) => getTraceComparison(a, b, signal),
    retry: (failures, error) =>
      !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 2,
  });
}

export function useTraceComparison(a: string, b: string) {
  return useQuery({ ...traceComparisonQueryOptions(a, b), enabled: a !== '' && b !== '' });
}
