'use client';

import { AlertTriangle, RotateCw } from 'lucide-react';
import { ApiRequestError } from '@/components/lib/api-client';
import { Button } from '@/components/ui/button';
import { RelativeTime } from '@/components/ui/relative-time';
import styles from './load-error.module.css';

export const isBusUnavailable = (error: unknown): boolean =>
  error instanceof ApiRequestError && error.code === 'BUS_UNAVAILABLE';

interface LoadErrorProps {
  error: Error;
  /** What failed to load: "streams", "consumer groups". */
  what: string;
  onRetry: () => void;
  retrying: boolean;
}

/** A failed first load, where the data would be, with Retry. Redis being away gets its own words. */
export function LoadError({ error, what, onRetry, retrying }: LoadErrorProps) {
  const bus = isBusUnavailable(error);
  return (
    <div role="alert" className={styles.error}>
      <AlertTriangle size={18} aria-hidden className={styles.icon} />
      <div className={styles.text}>
        <p className={styles.title}>{bus ? 'Redis is not answering' : `Could not load ${what}`}</p>
        <p className={styles.message}>{error.message}</p>
        {bus ? (
          <p className={styles.hint}>
            Check that Redis is running and that <code>REDIS_URL</code> points at it. The page keeps retrying
            every few seconds.
          </p>
        ) : null}
      </div>
      <RetryButton onRetry={onRetry} retrying={retrying} />
    </div>
  );
}

interface StaleNoticeProps {
  error: Error;
  /** When the data on screen was read (epoch ms). */
  updatedAt: number;
  onRetry: () => void;
  retrying: boolean;
}

/** A refresh failed but older data is on screen: say so above it, with Retry. */
export function StaleNotice({ error, updatedAt, onRetry, retrying }: StaleNoticeProps) {
  return (
    <div role="alert" className={styles.stale}>
      <AlertTriangle size={14} aria-hidden className={styles.icon} />
      <p className={styles.staleText}>
        {isBusUnavailable(error) ? 'Redis is not answering' : `Refresh failed: ${error.message}`}. Showing
        what it said <RelativeTime value={new Date(updatedAt).toISOString()} />.
      </p>
      <RetryButton onRetry={onRetry} retrying={retrying} size="sm" />
    </div>
  );
}

function RetryButton({
  onRetry,
  retrying,
  size = 'md',
}: {
  onRetry: () => void;
  retrying: boolean;
  size?: 'sm' | 'md';
}) {
  return (
    <Button size={size} onClick={onRetry} disabled={retrying}>
      <RotateCw size={14} aria-hidden className={retrying ? styles.spin : undefined} />
      Retry
    </Button>
  );
}
