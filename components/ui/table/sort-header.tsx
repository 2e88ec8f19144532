'use client';

import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import type { ReactNode } from 'react';
import { ariaSort, type SortDirection, type SortState } from './sort';
import styles from './table-kit.module.css';

interface SortHeaderProps<Id extends string> {
  column: Id;
  sort: SortState<Id> | null;
  onSort: (column: Id, firstDirection: SortDirection) => void;
  /** Figures start largest first, names A to Z. */
  firstDirection?: SortDirection;
  numeric?: boolean;
  /** Hidden first when the table is narrow (see useResponsiveColumns). */
  priority?: 1 | 2 | 3;
  className?: string;
  title?: string;
  children: ReactNode;
}

/**
 * A column header that sorts its table: a real button (Tab, Enter, Space) inside the columnheader, whose
 * aria-sort says the current order.
 */
export function SortHeader<Id extends string>({
  column,
  sort,
  onSort,
  firstDirection = 'asc',
  numeric,
  priority,
  className,
  title,
  children,
}: SortHeaderProps<Id>) {
  const state = ariaSort(sort, column);
  const Icon = state === 'ascending' ? ArrowUp : state === 'descending' ? ArrowDown : ArrowUpDown;
  return (
    <span role="columnheader" aria-sort={state} data-priority={priority} className={className} title={title}>
      <button
        type="button"
        className={styles.sortButton}
        data-numeric={numeric || undefined}
        data-active={state !== 'none' || undefined}
        onClick={() => onSort(column, firstDirection)}
      >
        {/* in the text's flow, so a label that wraps keeps the icon beside its words (figures: before) */}
        {numeric ? <Icon size={12} aria-hidden className={styles.sortIcon} /> : null}
        <span className={styles.sortLabel}>{children}</span>
        {numeric ? null : <Icon size={12} aria-hidden className={styles.sortIcon} />}
      </button>
    </span>
  );
}
