'use client';

import Link from 'next/link';
import { routes } from '@/components/lib/routes';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import type { ColumnSpec } from '@/components/ui/table/columns';
import { ResponsiveTable } from '@/components/ui/table/responsive-table';
import type { RuleAlertItem } from '@/server/contracts/rules';
import styles from './rules.module.css';

const COLUMNS: readonly ColumnSpec[] = [
  { track: 'minmax(110px, 0.8fr)', min: 110 },
  { track: 'minmax(120px, 1fr)', min: 120 },
  { track: 'minmax(220px, 2.4fr)', min: 220 },
  { track: 'minmax(140px, 1fr)', min: 140 },
];
const CHROME = { gap: 12, padding: 32 };
/** Matched ids shown inline; the rest are one click away in the trace. */
const SHOWN_IDS = 5;

/**
 * A rule's latest alerts: when, for which key, the matched events (each opening in Events), and the
 * trace they belong to. A masked key says so rather than showing nothing.
 */
export function AlertsTable({ alerts }: { alerts: readonly RuleAlertItem[] }) {
  return (
    <ResponsiveTable
      columns={COLUMNS}
      chrome={CHROME}
      aria-label="Latest alerts"
      aria-rowcount={alerts.length + 1}
      className={styles.table}
    >
      <div role="rowgroup">
        <div role="row" aria-rowindex={1} className={styles.headerRow}>
          <span role="columnheader">Time</span>
          <span role="columnheader">Key</span>
          <span role="columnheader">Matched events</span>
          <span role="columnheader">Trace</span>
        </div>
      </div>
      <div role="rowgroup">
        {alerts.map((alert, index) => (
          <div
            key={`${alert.source}|${alert.id}`}
            role="row"
            aria-rowindex={index + 2}
            className={styles.row}
          >
            <span role="cell" className={styles.cell}>
              <RelativeTime value={alert.time} />
              <Link href={routes.events({ event: alert.id })} className={styles.sub}>
                alert event
              </Link>
            </span>
            <span role="cell" className={styles.cell}>
              {alert.key === null ? (
                <span className={styles.muted}>{alert.masked ? 'masked' : '—'}</span>
              ) : (
                <span className={styles.mono} title={alert.key}>
                  {alert.key}
                </span>
              )}
            </span>
            <span role="cell" className={styles.ids}>
              {alert.events.length === 0 ? (
                <span className={styles.muted}>{alert.masked ? 'masked' : '—'}</span>
              ) : null}
              {alert.events.slice(0, SHOWN_IDS).map((id) => (
                <Link
                  key={id}
                  href={routes.events({ event: id })}
                  className={styles.mono}
                  title={id}
                  aria-label={`Matched event ${id}`}
                >
                  {id.slice(-8)}
                </Link>
              ))}
              {alert.events.length > SHOWN_IDS ? (
                <span className={styles.muted}>+{alert.events.length - SHOWN_IDS} more</span>
              ) : null}
            </span>
            <span role="cell" className={styles.cell}>
              {alert.correlationId ? (
                <span className={styles.ids}>
                  <Link
                    href={routes.trace(alert.correlationId)}
                    className={styles.mono}
                    aria-label={`Trace ${alert.correlationId}`}
                    title={alert.correlationId}
                  >
                    {alert.correlationId}
                  </Link>
                  <CopyButton value={alert.correlationId} label="Copy correlation id" />
                </span>
              ) : (
                <span className={styles.muted}>no trace</span>
              )}
            </span>
          </div>
        ))}
      </div>
    </ResponsiveTable>
  );
}
