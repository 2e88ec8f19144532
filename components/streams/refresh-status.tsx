'use client';

import { StatusDot } from '@/components/ui/status-dot';
import { formatDateTime, formatDuration } from '@/components/lib/format';
import { STREAMS_REFRESH_MS } from './api/refresh';
import styles from './streams-view.module.css';

interface PolledQuery {
  dataUpdatedAt: number;
  isError: boolean;
  isPending: boolean;
}

/** How fresh the page is: polling every few seconds, or failing (each table says what failed). */
export function RefreshStatus({ queries }: { queries: readonly PolledQuery[] }) {
  const failing = queries.some((q) => q.isError);
  const loading = queries.some((q) => q.isPending);
  const updated = Math.min(...queries.map((q) => q.dataUpdatedAt));
  const label = failing
    ? 'Refresh failing'
    : loading
      ? 'Loading'
      : `Live, every ${formatDuration(STREAMS_REFRESH_MS)}`;
  return (
    <div
      role="status"
      aria-label={`Refresh: ${label}`}
      className={styles.refresh}
      title={updated > 0 ? `Last read ${formatDateTime(updated)}` : undefined}
    >
      <StatusDot tone={failing ? 'failing' : loading ? 'neutral' : 'ok'} />
      <span>{label}</span>
    </div>
  );
}
