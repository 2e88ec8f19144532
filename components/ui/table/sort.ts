/** Sorting for the app's tables: one state shape, one comparator, one cycle of header clicks. */
export type SortDirection = 'asc' | 'desc';

export interface SortState<Id extends string = string> {
  column: Id;
  direction: SortDirection;
}

export type SortValue = string | number | null | undefined;

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Nulls (unknown figures) sort last in either direction: they are never the answer to "most". */
export function compareValues(a: SortValue, b: SortValue, direction: SortDirection): number {
  const aMissing = a === null || a === undefined || (typeof a === 'number' && Number.isNaN(a));
  const bMissing = b === null || b === undefined || (typeof b === 'number' && Number.isNaN(b));
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
  const order =
    typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
  return direction === 'asc' ? order : -order;
}

/** A stable sort: rows that tie keep the order the server gave them. */
export function sortRows<T, Id extends string>(
  rows: readonly T[],
  sort: SortState<Id> | null,
  valueOf: (row: T, column: Id) => SortValue,
): readonly T[] {
  if (!sort) return rows;
  return rows
    .map((row, index) => ({ row, index, value: valueOf(row, sort.column) }))
    .sort((a, b) => compareValues(a.value, b.value, sort.direction) || a.index - b.index)
    .map(({ row }) => row);
}

/**
 * What a click on a header does: a new column starts in its natural direction (figures largest first,
 * names A to Z), the same column flips, and a third click returns to the server's order.
 */
export function nextSort<Id extends string>(
  current: SortState<Id> | null,
  column: Id,
  firstDirection: SortDirection,
): SortState<Id> | null {
  if (current?.column !== column) return { column, direction: firstDirection };
  if (current.direction === firstDirection)
    return { column, direction: firstDirection === 'asc' ? 'desc' : 'asc' };
  return null;
}

export function ariaSort(sort: SortState | null, column: string): 'ascending' | 'descending' | 'none' {
  if (sort?.column !== column) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

/** `lag.desc` in a URL; anything unknown reads as no sort. */
export function parseSort<Id extends string>(
  value: string | null,
  columns: readonly Id[],
): SortState<Id> | null {
  if (!value) return null;
  const [column, direction] = value.split('.');
  const known = columns.find((c) => c === column);
  if (!known || (direction !== 'asc' && direction !== 'desc')) return null;
  return { column: known, direction };
}

export const formatSort = (sort: SortState | null): string | null =>
  sort ? `${sort.column}.${sort.direction}` : null;
