import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseTraceFilters, traceFilterParams, type TraceFilters } from '../lib/url-state';

/** The search's filters from the URL, and a setter that replaces the history entry (typing is not a step). */
export function useTracesUrl(): { filters: TraceFilters; setFilters(next: TraceFilters): void } {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const filters = useMemo(() => parseTraceFilters(params), [params]);
  const setFilters = useCallback(
    (next: TraceFilters) => {
      const search = traceFilterParams(next).toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [pathname, router],
  );
  return { filters, setFilters };
}
