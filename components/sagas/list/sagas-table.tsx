'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { useRef } from 'react';
import { formatDateTime, formatDuration, formatListTime } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Badge } from '@/components/ui/badge';
import type { SagaSummary } from '@/server/contracts/sagas';
import { SAGA_STATUS_LABEL, SAGA_STATUS_TONE } from '../lib/status';
import { useNow } from '../lib/use-now';
import styles from './list.module.css';

const ROW_HEIGHT = 52;
const MAX_HEIGHT = 560;

/**
 * Saga instances in a virtualized grid: the definition (opening the timeline), the status, the step
 * it is on (and the one that failed), how old it is or how long it took, its latest activity and the
 * trace it belongs to.
 */
export function SagasTable({ sagas }: { sagas: readonly SagaSummary[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  // the app does not run the React Compiler; this component re-renders with its virtualizer as usual
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: sagas.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => sagas[index]!.sagaId,
    initialRect: { width: 0, height: MAX_HEIGHT },
  });

  return (
    <div role="table" aria-label="Saga instances" aria-rowcount={sagas.length + 1} className={styles.table}>
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={styles.headerRow}>
          <span role="columnheader">Definition</span>
          <span role="columnheader">Status</span>
          <span role="columnheader">Current step</span>
          <span role="columnheader" className={styles.num}>
            Age
          </span>
          <span role="columnheader">Last activity</span>
          <span role="columnheader">Correlation</span>
        </div>
      </div>
      <div ref={scrollRef} role="rowgroup" className={styles.scroll} style={{ maxHeight: MAX_HEIGHT }}>
        <div style={{ position: 'relative', height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const saga = sagas[row.index]!;
            const started = Date.parse(saga.startedAt);
            const ended = saga.endedAt ? Date.parse(saga.endedAt) : null;
            return (
              <div
                key={row.key}
                role="row"
                aria-rowindex={row.index + 2}
                className={styles.row}
                style={{ height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
              >
                <span role="cell" className={styles.stack}>
                  <Link href={routes.saga(saga.sagaId)} className={styles.open}>
                    {saga.definition.name}
                  </Link>
                  <span className={styles.id} title={saga.sagaId}>
                    v{saga.definition.version} · {saga.sagaId}
                  </span>
                </span>
                <span role="cell">
                  <Badge tone={SAGA_STATUS_TONE[saga.status]}>{SAGA_STATUS_LABEL[saga.status]}</Badge>
                </span>
                <span role="cell" className={styles.stack}>
                  <span className={styles.ellipsis}>
                    {saga.currentStep ? `${saga.currentStep.index + 1}. ${saga.currentStep.name}` : '—'}
                  </span>
                  {saga.failedStep ? (
                    <span
                      className={styles.failed}
                      title={
                        saga.failedStep.error
                          ? `${saga.failedStep.error.name}: ${saga.failedStep.error.message}`
                          : undefined
                      }
                    >
                      failed at {saga.failedStep.name}
                      {saga.failedStep.error ? `: ${saga.failedStep.error.message}` : ''}
                    </span>
                  ) : null}
                </span>
                <span
                  role="cell"
                  className={styles.num}
                  title={ended === null ? 'Running for' : 'Took, start to end'}
                >
                  {formatDuration((ended ?? now) - started)}
                  {ended === null ? null : <span className={styles.subtle}> took</span>}
                </span>
                <span role="cell" className={styles.time}>
                  <time dateTime={saga.updatedAt} title={formatDateTime(saga.updatedAt)}>
                    {formatListTime(saga.updatedAt, now)}
                  </time>
                </span>
                <span role="cell" className={styles.ellipsis}>
                  {saga.correlationId ? (
                    <Link
                      href={routes.trace(saga.correlationId)}
                      className={styles.mono}
                      aria-label={`Trace ${saga.correlationId}`}
                      title={saga.correlationId}
                    >
                      {saga.correlationId}
                    </Link>
                  ) : (
                    '—'
                  )}
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
