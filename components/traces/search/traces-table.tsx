'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRef, useState } from 'react';
import { formatCount, formatDateTime, formatLatency, formatListTime } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Badge } from '@/components/ui/badge';
import type { TraceSummary } from '@/server/contracts/traces';
import { serviceNames } from '../lib/service-name';
import styles from './search.module.css';

const ROW_HEIGHT = 52;
const MAX_HEIGHT = 560;

interface TracesTableProps {
  traces: readonly TraceSummary[];
  selected: readonly string[];
  onToggle(correlationId: string): void;
}

/**
 * Search results in a virtualized grid: each trace's root type (opening it), the services it touched,
 * when it started, how long it took, its size, failures and what became of them. Two rows can be
 * ticked to compare.
 */
export function TracesTable({ traces, selected, onToggle }: TracesTableProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [now] = useState(() => Date.now());
  // the app does not run the React Compiler; this component re-renders with its virtualizer as usual
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: traces.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => traces[index]!.correlationId,
    initialRect: { width: 0, height: MAX_HEIGHT },
  });

  return (
    <div role="table" aria-label="Traces" aria-rowcount={traces.length + 1} className={styles.table}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={styles.headerRow}>
          <span role="columnheader" className={styles.check}>
            <span className="visually-hidden">Compare</span>
          </span>
          <span role="columnheader">Root</span>
          <span role="columnheader">Services</span>
          <span role="columnheader">Started</span>
          <span role="columnheader" className={styles.num}>
            Duration
          </span>
          <span role="columnheader" className={styles.num}>
            Events
          </span>
          <span role="columnheader" className={styles.num}>
            Failures
          </span>
          <span role="columnheader">Outcome</span>
        </div>
      </div>
      <div ref={scrollRef} role="rowgroup" className={styles.scroll} style={{ maxHeight: MAX_HEIGHT }}>
        <div style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const trace = traces[row.index]!;
            const isSelected = selected.includes(trace.correlationId);
            const root = trace.rootType ?? 'no root (cycle)';
            const services = serviceNames(trace.services).join(', ');
            return (
              <div
                key={row.key}
                role="row"
                aria-rowindex={row.index + 2}
                aria-selected={isSelected}
                className={styles.row}
                style={{ height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
              >
                <span role="cell" className={styles.check}>
                  <input
                    type="checkbox"
                    aria-label={`Select ${root} ${trace.correlationId} to compare`}
                    checked={isSelected}
                    onChange={() => onToggle(trace.correlationId)}
                  />
                </span>
                <span role="cell" className={styles.root}>
                  <Link href={routes.trace(trace.correlationId)} className={styles.open}>
                    {root}
                  </Link>
                  <span className={styles.id} title={trace.correlationId}>
                    {trace.correlationId}
                  </span>
                </span>
                <span role="cell" className={styles.services} title={services}>
                  {services || '—'}
                </span>
                <span role="cell" className={styles.time}>
                  <time dateTime={trace.start} title={formatDateTime(trace.start)}>
                    {formatListTime(trace.start, now)}
                  </time>
                </span>
                <span role="cell" className={styles.num}>
                  {formatLatency(trace.durationMs)}
                </span>
                <span role="cell" className={styles.num}>
                  {formatCount(trace.events)}
                </span>
                <span role="cell" className={styles.num} data-failing={trace.failures > 0 || undefined}>
                  {formatCount(trace.failures)}
                </span>
                <span role="cell" className={styles.badges}>
                  {trace.inProgress ? <Badge tone="degraded">in progress</Badge> : null}
                  {trace.deadLetters > 0 ? (
                    <Badge tone="failing">{formatCount(trace.deadLetters)} dead</Badge>
                  ) : null}
                  {trace.replays > 0 ? (
                    <Badge tone="replayed">{formatCount(trace.replays)} replayed</Badge>
                  ) : null}
                  {!trace.inProgress && trace.deadLetters === 0 && trace.replays === 0 ? (
                    <Badge tone={trace.failures > 0 ? 'degraded' : 'ok'}>
                      {trace.failures > 0 ? 'retried' : 'ok'}
                    </Badge>
                  ) : null}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
