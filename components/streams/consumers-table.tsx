'use client';

import type { CSSProperties } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import { StatusDot } from '@/components/ui/status-dot';
import { formatCount, formatIdle } from './format';
import type { GroupRow } from './group-rows';
import { VirtualRows } from './virtual-rows';
import table from './table.module.css';

const COLUMNS =
  'minmax(130px, 1fr) minmax(200px, 2.2fr) minmax(100px, 1fr) minmax(60px, 0.5fr) minmax(64px, 0.5fr) minmax(72px, 0.6fr) minmax(72px, 0.6fr) minmax(96px, 0.8fr)';
const ROW_HEIGHT = 32;
const MAX_HEIGHT = ROW_HEIGHT * 8;

type ConsumerRow = GroupRow['consumers'][number];

/** A group's consumers: what Redis says (pending, idle) beside what their heartbeat says. */
export function ConsumersTable({ consumers }: { consumers: readonly ConsumerRow[] }) {
  if (consumers.length === 0) {
    return <p className={table.muted}>No consumer has read from this group yet.</p>;
  }
  return (
    <div
      role="table"
      aria-label="Consumers"
      aria-rowcount={consumers.length + 1}
      className={table.table}
      style={{ '--columns': COLUMNS, marginInline: 'calc(-1 * var(--space-3))' } as CSSProperties}
    >
      <div role="rowgroup">
        <div
          role="row"
          aria-rowindex={1}
          className={table.headerRow}
          style={{ paddingInline: 'var(--space-3)' }}
        >
          <span role="columnheader">Status</span>
          <span role="columnheader">Consumer</span>
          <span role="columnheader">Service</span>
          <span role="columnheader" className={table.num}>
            Pending
          </span>
          <span
            role="columnheader"
            className={table.num}
            title="Entries its handler is working on (heartbeat)"
          >
            In flight
          </span>
          <span role="columnheader" className={table.num} title="Since its last read or claim (Redis)">
            Idle
          </span>
          <span role="columnheader" className={table.num} title="Since its last successful read (Redis 7.2+)">
            Inactive
          </span>
          <span role="columnheader">Heartbeat</span>
        </div>
      </div>
      <VirtualRows
        items={consumers}
        getKey={(c) => c.consumer.name}
        rowHeight={ROW_HEIGHT}
        maxHeight={MAX_HEIGHT}
        renderCells={(c) => <ConsumerCells row={c} />}
      />
    </div>
  );
}

function ConsumerCells({ row: { consumer: c, verdict } }: { row: ConsumerRow }) {
  const toneText =
    verdict.tone === 'failing' ? table.failingText : verdict.tone === 'degraded' ? table.degradedText : '';
  return (
    <>
      <span role="cell" className={`${table.cell} ${toneText}`} title={verdict.why}>
        <StatusDot tone={verdict.tone} />
        <span className={table.truncate}>{verdict.label}</span>
      </span>
      <span role="cell" className={table.cell}>
        <span className={`${table.mono} ${table.truncate}`} title={c.name}>
          {c.name}
        </span>
        <span className={table.reveal}>
          <CopyButton value={c.name} label={`Copy consumer name ${c.name}`} />
        </span>
      </span>
      <span role="cell" className={`${table.cell} ${table.muted}`}>
        <span className={table.truncate}>{c.service ?? 'no heartbeat'}</span>
      </span>
      <span role="cell" className={`${table.cell} ${table.num}`}>
        {formatCount(c.pending)}
      </span>
      <span role="cell" className={`${table.cell} ${table.num} ${table.muted}`}>
        {formatCount(c.inFlight)}
      </span>
      <span role="cell" className={`${table.cell} ${table.num}`}>
        {formatIdle(c.idleMs)}
      </span>
      <span role="cell" className={`${table.cell} ${table.num} ${table.muted}`}>
        {formatIdle(c.inactiveMs)}
      </span>
      <span role="cell" className={`${table.cell} ${table.muted}`}>
        {c.lastSeenAt ? <RelativeTime value={c.lastSeenAt} /> : '—'}
      </span>
    </>
  );
}
