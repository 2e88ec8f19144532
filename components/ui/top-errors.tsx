'use client';

import Link from 'next/link';
import { useTopErrors, type TopError, type TopErrorsScope } from '@/components/lib/api/get-top-errors';
import { formatCount } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { FailedDeliveries } from './failed-deliveries';
import { RelativeTime } from './relative-time';
import { Skeleton } from './skeleton';
import styles from './top-errors.module.css';

interface TopErrorsProps {
  scope: TopErrorsScope;
  /** Names the list for assistive tech: "Top errors of billing". */
  label: string;
}

/**
 * A scope's failures in two short lists. First the biggest failure groups of its pending dead letters,
 * one line each (the message cut to the width, whole on hover), with their counts; each opens that
 * group on the Dead letters page, and a Review link opens all of the scope's pending letters there (the
 * counts are the page's counts). Then the failures that did not dead-letter: failed and retried
 * deliveries of the last hour by error, each opening History on those events.
 */
export function TopErrors({ scope, label }: TopErrorsProps) {
  return (
    <div className={styles.sections}>
      <DeadLetterGroups scope={scope} label={label} />
      <FailedDeliveries scope={scope} label={`${label}: failed deliveries, last hour`} />
    </div>
  );
}

function DeadLetterGroups({ scope, label }: TopErrorsProps) {
  const { data, isPending, error } = useTopErrors(scope);

  if (!data) {
    return isPending ? (
      <div className={styles.skeleton} aria-busy="true" aria-label={`Loading ${label.toLowerCase()}`}>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} height={18} />
        ))}
      </div>
    ) : (
      <p role="alert" className={styles.error}>
        Could not load the errors: {error?.message ?? 'unknown error'}
      </p>
    );
  }
  if (data.groups.length === 0) {
    return <p className={styles.muted}>No dead letters waiting here.</p>;
  }
  const review = routes.deadLetters({ ...scope, status: 'pending' });
  return (
    <div className={styles.topErrors}>
      <ul className={styles.list} aria-label={label}>
        {data.groups.map((group) => (
          <TopErrorRow key={rowKey(group)} group={group} fallbackHref={review} />
        ))}
      </ul>
      <Link href={review} className={styles.review}>
        Review {formatCount(data.total)} pending dead {data.total === 1 ? 'letter' : 'letters'}
      </Link>
    </div>
  );
}

function TopErrorRow({ group, fallbackHref }: { group: TopError; fallbackHref: string }) {
  const message = `${group.errorName}: ${group.pattern || '(no message)'}`;
  const where = `${group.topic} / ${group.group}`;
  const title = [message, group.frame, where].filter(Boolean).join('\n');
  // letters recorded before fingerprints existed share '' until maintenance fills it in
  const href = group.fingerprint
    ? routes.deadLetters({ fingerprint: group.fingerprint, open: group.fingerprint })
    : fallbackHref;
  return (
    <li className={styles.row}>
      <Link href={href} className={styles.message} title={title}>
        {message}
      </Link>
      <span className={styles.count} title={`${formatCount(group.count)} pending`}>
        {formatCount(group.count)}
      </span>
      <span className={styles.seen}>
        <RelativeTime value={group.lastSeen} />
      </span>
    </li>
  );
}

const rowKey = (g: TopError) => `${g.fingerprint}|${g.topic}|${g.group}|${g.errorName}|${g.pattern}`;
