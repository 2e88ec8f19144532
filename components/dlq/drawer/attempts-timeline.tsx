import { formatClock, formatDateTime, formatLatency } from '@/components/lib/format';
import type { DeadLetterDetail } from '@/server/contracts/dead-letter-list';
import { EVENT_FAILURE_OUTCOMES } from '@/server/contracts/events';
import styles from './drawer.module.css';

type Attempt = DeadLetterDetail['attempts'][number];

/** A try that did not succeed (a handled or duplicate delivery is drawn as a success). */
const isFailure = (outcome: string) => (EVENT_FAILURE_OUTCOMES as readonly string[]).includes(outcome);

interface AttemptsTimelineProps {
  attempts: readonly Attempt[];
  firstAt: string;
  lastAt: string;
}

/**
 * The attempts on one time line, placed by when they happened (the gaps are the retry backoff), then
 * listed with their outcome, consumer, duration and error.
 */
export function AttemptsTimeline({ attempts, firstAt, lastAt }: AttemptsTimelineProps) {
  if (attempts.length === 0) {
    return (
      <p className={styles.muted}>
        No delivery telemetry was kept for this event. It first failed at {formatDateTime(firstAt)} and last
        at {formatDateTime(lastAt)}.
      </p>
    );
  }
  const times = attempts.map((attempt) => Date.parse(attempt.at));
  const start = Math.min(...times);
  const span = Math.max(1, Math.max(...times) - start);
  return (
    <div className={styles.timeline}>
      <div className={styles.track} aria-hidden>
        {attempts.map((attempt, i) => (
          <span
            // attempt numbers repeat: the last failure and its dead-lettering share one, a replay starts again at 1
            key={`${attempt.at}-${i}`}
            className={styles.tick}
            data-failed={isFailure(attempt.outcome) ? true : undefined}
            style={{ left: `${((times[i]! - start) / span) * 100}%` }}
            title={`#${attempt.attempt} ${attempt.outcome} at ${formatClock(attempt.at)}`}
          />
        ))}
      </div>
      <ol className={styles.attempts}>
        {attempts.map((attempt, i) => (
          <li key={`${attempt.at}-${i}`}>
            <span className={styles.mono}>#{attempt.attempt}</span>
            <time className={styles.mono} dateTime={attempt.at} title={formatDateTime(attempt.at)}>
              {formatClock(attempt.at)}
            </time>
            <span className={styles.outcome}>{attempt.outcome}</span>
            <span className={styles.muted}>
              {attempt.consumer}
              {attempt.durationMs !== null ? ` · ${formatLatency(attempt.durationMs)}` : ''}
            </span>
            {attempt.error ? <span className={styles.attemptError}>{attempt.error}</span> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
