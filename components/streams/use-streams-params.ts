'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { formatSort, parseSort, type SortState } from '@/components/ui/table/sort';
import { GROUP_SORT_COLUMNS, type GroupSortColumn } from './group-sort';

/**
 * The page's view state in its URL: `q` filters streams and groups by name, `group` is the expanded
 * group (`<topic>/<group>`), `sort` the groups' order (`lag.desc`), `internal=1` shows EventLens' own
 * groups. Written with history.replaceState (Next keeps useSearchParams in step), so
 * typing and expanding neither re-render the route nor fill the back button's history.
 */
export function useStreamsParams() {
  const params = useSearchParams();
  const filter = params.get('q') ?? '';
  const expanded = params.get('group');
  const groupSort = parseSort(params.get('sort'), GROUP_SORT_COLUMNS);
  const showInternal = params.get('internal') === '1';

  const update = useCallback((changes: Record<string, string | null>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [name, value] of Object.entries(changes)) {
      if (value) next.set(name, value);
      else next.delete(name);
    }
    const query = next.toString();
    window.history.replaceState(null, '', query ? `?${query}` : window.location.pathname);
  }, []);

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
