import { formatCount, formatDuration, formatRate } from '@/components/lib/format';
import type { ReplayJob } from '@/server/contracts/replays';
import styles from './jobs.module.css';

/**
 * A job's progress as one bar: succeeded (green), failed again (red), replayed and not yet settled
 * (violet), remaining (empty); the figures beside it say the same in words, with the pace and the ETA.
 */
export function JobProgress({ job }: { job: ReplayJob }) {
  const total = Math.max(1, job.total);
  const inFlight = Math.max(0, job.replayed - job.succeeded - job.failedAgain);
  const share = (n: number) => `${(n / total) * 100}%`;
  const text = `${formatCount(job.replayed)} of ${formatCount(job.total)} replayed: ${formatCount(job.succeeded)} succeeded, ${formatCount(job.failedAgain)} failed again, ${formatCount(job.remaining)} remaining`;
  return (
    <div className={styles.progress}>
      <div
        role="progressbar"
        aria-label={`Progress of replay ${job.id}`}
        aria-valuemin={0}
        aria-valuemax={job.total}
        aria-valuenow={job.replayed}
        aria-valuetext={text}
        className={styles.bar}
      >
        <span className={styles.succeeded} style={{ width: share(job.succeeded) }} />
        <span className={styles.failed} style={{ width: share(job.failedAgain) }} />
        <span className={styles.inFlight} style={{ width: share(inFlight) }} />
      </div>
      <dl className={styles.figures}>
        <Figure label="Replayed" value={`${formatCount(job.replayed)} / ${formatCount(job.total)}`} />
        <Figure label="Succeeded" value={formatCount(job.succeeded)} tone="ok" />
        <Figure
          label="Failed again"
          value={formatCount(job.failedAgain)}
          tone={job.failedAgain > 0 ? 'failing' : undefined}
        />
        <Figure label="Remaining" value={formatCount(job.remaining)} />
        {job.skipped > 0 ? <Figure label="Skipped" value={formatCount(job.skipped)} /> : null}
        <Figure
          label="Rate"
          value={
            job.state === 'running'
              ? `${formatRate(job.rate.current)} of ${formatRate(job.rate.max)}`
              : `cap ${formatRate(job.rate.max)}`
          }
        />
        {job.state === 'running' || job.state === 'paused' ? (
          <Figure label="ETA" value={job.etaSeconds === null ? '—' : formatDuration(job.etaSeconds * 1000)} />
        ) : null}
      </dl>
    </div>
  );
}

function Figure({ label, value, tone }: { label: string; value: string; tone?: 'ok' | 'failing' }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-tone={tone}>{value}</dd>
    </div>
  );
}
