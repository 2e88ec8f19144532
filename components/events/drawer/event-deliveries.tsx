import { formatLatency } from '@/components/lib/format';
import { Badge } from '@/components/ui/badge';
import { RelativeTime } from '@/components/ui/relative-time';
import type { Tone } from '@/components/ui/tone';
import type { EventDelivery } from '@/server/contracts/events';
import styles from './drawer.module.css';

const OUTCOME_TONE: Record<string, Tone> = {
  handled: 'ok',
  retried: 'degraded',
  'ack-refused': 'degraded',
  failed: 'failing',
  'dead-lettered': 'failing',
};

/**
 * Delivery outcomes reported by consumer groups, oldest first. The API caps the list at 100, so a
 * plain table is bounded; it is not virtualized.
 */
export function EventDeliveries({ deliveries }: { deliveries: EventDelivery[] }) {
  if (deliveries.length === 0) {
    return <p className={styles.muted}>No consumer group has reported a delivery of this event yet.</p>;
  }
  return (
    <table className={styles.deliveries}>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Outcome</th>
          <th scope="col">Try</th>
          <th scope="col">Took</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {deliveries.map((delivery, i) => (
          <tr key={`${delivery.group}-${delivery.consumer}-${delivery.attempt}-${i}`}>
            <td>
              <span className={styles.cellMain}>{delivery.group}</span>
              <span className={styles.cellSub} title={delivery.consumer}>
                {delivery.consumer}
              </span>
            </td>
            <td>
              <Badge tone={OUTCOME_TONE[delivery.outcome] ?? 'neutral'}>{delivery.outcome}</Badge>
              {delivery.error ? (
                <span className={styles.deliveryError} title={delivery.error}>
                  {delivery.error}
                </span>
              ) : null}
            </td>
            <td className={styles.numeric}>{delivery.attempt}</td>
            <td className={styles.numeric}>{formatLatency(delivery.durationMs)}</td>
            <td>
              <RelativeTime value={delivery.at} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
