'use client';

import type { CSSProperties } from 'react';
import { Badge } from '@/components/ui/badge';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import type { StreamSummary } from '@/server/contracts/streams';
import { formatCount, formatRate } from '@/components/lib/format';
import { describeRetention } from './labels';
import { VirtualRows } from './virtual-rows';
import styles from './table.module.css';

const COLUMNS =
  'minmax(180px, 2fr) minmax(72px, 0.8fr) minmax(64px, 0.7fr) minmax(120px, 1.1fr) minmax(96px, 1fr) minmax(96px, 1fr) minmax(56px, 0.5fr) minmax(88px, 0.8fr)';
const ROW_HEIGHT = 36;
/** About twelve rows before the list scrolls. */
const MAX_HEIGHT = ROW_HEIGHT * 12;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** Every topic's stream as Redis holds it now: size, publish rate, retention, age, dead letters. */
export function StreamsTable({ streams }: { streams: readonly StreamSummary[] }) {
  return (
    <div
      role="table"
      aria-label="Streams"
      aria-rowcount={streams.length + 1}
      className={styles.table}
      style={{ '--columns': COLUMNS } as CSSProperties}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={styles.headerRow}>
          <span role="columnheader">Stream</span>
          <span role="columnheader" className={styles.num}>
            Length
          </span>
          <span role="columnheader" className={styles.num} title="Events published per second, last minute">
            Rate/s
          </span>
          <span role="columnheader">Retention</span>
          <span role="columnheader">First entry</span>
          <span role="columnheader">Last entry</span>
          <span role="columnheader" className={styles.num}>
            Groups
          </span>
          <span role="columnheader" className={styles.num}>
            Dead letters
          </span>
        </div>
      </div>
      <VirtualRows
        items={streams}
        getKey={(s) => s.stream}
        rowHeight={ROW_HEIGHT}
        maxHeight={MAX_HEIGHT}
        renderCells={(s) => <StreamCells stream={s} />}
      />
    </div>
  );
}

function StreamCells({ stream: s }: { stream: StreamSummary }) {
  const first = iso(s.firstAt);
  const last = iso(s.lastAt);
  return (
    <>
      <span role="cell" className={styles.cell}>
        <span className={`${styles.name} ${styles.truncate}`} title={s.stream}>
          {s.topic}
        </span>
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
      <span role="cell" className={`${styles.cell} ${styles.muted}`}>
        {describeRetention(s.retention)}
      </span>
      <span role="cell" className={`${styles.cell} ${styles.muted}`}>
        {first ? <RelativeTime value={first} /> : '—'}
      </span>
      <span role="cell" className={`${styles.cell} ${styles.muted}`}>
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
