import Link from 'next/link';
import { formatCount, formatLatency } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Badge } from '@/components/ui/badge';
import type { TraceDelivery } from '@/server/contracts/traces';
import { OUTCOME_TONE } from './outcome';
import styles from './tree.module.css';

/**
 * One consumer group's handling of an event on one line: its outcome, the attempts with the backoff
 * before each retry, how long it queued and how long the handler took, and the dead letter or replay it
 * led to. The last error is whole on hover.
 */
export function DeliveryLine({ delivery }: { delivery: TraceDelivery }) {
  const retries = delivery.attempts.filter((attempt) => attempt.delayMs !== null);
  const lastError = delivery.attempts.findLast((attempt) => attempt.error)?.error ?? null;
  return (
    <div className={styles.delivery} aria-label={`${delivery.group}: ${delivery.outcome}`} role="group">
      <span className={styles.group} title={`${delivery.group} · ${delivery.consumer}`}>
        {delivery.group}
        {delivery.service !== delivery.group ? (
          <span className={styles.subtle}> ({delivery.service})</span>
        ) : null}
      </span>
      <Badge tone={OUTCOME_TONE[delivery.outcome]}>{delivery.outcome}</Badge>
      <span className={styles.figure} title="Attempts, and the wait before each retry">
        {delivery.attempts.length <= 1 ? '1 attempt' : `${formatCount(delivery.attempts.length)} attempts`}
        {retries.length > 0 ? (
          <span className={styles.subtle}>
            {' '}
            (retry after {retries.map((attempt) => formatLatency(attempt.delayMs)).join(', ')})
          </span>
        ) : null}
      </span>
      <span className={styles.figure} title="Published → first handler start">
        queued {formatLatency(delivery.queueWaitMs)}
      </span>
      <span className={styles.figure} title="The handler's time, all attempts">
        handler {formatLatency(delivery.handlerMs)}
      </span>
      {lastError ? (
        <span className={styles.error} title={lastError}>
          {lastError}
        </span>
      ) : null}
      {delivery.deadLetterId ? (
        <Link href={routes.deadLetters({ letter: delivery.deadLetterId })} className={styles.link}>
          Dead letter
        </Link>
      ) : null}
      {delivery.replayJobId ? (
        <Link
          href={routes.deadLetters({ view: 'jobs', job: delivery.replayJobId })}
          className={styles.link}
          title={delivery.replayJobId}
        >
          Replay job
        </Link>
      ) : null}
    </div>
  );
}
