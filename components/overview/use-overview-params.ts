'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { readOverviewParams, writeOverviewParams, type OverviewParams } from './overview-params';

/** The Overview's range and latency group, read from and written to the URL (history replaced, no scroll). */
export function useOverviewParams(): [OverviewParams, (patch: Partial<OverviewParams>) => void] {
  const search = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const params = readOverviewParams(search);
  const searchText = search.toString();

  const update = useCallback(
    (patch: Partial<OverviewParams>) => {
      const current = new URLSearchParams(searchText);
      const next = { ...readOverviewParams(current), ...patch };
      router.replace(`${pathname}${writeOverviewParams(current, next)}`, { scroll: false });
    },
    [router, pathname, searchText],
  );

  return [params, update];
}
