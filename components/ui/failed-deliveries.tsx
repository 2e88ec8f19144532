'use client';

import Link from 'next/link';
import { useDeliveryFailures, type DeliveryFailure } from '@/components/lib/api/get-delivery-failures';
import type { TopErrorsScope } from '@/components/lib/api/get-top-errors';
import { formatCount } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { RelativeTime } from './relative-time';
import { Skeleton } from './skeleton';
import styles from './top-errors.module.css';

interface FailedDeliveriesProps {
  scope: TopErrorsScope;
  /** Names the list for assistive tech: "Failed deliveries of billing". */
  label: string;
}

/**
 * The failures that did not dead-letter: a scope's failed and retried deliveries of the last hour by
 * normalised error, one line each with its count; each opens History on the events that group failed
 * that way (its topic and group, the outcome and the error's fixed text).
 */
export function FailedDeliveries({ scope, label }: FailedDeliveriesProps) {
  const { data, isPending, error } = useDeliveryFailures(scope);

  if (!data) {
    return isPending ? (
      <div className={styles.skeleton} aria-busy="true" aria-label={`Loading ${label.toLowerCase()}`}>
        <Skeleton height={18} />
      </div>
    ) : (
      <p role="alert" className={styles.error}>
        Could not load the failed deliveries: {error?.message ?? 'unknown error'}
      </p>
    );
  }
  if (data.groups.length === 0) {
    return <p className={styles.muted}>No failed deliveries in the last hour.</p>;
  }
  return (
    <div className={styles.topErrors}>
      <ul className={styles.list} aria-label={label}>
        {data.groups.map((failure) => (
          <FailureRow key={rowKey(failure)} failure={failure} />
        ))}
      </ul>
      <p className={styles.caption}>
        {formatCount(data.total)} failed or retried {data.total === 1 ? 'delivery' : 'deliveries'} in the last
        hour{data.partial ? ', grouped from the most frequent errors' : ''}
      </p>
    </div>
  );
}

function FailureRow({ failure }: { failure: DeliveryFailure }) {
  const message = failure.pattern || '(no error text)';
  const where = `${failure.topic} / ${failure.group}`;
  const href = routes.events({
    mode: 'history',
    topic: failure.topic,
    group: failure.group,
    outcome: failure.outcome,
    error: failure.search || undefined,
  });
  return (
    <li className={styles.row}>
      <Link href={href} className={styles.message} title={`${failure.outcome}: ${message}\n${where}`}>
        <span className={failure.outcome === 'failed' ? styles.failed : styles.retried}>
          {failure.outcome}
        </span>{' '}
        {message}
      </Link>
      <span className={styles.count} title={`${formatCount(failure.count)} ${failure.outcome}`}>
        {formatCount(failure.count)}
      </span>
      <span className={styles.seen}>
        <RelativeTime value={failure.lastSeen} />
      </span>
    </li>
  );
}

const rowKey = (f: DeliveryFailure) => JSON.stringify([f.topic, f.group, f.outcome, f.pattern]);
