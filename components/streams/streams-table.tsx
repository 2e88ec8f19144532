'use client';

import { Badge } from '@/components/ui/badge';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import type { ColumnSpec } from '@/components/ui/table/columns';
import { ResponsiveTable } from '@/components/ui/table/responsive-table';
import type { SortValue } from '@/components/ui/table/sort';
import { SortHeader } from '@/components/ui/table/sort-header';
import { useTableSort } from '@/components/ui/table/use-table-sort';
import { TruncatedName } from '@/components/ui/truncated-name';
import type { StreamSummary } from '@/server/contracts/streams';
import { formatCount, formatRate } from '@/components/lib/format';
import { describeRetention } from './labels';
import { VirtualRows } from './virtual-rows';
import styles from './table.module.css';

/** Retention and the first entry give way first on narrow screens; the stream's tooltip repeats them. */
const COLUMNS: readonly ColumnSpec[] = [
  { track: 'minmax(160px, 2fr)', min: 160 },
  { track: 'minmax(72px, 0.8fr)', min: 72 },
  { track: 'minmax(64px, 0.7fr)', min: 64 },
  { track: 'minmax(120px, 1.1fr)', min: 120, priority: 3 },
  { track: 'minmax(96px, 1fr)', min: 96, priority: 3 },
  { track: 'minmax(96px, 1fr)', min: 96, priority: 2 },
  { track: 'minmax(64px, 0.5fr)', min: 64 },
  { track: 'minmax(96px, 0.8fr)', min: 96 },
];
const CHROME = { gap: 12, padding: 32 };

type StreamSortColumn = 'stream' | 'length' | 'rate' | 'first' | 'last' | 'groups' | 'deadLetters';

function sortValue(s: StreamSummary, column: StreamSortColumn): SortValue {
  switch (column) {
    case 'stream':
      return s.topic;
    case 'length':
      return s.exists ? s.length : null;
    case 'rate':
      return s.eventsPerSec;
    case 'first':
      return s.firstAt;
    case 'last':
      return s.lastAt;
    case 'groups':
      return s.groups;
    case 'deadLetters':
      return s.deadLetters;
  }
}

const ROW_HEIGHT = 36;
/** About twelve rows before the list scrolls. */
const MAX_HEIGHT = ROW_HEIGHT * 12;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Every topic's stream as Redis holds it now: size, publish rate, retention, age, dead letters. */
export function StreamsTable({ streams }: { streams: readonly StreamSummary[] }) {
  const { sort, onSort, rows } = useTableSort(streams, sortValue);
  return (
    <ResponsiveTable
      columns={COLUMNS}
      chrome={CHROME}
      aria-label="Streams"
      aria-rowcount={streams.length + 1}
      className={styles.table}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={styles.headerRow}>
          <SortHeader column="stream" sort={sort} onSort={onSort}>
            Stream
          </SortHeader>
          <SortHeader
            column="length"
            sort={sort}
            onSort={onSort}
            firstDirection="desc"
            numeric
            className={styles.num}
          >
            Length
          </SortHeader>
          <SortHeader
            column="rate"
            sort={sort}
            onSort={onSort}
            firstDirection="desc"
            numeric
            className={styles.num}
            title="Events published per second, last minute"
          >
            Rate/s
          </SortHeader>
          <span role="columnheader" data-priority={3}>
            Retention
          </span>
          <SortHeader column="first" sort={sort} onSort={onSort} priority={3}>
            First entry
          </SortHeader>
          <SortHeader column="last" sort={sort} onSort={onSort} firstDirection="desc" priority={2}>
            Last entry
          </SortHeader>
          <SortHeader
            column="groups"
            sort={sort}
            onSort={onSort}
            firstDirection="desc"
            numeric
            className={styles.num}
          >
            Groups
          </SortHeader>
          <SortHeader
            column="deadLetters"
            sort={sort}
            onSort={onSort}
            firstDirection="desc"
            numeric
            className={styles.num}
          >
            Dead letters
          </SortHeader>
        </div>
      </div>
      <VirtualRows
        items={rows}
        getKey={(s) => s.stream}
        rowHeight={ROW_HEIGHT}
        maxHeight={MAX_HEIGHT}
        renderCells={(s) => <StreamCells stream={s} />}
      />
    </ResponsiveTable>
  );
}

function StreamCells({ stream: s }: { stream: StreamSummary }) {
  const first = iso(s.firstAt);
  const last = iso(s.lastAt);
  return (
    <>
      <span role="cell" className={styles.cell}>
        <TruncatedName
          name={s.topic}
          className={styles.name}
          title={[
            s.stream,
            `Retention: ${describeRetention(s.retention)}`,
            `First entry: ${first ?? '—'}`,
          ].join('\n')}
        />
        <span className={styles.reveal}>
          <CopyButton value={s.stream} label={`Copy stream key ${s.stream}`} />
        </span>
      </span>
      <span role="cell" className={`${styles.cell} ${styles.num}`}>
        {s.exists ? formatCount(s.length) : <span className={styles.subtle}>not created</span>}
      </span>
      <span role="cell" className={`${styles.cell} ${styles.num}`}>
        {formatRate(s.eventsPerSec, '')}
      </span>
      <span role="cell" data-priority={3} className={`${styles.cell} ${styles.muted}`}>
        {describeRetention(s.retention)}
      </span>
      <span role="cell" data-priority={3} className={`${styles.cell} ${styles.muted}`}>
        {first ? <RelativeTime value={first} /> : '—'}
      </span>
      <span role="cell" data-priority={2} className={`${styles.cell} ${styles.muted}`}>
        {last ? <RelativeTime value={last} /> : '—'}
      </span>
      <span role="cell" className={`${styles.cell} ${styles.num}`}>
        {s.groups}
      </span>
      <span role="cell" className={`${styles.cell} ${styles.num}`}>
        {s.deadLetters > 0 ? (
          <Badge tone="degraded">{formatCount(s.deadLetters)}</Badge>
        ) : (
          <span className={styles.subtle}>0</span>
        )}
      </span>
    </>
  );
}
