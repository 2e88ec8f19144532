import { TriangleAlert } from 'lucide-react';
import Link from 'next/link';
import { formatCount } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import type { TraceWarning } from '@/server/contracts/traces';
import styles from './trace.module.css';

/** Where the tree is partial, and why: each warning once, with the way to the rest when there is one. */
export function TraceWarnings({ warnings }: { warnings: readonly TraceWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <section role="alert" aria-label="Trace warnings" className={styles.warnings}>
      <TriangleAlert size={16} aria-hidden className={styles.warningIcon} />
      <div>
        <h2 className={styles.warningsTitle}>
          This trace is partial: {formatCount(warnings.length)}{' '}
          {warnings.length === 1 ? 'warning' : 'warnings'}
        </h2>
        <ul className={styles.warningList}>
          {warnings.map((warning, i) => (
            <li key={`${warning.kind}-${i}`}>
              <WarningText warning={warning} />
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}

function WarningText({ warning }: { warning: TraceWarning }) {
  switch (warning.kind) {
    case 'missing-cause':
      return (
        <>
          <strong>Missing cause.</strong> {warning.message}{' '}
          {warning.otherCorrelationId ? (
            <Link href={routes.trace(warning.otherCorrelationId)} className={styles.link}>
              Open the trace that holds the cause ({warning.otherCorrelationId})
            </Link>
          ) : null}
        </>
      );
    case 'cycle':
      return (
        <>
          <strong>Cycle.</strong> {warning.message}{' '}
          <span className={styles.muted}>({formatCount(warning.eventIds.length)} events in the loop)</span>
        </>
      );
    case 'truncated':
      return (
        <>
          <strong>Truncated.</strong> {warning.message}{' '}
          <span className={styles.muted}>
            Showing {formatCount(warning.shown)} of {formatCount(warning.total)}{' '}
            {warning.of === 'events' ? 'events' : 'delivery reports'}.
          </span>
        </>
      );
  }
}
