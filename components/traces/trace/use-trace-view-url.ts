import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseTraceView, traceViewSearch, type TraceViewState } from '../lib/url-state';

/** The trace page's view (tab, critical path only) from the URL; switching pushes a history entry. */
export function useTraceViewUrl(): {
  state: TraceViewState;
  navigate(change: Partial<TraceViewState>): void;
} {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const state = useMemo(() => parseTraceView(params), [params]);
  const navigate = useCallback(
    (change: Partial<TraceViewState>) => {
      const search = traceViewSearch({ ...state, ...change });
      router.push(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [state, pathname, router],
  );
  return { state, navigate };
}
