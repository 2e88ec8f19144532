'use client';

import { formatCount, formatRate } from '@/components/lib/format';
import { RelativeTime } from '@/components/ui/relative-time';
import type { AggregateTypeSummary } from '@/server/contracts/aggregates';
import styles from './aggregates.module.css';

/**
 * Aggregate types with their writers and counters summed across processes. Conflicts stand out: they
 * are writers racing on one aggregate (each refused append is retried or surfaced by the writer).
 */
export function TypesTable({
  types,
  onPick,
}: {
  types: readonly AggregateTypeSummary[];
  onPick(type: string): void;
}) {
  return (
    <div className={styles.tableWrap}>
      <table className={styles.table} aria-label="Aggregate types">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">Topic</th>
            <th scope="col">Writers</th>
            <th scope="col" className={styles.num}>
              Aggregates
            </th>
            <th scope="col" className={styles.num}>
              Events/s
            </th>
            <th scope="col" className={styles.num}>
              Appends
            </th>
            <th scope="col" className={styles.num}>
              Conflicts
            </th>
            <th scope="col" className={styles.num}>
              Invalid
            </th>
            <th scope="col" className={styles.num}>
              Failed
            </th>
            <th scope="col" className={styles.num}>
              Snapshots
            </th>
            <th scope="col">Last seen</th>
          </tr>
        </thead>
        <tbody>
          {types.map((t) => (
            <tr key={t.type}>
              <th scope="row">
                <button type="button" className={styles.link} onClick={() => onPick(t.type)}>
                  {t.type}
                </button>
              </th>
              <td className={styles.muted}>{t.topic}</td>
              <td title={t.writers.map((w) => `${w.service} on ${w.host}:${w.pid}`).join('\n')}>
                {[...new Set(t.writers.map((w) => w.service))].join(', ')}
                {t.writers.length > 1 ? (
                  <span className={styles.muted}> ({t.writers.length} processes)</span>
                ) : null}
              </td>
              <td className={styles.num}>{formatCount(t.aggregates)}</td>
              <td className={styles.num}>{formatRate(t.eventsPerSec)}</td>
              <td className={styles.num}>{formatCount(t.appends)}</td>
              <td className={`${styles.num} ${t.conflicts > 0 ? styles.conflicts : ''}`}>
                {formatCount(t.conflicts)}
              </td>
              <td className={styles.num}>{formatCount(t.invalid)}</td>
              <td className={styles.num}>{formatCount(t.failed)}</td>
              <td className={styles.num}>{formatCount(t.snapshots)}</td>
              <td>
                <RelativeTime value={new Date(t.lastSeen).toISOString()} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
