import Link from 'next/link';
import { formatDateTime, formatLatency, MISSING } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Badge } from '@/components/ui/badge';
import type { MaskInfo } from '@/server/contracts/masking';
import type { SagaPhase } from '@/server/contracts/sagas';
import { ATTEMPT_TONE } from '../lib/status';
import { PayloadBlock } from './payload-block';
import styles from './gantt.module.css';

interface PhaseDetailProps {
  kind: 'step' | 'compensation';
  phase: SagaPhase;
  masking: MaskInfo | undefined;
}

const span = (from: string | null, to: string | null) =>
  from && to ? formatLatency(Date.parse(to) - Date.parse(from)) : MISSING;

/** A phase opened on the timeline: every attempt with its error and backoff, late replies, payload, events. */
export function PhaseDetail({ kind, phase, masking }: PhaseDetailProps) {
  const what = kind === 'step' ? 'step' : 'compensation';
  return (
    <div className={styles.detail}>
      {phase.attempts.length > 0 ? (
        <table className={styles.attempts} aria-label={`Attempts of ${what} ${phase.name}`}>
          <thead>
            <tr>
              <th scope="col">Attempt</th>
              <th scope="col">Started</th>
              <th scope="col">Took</th>
              <th scope="col">Outcome</th>
              <th scope="col">Error</th>
              <th scope="col">Next try in</th>
            </tr>
          </thead>
          <tbody>
            {phase.attempts.map((attempt) => (
              <tr key={attempt.attempt}>
                <td className={styles.num}>{attempt.attempt}</td>
                <td>{attempt.startedAt ? formatDateTime(attempt.startedAt) : MISSING}</td>
                <td className={styles.num}>{span(attempt.startedAt, attempt.endedAt)}</td>
                <td>
                  <Badge tone={ATTEMPT_TONE[attempt.outcome]}>{attempt.outcome}</Badge>
                </td>
                <td className={styles.errorCell}>
                  {attempt.error ? `${attempt.error.name}: ${attempt.error.message}` : MISSING}
                </td>
                <td className={styles.num}>
                  {attempt.retryInMs !== null ? formatLatency(attempt.retryInMs) : MISSING}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className={styles.muted}>
          No attempt recorded{phase.startedAt ? '' : ': this phase has not run'}.
        </p>
      )}
      {phase.lateReplies.length > 0 ? (
        <div className={styles.detailBlock}>
          <h3 className={styles.detailTitle}>Late replies</h3>
          <ul className={styles.plainList}>
            {phase.lateReplies.map((reply, i) => (
              <li key={`${reply.at}-${i}`}>
                {formatDateTime(reply.at)}: came after the timeout; recorded and ignored.{' '}
                {reply.eventId ? (
                  <Link href={routes.events({ mode: 'history', event: reply.eventId })}>Open the reply</Link>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {phase.payload !== undefined ? (
        <PayloadBlock
          title={kind === 'step' ? 'Output' : 'Result'}
          label={`Payload of ${what} ${phase.name}`}
          value={phase.payload}
          masking={masking}
        />
      ) : null}
      {phase.eventIds.length > 0 ? (
        <div className={styles.detailBlock}>
          <h3 className={styles.detailTitle}>Events</h3>
          <ul className={styles.eventList}>
            {phase.eventIds.map((id) => (
              <li key={id}>
                <Link href={routes.events({ mode: 'history', event: id })} className={styles.mono}>
                  {id}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
