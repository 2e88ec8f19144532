'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useState } from 'react';
import { formatSort, parseSort, type SortState } from '@/components/ui/table/sort';
import { GROUP_SORT_COLUMNS, type GroupSortColumn } from './group-sort';

/**
 * The page's view state in its URL: `q` filters streams and groups by name, `group` is the expanded
 * group (`<topic>/<group>`), `sort` the groups' order (`lag.desc`), `internal=1` shows EventLens' own
 * groups. Written with history.replaceState (Next keeps useSearchParams in step), so
 * typing and expanding neither re-render the route nor fill the back button's history.
 *
 * Next applies a replaceState to useSearchParams in a transition, which a busy page defers: a
 * controlled checkbox or input would snap back to the old URL's value on click and only then flip.
 * What was written is read back at once until the URL catches up.
 */
export function useStreamsParams() {
  const url = useSearchParams();
  // what this hook wrote over which URL: a newer URL (the write arriving, or navigation) wins
  const [written, setWritten] = useState<{ over: typeof url; params: URLSearchParams } | null>(null);
  const params = written?.over === url ? written.params : url;
  const filter = params.get('q') ?? '';
  const expanded = params.get('group');
  const groupSort = parseSort(params.get('sort'), GROUP_SORT_COLUMNS);
  const showInternal = params.get('internal') === '1';

  const update = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(window.location.search);
      for (const [name, value] of Object.entries(changes)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      const query = next.toString();
      setWritten({ over: url, params: next });
      window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
    },
    [url],
  );

  const setFilter = useCallback((value: string) => update({ q: value.trim() ? value : null }), [update]);
  const toggleGroup = useCallback(
    (key: string) => update({ group: key === expanded ? null : key }),
    [update, expanded],
  );

  const setGroupSort = useCallback(
    (sort: SortState<GroupSortColumn> | null) => update({ sort: formatSort(sort) }),
    [update],
  );
  const setShowInternal = useCallback((show: boolean) => update({ internal: show ? '1' : null }), [update]);

  return { filter, setFilter, expanded, toggleGroup, groupSort, setGroupSort, showInternal, setShowInternal };
}
