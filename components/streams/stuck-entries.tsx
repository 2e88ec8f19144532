'use client';

import type { CSSProperties } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import type { PendingEntry } from '@/server/contracts/bus-state';
import { formatCount, formatDuration } from '@/components/lib/format';
import { VirtualRows } from './virtual-rows';
import table from './table.module.css';
import styles from './stuck-entries.module.css';

const COLUMNS = 'minmax(180px, 1.4fr) minmax(200px, 2fr) minmax(80px, 0.6fr) minmax(80px, 0.6fr)';
const ROW_HEIGHT = 32;
const MAX_HEIGHT = ROW_HEIGHT * 8;

interface StuckEntriesProps {
  /** Stuck entries in the sample; `entries` lists the oldest of them. */
  count: number;
  entries: readonly PendingEntry[];
  stuckAfterMs: number;
}

/**
 * Pending entries nobody acknowledged or reclaimed for `stuckAfterMs`: delivered to a consumer that
 * is gone, hung, or keeps failing them. Their ids copy one by one or all at once (for XCLAIM / XACK).
 */
export function StuckEntries({ count, entries, stuckAfterMs }: StuckEntriesProps) {
  if (count === 0) {
    return (
      <p className={table.muted}>
        None: every pending entry was delivered or retried within {formatDuration(stuckAfterMs)}.
      </p>
    );
  }
  const ids = entries.map((e) => e.id).join('\n');
  return (
    <div className={styles.stuck}>
      <div className={styles.summary}>
        <span className={table.degradedText}>
          {formatCount(count)} stuck
          {entries.length < count ? `, the oldest ${entries.length} listed` : ''}
        </span>
        <span className={styles.copyAll}>
          Copy all ids
          <CopyButton value={ids} label={`Copy ${entries.length} stuck entry ids`} />
        </span>
      </div>
      <div
        role="table"
        aria-label="Stuck entries"
        aria-rowcount={entries.length + 1}
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
            <span role="columnheader">Entry id</span>
            <span role="columnheader">Consumer</span>
            <span role="columnheader" className={table.num}>
              Idle
            </span>
            <span role="columnheader" className={table.num}>
              Deliveries
            </span>
          </div>
        </div>
        <VirtualRows
          items={entries}
          getKey={(e) => e.id}
          rowHeight={ROW_HEIGHT}
          maxHeight={MAX_HEIGHT}
          renderCells={(e) => (
            <>
              <span role="cell" className={table.cell}>
                <span className={table.mono}>{e.id}</span>
                <CopyButton value={e.id} label={`Copy entry id ${e.id}`} />
              </span>
              <span role="cell" className={`${table.cell} ${table.muted}`}>
                <span className={`${table.mono} ${table.truncate}`} title={e.consumer}>
                  {e.consumer}
                </span>
              </span>
              <span role="cell" className={`${table.cell} ${table.num} ${table.degradedText}`}>
                {formatDuration(e.idleMs)}
              </span>
              <span role="cell" className={`${table.cell} ${table.num}`}>
                {formatCount(e.deliveries)}
              </span>
            </>
          )}
        />
      </div>
    </div>
  );
}
