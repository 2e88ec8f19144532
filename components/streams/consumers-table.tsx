'use client';

import type { CSSProperties, ReactNode } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusDot } from '@/components/ui/status-dot';
import { formatCount, formatDuration } from '@/components/lib/format';
import type { GroupRow } from './group-rows';
import { VirtualRows } from './virtual-rows';
import table from './table.module.css';

const ROW_HEIGHT = 32;
const MAX_HEIGHT = ROW_HEIGHT * 8;

type ConsumerRow = GroupRow['consumers'][number];

interface Column {
  header: ReactNode;
  title?: string;
  width: string;
  numeric?: boolean;
  cell: (row: ConsumerRow) => ReactNode;
  cellClass?: (row: ConsumerRow) => string | undefined;
}

const toneText = ({ verdict }: ConsumerRow): string | undefined =>
  verdict.tone === 'failing' ? table.failingText : verdict.tone === 'degraded' ? table.degradedText : '';

const STATUS: Column = {
  header: 'Status',
  width: 'minmax(130px, 1fr)',
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
  width: 'minmax(200px, 2.2fr)',
  cell: ({ consumer: c }) => (
    <>
      <span className={`${table.mono} ${table.truncate}`} title={c.name}>
        {c.name}
      </span>
      <span className={table.reveal}>
        <CopyButton value={c.name} label={`Copy consumer name ${c.name}`} />
      </span>
    </>
  ),
};

const SERVICE: Column = {
  header: 'Service',
  width: 'minmax(100px, 1fr)',
  cellClass: () => table.muted,
  cell: ({ consumer: c }) => <span className={table.truncate}>{c.service ?? 'no heartbeat'}</span>,
};

const PENDING: Column = {
  header: 'Pending',
  width: 'minmax(60px, 0.5fr)',
  numeric: true,
  cell: ({ consumer: c }) => formatCount(c.pending),
};

const IN_FLIGHT: Column = {
  header: 'In flight',
  title: 'Entries its handler is working on (heartbeat)',
  width: 'minmax(64px, 0.5fr)',
  numeric: true,
  cellClass: () => table.muted,
  cell: ({ consumer: c }) => formatCount(c.inFlight),
};

const IDLE: Column = {
  header: 'Idle',
  title: 'Since its last read or claim (Redis)',
  width: 'minmax(72px, 0.6fr)',
  numeric: true,
  cell: ({ consumer: c }) => formatDuration(c.idleMs),
};

const INACTIVE: Column = {
  header: 'Inactive',
  title: 'Since its last successful read (Redis 7.2+)',
  width: 'minmax(72px, 0.6fr)',
  numeric: true,
  cellClass: () => table.muted,
  cell: ({ consumer: c }) => formatDuration(c.inactiveMs),
};

const HEARTBEAT: Column = {
  header: 'Heartbeat',
  width: 'minmax(96px, 0.8fr)',
  cellClass: () => table.muted,
  cell: ({ consumer: c }) => (c.lastSeenAt ? <RelativeTime value={c.lastSeenAt} /> : '—'),
};

/** A group's consumers: what Redis says (pending, idle) beside what their heartbeat says. */
export function ConsumersTable({ consumers }: { consumers: readonly ConsumerRow[] }) {
  if (consumers.length === 0) {
    return <p className={table.muted}>No consumer has read from this group yet.</p>;
  }
  // Redis before 7.2 does not report inactivity: no column of dashes then
  const hasInactive = consumers.some((c) => c.consumer.inactiveMs !== null);
  const columns = [
    STATUS,
    NAME,
    SERVICE,
    PENDING,
    IN_FLIGHT,
    IDLE,
    ...(hasInactive ? [INACTIVE] : []),
    HEARTBEAT,
  ];
  const cellClass = (column: Column, row: ConsumerRow) =>
    [table.cell, column.numeric ? table.num : '', column.cellClass?.(row) ?? ''].filter(Boolean).join(' ');

  return (
    <div
      role="table"
      aria-label="Consumers"
      aria-rowcount={consumers.length + 1}
      className={table.table}
      style={
        {
          '--columns': columns.map((c) => c.width).join(' '),
          marginInline: 'calc(-1 * var(--space-3))',
        } as CSSProperties
      }
    >
      <div role="rowgroup">
        <div
          role="row"
          aria-rowindex={1}
          className={table.headerRow}
          style={{ paddingInline: 'var(--space-3)' }}
        >
          {columns.map((column, i) => (
            <span
              key={i}
              role="columnheader"
              className={column.numeric ? table.num : undefined}
              title={column.title}
            >
              {column.header}
            </span>
          ))}
        </div>
      </div>
      <VirtualRows
        items={consumers}
        getKey={(c) => c.consumer.name}
        rowHeight={ROW_HEIGHT}
        maxHeight={MAX_HEIGHT}
        renderCells={(row) =>
          columns.map((column, i) => (
            <span key={i} role="cell" className={cellClass(column, row)}>
              {column.cell(row)}
            </span>
          ))
        }
      />
    </div>
  );
}
