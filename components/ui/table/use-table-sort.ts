'use client';

import { useCallback, useState } from 'react';
import { nextSort, sortRows, type SortDirection, type SortState, type SortValue } from './sort';

/**
 * A table's sort and its rows in that order. Pass `value` and `onChange` to keep the sort somewhere else
 * (a URL); without them the table keeps it itself.
 */
export function useTableSort<T, Id extends string>(
  rows: readonly T[],
  valueOf: (row: T, column: Id) => SortValue,
  controlled?: { value: SortState<Id> | null; onChange: (sort: SortState<Id> | null) => void },
) {
  const [own, setOwn] = useState<SortState<Id> | null>(null);
  const sort = controlled ? controlled.value : own;
  const change = controlled ? controlled.onChange : setOwn;
  const onSort = useCallback(
    (column: Id, firstDirection: SortDirection) => change(nextSort(sort, column, firstDirection)),
    [change, sort],
  );
  return { sort, onSort, rows: sortRows(rows, sort, valueOf) };
}
