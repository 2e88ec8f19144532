import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { parseSagaFilters, sagaFilterParams, type SagaFilters } from '../lib/url-state';

/** The list's filters from the URL, and a setter that replaces the history entry (typing is not a step). */
export function useSagasUrl(): { filters: SagaFilters; setFilters(next: SagaFilters): void } {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const filters = useMemo(() => parseSagaFilters(params), [params]);
  const setFilters = useCallback(
    (next: SagaFilters) => {
      const search = sagaFilterParams(next).toString();
      router.replace(search ? `${pathname}?${search}` : pathname, { scroll: false });
    },
    [pathname, router],
  );
  return { filters, setFilters };
}
