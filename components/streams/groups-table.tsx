'use client';

import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { ChevronRight } from 'lucide-react';
import { useLayoutEffect, useRef, useState, type CSSProperties } from 'react';
import { StatusDot } from '@/components/ui/status-dot';
import { formatCount, formatPercent, formatRate, plural } from '@/components/lib/format';
import { clearText, explainLag } from '@/components/lib/lag/describe-lag';
import { GroupDetail } from './group-detail';
import type { GroupRow } from './group-rows';
import { describeTrend, summarizeTrend } from './lag-trend';
import { LagSparkline } from './charts/lag-sparkline';
import table from './table.module.css';
import styles from './groups-table.module.css';

const COLUMNS =
  '20px minmax(150px, 1.6fr) minmax(120px, 1.3fr) minmax(56px, 0.6fr) 100px minmax(96px, 1fr) minmax(60px, 0.6fr) minmax(84px, 0.9fr) minmax(64px, 0.6fr) minmax(52px, 0.5fr) minmax(48px, 0.5fr)';
const ROW_HEIGHT = 40;
/** A first guess for an expanded row; the virtualizer measures the real height once it renders. */
const EXPANDED_ESTIMATE = 640;

interface GroupsTableProps {
  rows: readonly GroupRow[];
  expanded: string | null;
  onToggle: (key: string) => void;
  stuckAfterMs: number;
  sampleSize: number;
  trendFrom: string;
  trendStepSeconds: number;
}

/**
 * Consumer groups, one row each, a row expanding in place into its detail. Virtualized against the
 * window (the page scrolls, not a box inside it) because an expanded row is taller than a screen.
 */
export function GroupsTable({ rows, expanded, onToggle, ...detail }: GroupsTableProps) {
  const listRef = useRef<HTMLDivElement>(null);
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

  return (
    <div
      role="table"
      aria-label="Consumer groups"
      aria-rowcount={rows.length + 1}
      className={table.table}
      style={{ '--columns': COLUMNS } as CSSProperties}
    >
      <div role="rowgroup" className={styles.stickyHeader}>
        <div role="row" aria-rowindex={1} className={table.headerRow}>
          <span role="columnheader">
            <span className="visually-hidden">Status</span>
          </span>
          <span role="columnheader">Group</span>
          <span role="columnheader">Topic</span>
          <span role="columnheader" className={table.num} title="Entries not yet delivered to the group">
            Lag
          </span>
          <span role="columnheader" title="Recorded lag, last 15 minutes">
            Lag, 15 min
          </span>
          <span role="columnheader" title="Lag ÷ its drain rate, from the trend of the last 2 minutes">
            Time to clear
          </span>
          <span role="columnheader" className={table.num} title="Delivered, not yet acknowledged">
            Pending
          </span>
          <span role="columnheader">Consumers</span>
          <span role="columnheader" className={table.num} title="Deliveries handled per second, last minute">
            Handled/s
          </span>
          <span role="columnheader" className={table.num} title="Handler attempts that threw, last minute">
            Errors
          </span>
          <span
            role="columnheader"
            className={table.num}
            title="Pending entries idle past the stuck threshold"
          >
            Stuck
          </span>
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
    </div>
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
          <span className={`${table.name} ${table.truncate}`}>{group.name}</span>
        </button>
      </span>
      <span role="cell" className={`${table.cell} ${table.muted}`}>
        <span className={table.truncate}>{group.topic}</span>
      </span>
      <span role="cell" className={`${table.cell} ${table.num}`}>
        {formatCount(lag.lag)}
      </span>
      <span role="cell" className={table.cell}>
        <LagSparkline values={group.lagTrend} label={trend} />
      </span>
      <span
        role="cell"
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
      <span role="cell" className={`${table.cell} ${table.num}`}>
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
