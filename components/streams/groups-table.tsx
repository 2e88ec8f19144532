'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { ChevronRight } from 'lucide-react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { StatusDot } from '@/components/ui/status-dot';
import type { ColumnSpec } from '@/components/ui/table/columns';
import { ResponsiveTable } from '@/components/ui/table/responsive-table';
import type { SortState } from '@/components/ui/table/sort';
import { SortHeader } from '@/components/ui/table/sort-header';
import { useTableSort } from '@/components/ui/table/use-table-sort';
import { TruncatedName } from '@/components/ui/truncated-name';
import { formatCount, formatPercent, formatRate, plural } from '@/components/lib/format';
import { clearText, explainLag } from '@/components/lib/lag/describe-lag';
import { GroupDetail } from './group-detail';
import type { GroupRow } from './group-rows';
import { groupSortValue, type GroupSortColumn } from './group-sort';
import { describeTrend, summarizeTrend } from './lag-trend';
import { LagSparkline } from './charts/lag-sparkline';
import table from './table.module.css';
import styles from './groups-table.module.css';

/**
 * Priority 2 and 3 columns give way on narrow screens; the expanded detail repeats each of them (lag
 * chart, time to clear, in/out per second, consumers).
 */
const COLUMNS: readonly ColumnSpec[] = [
  { track: '20px', min: 20 },
  { track: 'minmax(140px, 1.6fr)', min: 140 },
  { track: 'minmax(110px, 1.3fr)', min: 110 },
  { track: 'minmax(64px, 0.6fr)', min: 64 },
  { track: '100px', min: 100, priority: 3 },
  { track: 'minmax(96px, 1fr)', min: 96, priority: 2 },
  { track: 'minmax(80px, 0.6fr)', min: 80 },
  { track: 'minmax(100px, 0.9fr)', min: 100, priority: 2 },
  // "HANDLED/S", the sort icon and the button's padding, whole
  { track: 'minmax(100px, 0.6fr)', min: 100, priority: 3 },
  { track: 'minmax(76px, 0.5fr)', min: 76 },
  { track: 'minmax(64px, 0.5fr)', min: 64 },
];
/** The row's column gap and side padding (table.module.css). */
const CHROME = { gap: 12, padding: 32 };
const ROW_HEIGHT = 40;
/** A first guess for an expanded row; the virtualizer measures the real height once it renders. */
const EXPANDED_ESTIMATE = 640;

interface GroupsTableProps {
  rows: readonly GroupRow[];
  expanded: string | null;
  onToggle: (key: string) => void;
  sort: SortState<GroupSortColumn> | null;
  onSortChange: (sort: SortState<GroupSortColumn> | null) => void;
  stuckAfterMs: number;
  sampleSize: number;
  trendFrom: string;
  trendStepSeconds: number;
}

/**
 * Consumer groups, one row each, a row expanding in place into its detail. Virtualized against the
 * window (the page scrolls, not a box inside it) because an expanded row is taller than a screen.
 */
export function GroupsTable({
  rows: unsorted,
  expanded,
  onToggle,
  sort: sortValueInUrl,
  onSortChange,
  ...detail
}: GroupsTableProps) {
  const listRef = useRef<HTMLDivElement>(null);
  const { sort, onSort, rows } = useTableSort(unsorted, groupSortValue, {
    value: sortValueInUrl,
    onChange: onSortChange,
  });
  const [scrollMargin, setScrollMargin] = useState(0);

  // the list's distance from the top of the page moves when the streams table above it loads or grows
  useLayoutEffect(() => {
    const list = listRef.current;
    if (!list) return;
    const measure = () => setScrollMargin(list.getBoundingClientRect().top + window.scrollY);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  const virtualizer = useWindowVirtualizer({
    count: rows.length,
    estimateSize: (index) => (rows[index]?.key === expanded ? EXPANDED_ESTIMATE : ROW_HEIGHT),
    // generous: rows are light, and fast scrolling (or a full-page screenshot) should not meet gaps
    overscan: 30,
    scrollMargin,
    getItemKey: (index) => rows[index]?.key ?? index,
    initialRect: { width: 0, height: 900 },
  });

  // arriving with a group in the URL (a link from Overview): bring it into view once
  const arrivedWith = useRef(expanded);
  const rowsReady = rows.length > 0;
  useEffect(() => {
    const target = arrivedWith.current;
    if (!target || !rowsReady || scrollMargin === 0) return;
    arrivedWith.current = null;
    const index = rows.findIndex((r) => r.key === target);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'start' });
  }, [rows, rowsReady, scrollMargin, virtualizer]);

  return (
    <ResponsiveTable
      columns={COLUMNS}
      chrome={CHROME}
      aria-label="Consumer groups"
      aria-rowcount={rows.length + 1}
      className={table.table}
    >
      <div role="rowgroup" className={styles.stickyHeader}>
        <div role="row" aria-rowindex={1} className={table.headerRow}>
          <span role="columnheader">
            <span className="visually-hidden">Status</span>
          </span>
          <SortHeader column="group" sort={sort} onSort={onSort}>
            Group
          </SortHeader>
          <SortHeader column="topic" sort={sort} onSort={onSort}>
            Topic
          </SortHeader>
          <SortHeader
            column="lag"
            sort={sort}
            onSort={onSort}
            firstDirection="desc"
            numeric
            className={table.num}
            title="Entries not yet delivered to the group"
          >
            Lag
          </SortHeader>
          <span role="columnheader" data-priority={3} title="Recorded lag, last 15 minutes">
            Lag, 15 min
          </span>
          <span
            role="columnheader"
            data-priority={2}
            title="Lag ÷ its drain rate, from the trend of the last 2 minutes"
          >
            Time to clear
          </span>
          <SortHeader
            column="pending"
            sort={sort}
            onSort={onSort}
            firstDirection="desc"
            numeric
            className={table.num}
            title="Delivered, not yet acknowledged"
          >
            Pending
          </SortHeader>
          <SortHeader
            column="consumers"
            sort={sort}
            onSort={onSort}
            firstDirection="desc"
            priority={2}
            title="Unhealthy first, then the most consumers"
          >
            Consumers
          </SortHeader>
          <SortHeader
            column="handled"
            sort={sort}
            onSort={onSort}
            firstDirection="desc"
            numeric
            priority={3}
            className={table.num}
            title="Deliveries handled per second, last minute"
          >
            Handled/s
          </SortHeader>
          <SortHeader
            column="errors"
            sort={sort}
            onSort={onSort}
            firstDirection="desc"
            numeric
            className={table.num}
            title="Handler attempts that threw, last minute"
          >
            Errors
          </SortHeader>
          <SortHeader
            column="stuck"
            sort={sort}
            onSort={onSort}
            firstDirection="desc"
            numeric
            className={table.num}
            title="Pending entries idle past the stuck threshold"
          >
            Stuck
          </SortHeader>
        </div>
      </div>
      <div ref={listRef} role="rowgroup" style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index];
          if (!row) return null;
          const open = row.key === expanded;
          return (
            <div
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className={styles.item}
              data-open={open || undefined}
              style={{ transform: `translateY(${item.start - virtualizer.options.scrollMargin}px)` }}
            >
              <GroupRowCells row={row} open={open} onToggle={onToggle} rowIndex={item.index + 2} />
              {open ? (
                <div role="row" className={styles.detailRow}>
                  <div role="cell" aria-colspan={11} className={styles.detailCell}>
                    <GroupDetail row={row} {...detail} />
                  </div>
                </div>
              ) : null}
            </div>
          );
        })}
      </div>
    </ResponsiveTable>
  );
}

interface GroupRowCellsProps {
  row: GroupRow;
  open: boolean;
  onToggle: (key: string) => void;
  rowIndex: number;
}

function GroupRowCells({ row, open, onToggle, rowIndex }: GroupRowCellsProps) {
  const { group, lag, health } = row;
  const detailId = `group-detail-${row.key}`;
  const trend = describeTrend(summarizeTrend(group.lagTrend), 15);
  const clearClass =
    lag.state === 'not-draining' ? table.degradedText : lag.state === 'draining' ? '' : table.muted;
  const consumerClass = row.unhealthyConsumers > 0 ? table.degradedText : '';
  const stuck = group.pendingEntries.stuckCount;

  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      className={`${table.row} ${styles.row}`}
      style={{ height: ROW_HEIGHT }}
      onClick={(event) => {
        // a click anywhere on the row toggles it, except on its own controls
        if ((event.target as HTMLElement).closest('button, a')) return;
        onToggle(row.key);
      }}
    >
      <span role="cell" className={table.cell} title={health.reasons.join(', ') || 'Healthy'}>
        <StatusDot tone={health.tone} />
        <span className="visually-hidden">{health.reasons.join(', ') || 'healthy'}</span>
      </span>
      <span role="cell" className={table.cell}>
        <button
          type="button"
          className={styles.toggle}
          aria-expanded={open}
          aria-controls={open ? detailId : undefined}
          aria-label={`${group.name} on ${group.topic}`}
          onClick={() => onToggle(row.key)}
        >
          <ChevronRight size={14} aria-hidden className={styles.chevron} />
          <TruncatedName name={group.name} className={table.name} />
        </button>
      </span>
      <span role="cell" className={`${table.cell} ${table.muted}`}>
        <TruncatedName name={group.topic} />
      </span>
      <span role="cell" className={`${table.cell} ${table.num}`}>
        {formatCount(lag.lag)}
      </span>
      <span role="cell" data-priority={3} className={table.cell}>
        <LagSparkline values={group.lagTrend} label={trend} />
      </span>
      <span
        role="cell"
        data-priority={2}
        className={`${table.cell} ${clearClass}`}
        title={explainLag(lag)}
        data-lag-state={lag.state}
      >
        {clearText(lag)}
      </span>
      <span role="cell" className={`${table.cell} ${table.num}`}>
        {formatCount(group.pending)}
      </span>
      <span
        role="cell"
        data-priority={2}
        className={`${table.cell} ${consumerClass}`}
        title={`${row.consumers.length} in Redis, ${row.unhealthyConsumers} unhealthy`}
      >
        <span className={table.truncate}>
          {row.consumers.length === 0
            ? 'none'
            : row.unhealthyConsumers > 0
              ? `${row.unhealthyConsumers} unhealthy`
              : plural(row.consumers.length, 'consumer')}
        </span>
      </span>
      <span role="cell" data-priority={3} className={`${table.cell} ${table.num}`}>
        {formatRate(group.handledPerSec, '')}
      </span>
      <span
        role="cell"
        className={`${table.cell} ${table.num} ${group.errorRate >= 0.05 ? table.degradedText : table.muted}`}
      >
        {formatPercent(group.errorRate)}
      </span>
      <span
        role="cell"
        className={`${table.cell} ${table.num} ${stuck > 0 ? table.degradedText : table.subtle}`}
      >
        {formatCount(stuck)}
      </span>
    </div>
  );
}
