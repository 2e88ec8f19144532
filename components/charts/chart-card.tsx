'use client';

import { AlertTriangle, RotateCw } from 'lucide-react';
import { useId, type ReactNode } from 'react';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import styles from './chart-card.module.css';

export type ChartStatus = 'pending' | 'error' | 'success';

interface ChartCardProps {
  /** The card's heading; it also names the chart figure ("Throughput per topic"). */
  title: string;
  /** One muted line under the title: what is drawn, in which unit, per which step. */
  caption?: ReactNode;
  /** Right-aligned controls, e.g. a picker. */
  aside?: ReactNode;
  status: ChartStatus;
  /** The last error; with status "success" it means a refresh failed and older data is shown. */
  error?: Error | null;
  onRetry?: () => void;
  /** Loaded, but nothing to draw: `emptyMessage` is shown in the plot's place. */
  isEmpty?: boolean;
  emptyMessage?: ReactNode;
  /** Height of the plot area in px (the skeleton and the empty message keep it, so nothing jumps). */
  height?: number;
  /** A sentence describing the data for assistive tech ("Peak 52 ev/s over 10 topics"). */
  summary?: string;
  legend?: ReactNode;
  /** The chart itself; rendered only once data is there. */
  children: ReactNode;
}

/**
 * A themed frame for one chart: title and caption, a skeleton while loading, an empty message, the
 * error with Retry where it happened, and the chart as a named figure. The chart palette (--chart-*)
 * is defined here for both themes.
 */
export function ChartCard({
  title,
  caption,
  aside,
  status,
  error,
  onRetry,
  isEmpty = false,
  emptyMessage = 'Nothing recorded in this range.',
  height = 220,
  summary,
  legend,
  children,
}: ChartCardProps) {
  const headingId = useId();
  const summaryId = useId();
  return (
    <section className={styles.card} aria-labelledby={headingId}>
      <header className={styles.header}>
        <div className={styles.heading}>
          <h2 id={headingId} className={styles.title}>
            {title}
          </h2>
          {caption ? <p className={styles.caption}>{caption}</p> : null}
        </div>
        {aside ? <div className={styles.aside}>{aside}</div> : null}
      </header>
      <div className={styles.body}>
        {status === 'pending' ? (
          <div
            className={styles.placeholder}
            style={{ height }}
            aria-busy="true"
            aria-label={`Loading ${title}`}
          >
            <Skeleton height={height - 24} />
          </div>
        ) : status === 'error' ? (
          <div className={styles.placeholder} style={{ height }}>
            <div role="alert" className={styles.message}>
              <AlertTriangle size={16} aria-hidden className={styles.errorIcon} />
              <p>
                Could not load {title.toLowerCase()}: {error?.message ?? 'unknown error'}
              </p>
              {onRetry ? <RetryButton onRetry={onRetry} /> : null}
            </div>
          </div>
        ) : isEmpty ? (
          <div className={styles.placeholder} style={{ height }}>
            <div className={styles.message}>{emptyMessage}</div>
          </div>
        ) : (
          <>
            <figure
              className={styles.figure}
              style={{ height }}
              aria-label={title}
              aria-describedby={summary ? summaryId : undefined}
            >
              {children}
            </figure>
            {summary ? (
              <p id={summaryId} className="visually-hidden">
                {summary}
              </p>
            ) : null}
            {legend}
          </>
        )}
        {status === 'success' && error ? (
          <div role="alert" className={styles.stale}>
            <span>Showing older data; refreshing failed: {error.message}</span>
            {onRetry ? <RetryButton onRetry={onRetry} /> : null}
          </div>
        ) : null}
      </div>
    </section>
  );
}

function RetryButton({ onRetry }: { onRetry: () => void }) {
  return (
    <Button size="sm" onClick={onRetry}>
      <RotateCw size={12} aria-hidden />
      Retry
    </Button>
  );
}
