import { Badge } from '@/components/ui/badge';
import { RelativeTime } from '@/components/ui/relative-time';
import type { EventDeadLetter } from '@/server/contracts/events';
import styles from './drawer.module.css';

/**
 * The dead letters of this event: the whole error message and the stack, which the delivery
 * telemetry (one short error per attempt) does not carry. At most 20, from the API.
 */
export function EventFailures({ letters }: { letters: EventDeadLetter[] }) {
  return (
    <ul className={styles.failures}>
      {letters.map((letter) => (
        <li key={letter.id} className={styles.failure}>
          <div className={styles.failureHead}>
            <span className={styles.cellMain}>{letter.group}</span>
            <Badge tone="failing">{letter.category}</Badge>
            <Badge
              tone={
                letter.status === 'pending'
                  ? 'degraded'
                  : letter.status === 'replayed'
                    ? 'replayed'
                    : 'neutral'
              }
            >
              {letter.status}
            </Badge>
            <RelativeTime value={letter.lastFailureAt} />
          </div>
          <p className={styles.failureMessage}>
            {letter.errorName}: {letter.errorMessage}
          </p>
          {letter.errorStack ? (
            <pre className={styles.failureStack} aria-label={`Stack of ${letter.id}`} tabIndex={0}>
              {letter.errorStack}
            </pre>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
