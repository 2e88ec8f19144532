'use client';

import type { ReactNode } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import type { ColumnSpec } from '@/components/ui/table/columns';
import { ResponsiveTable } from '@/components/ui/table/responsive-table';
import type { SortDirection, SortValue } from '@/components/ui/table/sort';
import { SortHeader } from '@/components/ui/table/sort-header';
import { useTableSort } from '@/components/ui/table/use-table-sort';
import { TruncatedName } from '@/components/ui/truncated-name';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusDot } from '@/components/ui/status-dot';
import { formatCount, formatDuration } from '@/components/lib/format';
import type { GroupRow } from './group-rows';
import { VirtualRows } from './virtual-rows';
import table from './table.module.css';

const ROW_HEIGHT = 32;
const MAX_HEIGHT = ROW_HEIGHT * 8;

type ConsumerRow = GroupRow['consumers'][number];

interface Column extends ColumnSpec {
  id: string;
  header: ReactNode;
  title?: string;
  /** What the column sorts by; none for columns that do not sort. */
  sortValue?: (row: ConsumerRow) => SortValue;
  /** Figures sort largest first. */
  firstDirection?: SortDirection;
  numeric?: boolean;
  cell: (row: ConsumerRow) => ReactNode;
  cellClass?: (row: ConsumerRow) => string | undefined;
}

const toneText = ({ verdict }: ConsumerRow): string | undefined =>
  verdict.tone === 'failing' ? table.failingText : verdict.tone === 'degraded' ? table.degradedText : '';

const STATUS: Column = {
  header: 'Status',
  id: 'status',
  track: 'minmax(130px, 1fr)',
  min: 130,
  sortValue: ({ verdict }) => verdict.label,
  cellClass: toneText,
  cell: ({ verdict }) => (
    <>
      <StatusDot tone={verdict.tone} />
      <span className={table.truncate} title={verdict.why}>
        {verdict.label}
      </span>
    </>
  ),
};

const NAME: Column = {
  header: 'Consumer',
  id: 'consumer',
  track: 'minmax(180px, 2.2fr)',
  min: 180,
  sortValue: ({ consumer: c }) => c.name,
  cell: ({ consumer: c }) => (
    <>
      <TruncatedName name={c.name} tail={10} className={table.mono} />
      <span className={table.reveal}>
        <CopyButton value={c.name} label={`Copy consumer name ${c.name}`} />
      </span>
    </>
  ),
};

const SERVICE: Column = {
  header: 'Service',
  id: 'service',
  track: 'minmax(100px, 1fr)',
  min: 100,
  sortValue: ({ consumer: c }) => c.service,
  cellClass: () => table.muted,
  cell: ({ consumer: c }) => <span className={table.truncate}>{c.service ?? 'no heartbeat'}</span>,
};

const PENDING: Column = {
  header: 'Pending',
  id: 'pending',
  // "PENDING", the sort icon and the button's padding: narrower cut it to "PEN…"
  track: 'minmax(80px, 0.5fr)',
  min: 80,
  sortValue: ({ consumer: c }) => c.pending,
  firstDirection: 'desc',
  numeric: true,
  cell: ({ consumer: c }) => formatCount(c.pending),
};

const IN_FLIGHT: Column = {
  header: 'In flight',
  title: 'Entries its handler is working on (heartbeat)',
  id: 'inFlight',
  // wraps to "IN / FLIGHT"; "FLIGHT" needs this much beside the sort icon
  track: 'minmax(72px, 0.5fr)',
  min: 72,
  sortValue: ({ consumer: c }) => c.inFlight,
  firstDirection: 'desc',
  numeric: true,
  cellClass: () => table.muted,
  cell: ({ consumer: c }) => formatCount(c.inFlight),
};

const IDLE: Column = {
  header: 'Idle',
  title: 'Since its last read or claim (Redis)',
  id: 'idle',
  track: 'minmax(72px, 0.6fr)',
  min: 72,
  sortValue: ({ consumer: c }) => c.idleMs,
  firstDirection: 'desc',
  numeric: true,
  cell: ({ consumer: c }) => formatDuration(c.idleMs),
};

const INACTIVE: Column = {
  header: 'Inactive',
  title: 'Since its last successful read (Redis 7.2+)',
  id: 'inactive',
  track: 'minmax(84px, 0.6fr)',
  min: 84,
  sortValue: ({ consumer: c }) => c.inactiveMs,
  firstDirection: 'desc',
  numeric: true,
  cellClass: () => table.muted,
  cell: ({ consumer: c }) => formatDuration(c.inactiveMs),
};

const HEARTBEAT: Column = {
  header: 'Heartbeat',
  id: 'heartbeat',
  track: 'minmax(96px, 0.8fr)',
  min: 96,
  sortValue: ({ consumer: c }) => c.lastSeenAt,
  firstDirection: 'desc',
  cellClass: () => table.muted,
  cell: ({ consumer: c }) => (c.lastSeenAt ? <RelativeTime value={c.lastSeenAt} /> : '—'),
};

const CHROME = { gap: 12, padding: 24 };
const sortValue = (row: ConsumerRow, column: string): SortValue =>
  ALL_COLUMNS.find((c) => c.id === column)?.sortValue?.(row);
const ALL_COLUMNS = [STATUS, NAME, SERVICE, PENDING, IN_FLIGHT, IDLE, INACTIVE, HEARTBEAT];
const WITHOUT_INACTIVE = ALL_COLUMNS.filter((c) => c !== INACTIVE);

/**
 * A group's consumers: what Redis says (pending, idle) beside what their heartbeat says. Every column
 * matters here, so a narrow screen scrolls the table sideways rather than hiding any.
 */
export function ConsumersTable({ consumers }: { consumers: readonly ConsumerRow[] }) {
  const { sort, onSort, rows } = useTableSort(consumers, sortValue);
  if (consumers.length === 0) {
    return <p className={table.muted}>No consumer has read from this group yet.</p>;
  }
  // Redis before 7.2 does not report inactivity: no column of dashes then
  const hasInactive = consumers.some((c) => c.consumer.inactiveMs !== null);
  const columns = hasInactive ? ALL_COLUMNS : WITHOUT_INACTIVE;
  const cellClass = (column: Column, row: ConsumerRow) =>
    [table.cell, column.numeric ? table.num : '', column.cellClass?.(row) ?? ''].filter(Boolean).join(' ');

  return (
    <div style={{ marginInline: 'calc(-1 * var(--space-3))' }}>
      <ResponsiveTable
        columns={columns}
        chrome={CHROME}
        aria-label="Consumers"
        aria-rowcount={consumers.length + 1}
        className={`${table.table} ${table.compact}`}
      >
        <div role="rowgroup">
          <div role="row" aria-rowindex={1} className={table.headerRow}>
            {columns.map((column) => (
              <SortHeader
                key={column.id}
                column={column.id}
                sort={sort}
                onSort={onSort}
                firstDirection={column.firstDirection}
                numeric={column.numeric}
                className={column.numeric ? table.num : undefined}
                title={column.title}
              >
                {column.header}
              </SortHeader>
            ))}
          </div>
        </div>
        <VirtualRows
          items={rows}
          getKey={(c) => c.consumer.name}
          rowHeight={ROW_HEIGHT}
          maxHeight={MAX_HEIGHT}
          renderCells={(row) =>
            columns.map((column) => (
              <span key={column.id} role="cell" className={cellClass(column, row)}>
                {column.cell(row)}
              </span>
            ))
          }
        />
      </ResponsiveTable>
    </div>
  );
}
