'use client';

import { ChevronRight } from 'lucide-react';
import {
  formatCount,
  formatDateTime,
  formatDuration,
  formatLatency,
  formatRate,
  formatRelative,
} from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import type { ColumnSpec } from '@/components/ui/table/columns';
import { ResponsiveTable } from '@/components/ui/table/responsive-table';
import type { ProjectionSummary } from '@/server/contracts/projections';
import { idTime, latestPosition, rebuildTookMs } from '../lib/figures';
import { PROJECTION_STATUS_HINT, PROJECTION_STATUS_LABEL, PROJECTION_STATUS_TONE } from '../lib/status';
import { ProjectionDetailPanel } from './projection-detail';
import styles from './projections.module.css';

/** Priority 2 and 3 columns give way on narrow screens; the expanded detail repeats each of them. */
const COLUMNS: readonly ColumnSpec[] = [
  { track: 'minmax(170px, 1.6fr)', min: 170 },
  { track: '120px', min: 120 },
  { track: 'minmax(150px, 1.2fr)', min: 150, priority: 3 },
  { track: 'minmax(72px, 0.6fr)', min: 72 },
  { track: 'minmax(80px, 0.6fr)', min: 80 },
  { track: 'minmax(72px, 0.6fr)', min: 72, priority: 2 },
  { track: 'minmax(64px, 0.5fr)', min: 64 },
  { track: 'minmax(130px, 1fr)', min: 130, priority: 2 },
];
const CHROME = { gap: 12, padding: 32 };

interface ProjectionsTableProps {
  rows: readonly ProjectionSummary[];
  now: number;
  expanded: string | null;
  onToggle(name: string): void;
}

/** One row per projection, expanding in place into its detail (positions, processes, read model). */
export function ProjectionsTable({ rows, now, expanded, onToggle }: ProjectionsTableProps) {
  return (
    <ResponsiveTable
      columns={COLUMNS}
      chrome={CHROME}
      aria-label="Projections"
      aria-rowcount={rows.length + 1}
      className={styles.table}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={styles.headerRow}>
          <span role="columnheader">Projection</span>
          <span role="columnheader">Status</span>
          <span role="columnheader" data-priority={3} title="The furthest checkpoint over its topics">
            Position
          </span>
          <span role="columnheader" className={styles.num} title="Entries not applied yet, all topics">
            Lag
          </span>
          <span role="columnheader" className={styles.num} title="Age of the oldest entry not applied yet">
            Behind
          </span>
          <span role="columnheader" data-priority={2} className={styles.num} title="Entries per second">
            Rate
          </span>
          <span role="columnheader" className={styles.num} title="Failed batches, each retried">
            Errors
          </span>
          <span role="columnheader" data-priority={2}>
            Last rebuild
          </span>
        </div>
      </div>
      <div role="rowgroup">
        {rows.map((row, index) => {
          const open = row.name === expanded;
          return (
            <div key={row.name} className={styles.item} data-open={open || undefined}>
              <ProjectionRow row={row} now={now} open={open} onToggle={onToggle} rowIndex={index + 2} />
              {open ? (
                <div role="row" className={styles.detail} id={`projection-detail-${row.name}`}>
                  <div role="cell" aria-colspan={COLUMNS.length}>
                    <ProjectionDetailPanel row={row} now={now} />
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

interface ProjectionRowProps {
  row: ProjectionSummary;
  now: number;
  open: boolean;
  onToggle(name: string): void;
  rowIndex: number;
}

function ProjectionRow({ row, now, open, onToggle, rowIndex }: ProjectionRowProps) {
  const { active } = row;
  const position = latestPosition(active);
  const rate = active.ratePerSec + (row.building?.ratePerSec ?? 0);
  return (
    <div
      role="row"
      aria-rowindex={rowIndex}
      className={styles.row}
      onClick={(event) => {
        // a click anywhere on the row toggles it, except on its own controls
        if ((event.target as HTMLElement).closest('button, a')) return;
        onToggle(row.name);
      }}
    >
      <span role="cell" className={styles.cell}>
        <button
          type="button"
          className={styles.toggle}
          aria-expanded={open}
          aria-controls={open ? `projection-detail-${row.name}` : undefined}
          onClick={() => onToggle(row.name)}
        >
          <ChevronRight size={14} aria-hidden className={styles.chevron} />
          <span title={row.name}>{row.name}</span>
        </button>
      </span>
      <span role="cell" className={styles.cell} title={PROJECTION_STATUS_HINT[row.status]}>
        <Badge tone={PROJECTION_STATUS_TONE[row.status]}>{PROJECTION_STATUS_LABEL[row.status]}</Badge>
      </span>
      <span role="cell" data-priority={3} className={styles.cell}>
        {position ? (
          <span className={styles.mono} title={`${position}, written ${formatDateTime(idTime(position))}`}>
            {position}
          </span>
        ) : (
          <span className={styles.subtle}>not started</span>
        )}
      </span>
      <span role="cell" className={`${styles.cell} ${styles.num} ${active.lag > 0 ? '' : styles.subtle}`}>
        {formatCount(active.lag)}
      </span>
      <span
        role="cell"
        className={`${styles.cell} ${styles.num} ${active.lagMs === null ? styles.subtle : ''}`}
        title={
          active.lagMs === null
            ? 'Caught up'
            : 'The oldest entry it has not applied was written this long ago'
        }
      >
        {active.lagMs === null ? '—' : formatLatency(active.lagMs)}
      </span>
      <span role="cell" data-priority={2} className={`${styles.cell} ${styles.num}`}>
        {formatRate(rate, '')}
      </span>
      <span
        role="cell"
        className={`${styles.cell} ${styles.num} ${active.errors > 0 ? styles.failing : styles.subtle}`}
        title={active.lastError ?? undefined}
      >
        {formatCount(active.errors)}
      </span>
      <span role="cell" data-priority={2} className={styles.cell}>
        <LastRebuild row={row} now={now} />
      </span>
    </div>
  );
}

function LastRebuild({ row, now }: { row: ProjectionSummary; now: number }) {
  if (row.building) return <span>building g{row.building.generation}</span>;
  const last = row.lastRebuild;
  if (!last?.swappedAt) return <span className={styles.subtle}>never</span>;
  const took = rebuildTookMs(row);
  return (
    <>
      <time
        dateTime={last.swappedAt}
        title={`Started ${formatDateTime(last.startedAt)}, swapped in ${formatDateTime(last.swappedAt)}${
          took !== null ? ` (took ${formatDuration(took)})` : ''
        }`}
      >
        {formatRelative(last.swappedAt, now)}
      </time>
      {took !== null ? <span className={styles.subtle}>took {formatDuration(took)}</span> : null}
    </>
  );
}
