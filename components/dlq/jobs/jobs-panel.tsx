'use client';

import { History, RotateCw } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { useMe } from '@/components/lib/api/get-me';
import { formatCount, formatDateTime, plural } from '@/components/lib/format';
import { useRoleAtLeast } from '@/components/lib/principal';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageLoading } from '@/components/ui/page-loading';
import { RelativeTime } from '@/components/ui/relative-time';
import type { Tone } from '@/components/ui/tone';
import type { ReplayJob, ReplayJobState } from '@/server/contracts/replays';
import { useReplayJobs } from '../api/get-replay-jobs';
import { useReplayAction } from '../api/replay-action';
import { FailedAgain } from './failed-again';
import { JobProgress } from './job-progress';
import styles from './jobs.module.css';

export const JOB_TONE: Record<ReplayJobState, Tone> = {
  'awaiting-approval': 'replayed',
  queued: 'neutral',
  running: 'replayed',
  paused: 'degraded',
  completed: 'ok',
  cancelled: 'neutral',
  failed: 'failing',
};

/**
 * Replay jobs, newest first, live over `replay:progress`: each with its state, progress and the
 * actions the caller's role allows; jobs waiting for a second admin first, under Approvals.
 */
interface JobsPanelProps {
  highlight: string | null;
  onOpenLetter(id: string): void;
}

export function JobsPanel({ highlight, onOpenLetter }: JobsPanelProps) {
  const { data, isPending, isError, error, refetch, isFetching } = useReplayJobs();
  if (isPending) return <PageLoading label="Loading replay jobs" />;
  if (isError) {
    return (
      <div role="alert" className={styles.alert}>
        <p>Could not load replay jobs: {error.message}</p>
        <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
          <RotateCw size={14} aria-hidden />
          Retry
        </Button>
      </div>
    );
  }
  const awaiting = data.items.filter((job) => job.state === 'awaiting-approval');
  const others = data.items.filter((job) => job.state !== 'awaiting-approval');
  return (
    <div className={styles.panel}>
      <section aria-label="Approvals" className={styles.section}>
        <h3 className={styles.sectionTitle}>
          Approvals <span className={styles.count}>{formatCount(awaiting.length)}</span>
        </h3>
        {awaiting.length === 0 ? (
          <p className={styles.muted}>
            No replay waits for approval. Large replays and edited events need a second admin.
          </p>
        ) : (
          <ul className={styles.jobs}>
            {awaiting.map((job) => (
              <JobCard key={job.id} job={job} highlight={job.id === highlight} onOpenLetter={onOpenLetter} />
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Replay jobs" className={styles.section}>
        <h3 className={styles.sectionTitle}>
          Jobs <span className={styles.count}>{formatCount(others.length)}</span>
        </h3>
        {others.length === 0 ? (
          <EmptyState icon={History} title="No replay jobs yet">
            <p>
              Select letters or a failure group and choose Replay: a preview shows what will happen first.
            </p>
          </EmptyState>
        ) : (
          <ul className={styles.jobs}>
            {others.map((job) => (
              <JobCard key={job.id} job={job} highlight={job.id === highlight} onOpenLetter={onOpenLetter} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function JobCard({
  job,
  highlight,
  onOpenLetter,
}: {
  job: ReplayJob;
  highlight: boolean;
  onOpenLetter(id: string): void;
}) {
  const canOperate = useRoleAtLeast('operator');
  const isAdmin = useRoleAtLeast('admin');
  const card = useRef<HTMLLIElement>(null);
  // a link (a trace's "Replay job", the letter drawer) or a new job marks it: bring it into view
  useEffect(() => {
    if (highlight) card.current?.scrollIntoView({ block: 'nearest' });
  }, [highlight]);
  const { data: me } = useMe();
  const action = useReplayAction();
  const mine = me !== undefined && (job.createdBy === me.userId || job.createdBy === me.name);
  const act = (name: 'pause' | 'resume' | 'cancel' | 'approve') =>
    action.mutate({ id: job.id, action: name });
  const live = job.state === 'running' || job.state === 'queued' || job.state === 'paused';
  const target = job.target.group
    ? `only group ${job.target.group}`
    : job.target.failedGroup
      ? 'each to the group that failed it'
      : job.target.topic
        ? `to topic ${job.target.topic}`
        : 'to the original topics';
  return (
    <li
      ref={card}
      className={styles.job}
      data-highlight={highlight || undefined}
      aria-current={highlight || undefined}
      aria-label={`Replay job ${job.id}`}
    >
      <div className={styles.jobHeader}>
        <div className={styles.jobTitle}>
          <Badge tone={JOB_TONE[job.state]}>{job.state}</Badge>
          <span className={styles.strong}>{plural(job.total, 'letter')}</span>
          <span className={styles.muted}>
            {target}
            {job.edited ? ' · edited event' : ''} · by {job.createdBy}
            {job.approvedBy ? `, approved by ${job.approvedBy}` : ''} · <RelativeTime value={job.createdAt} />
          </span>
        </div>
        <div className={styles.jobActions}>
          {canOperate && job.state === 'running' ? (
            <Button size="sm" onClick={() => act('pause')} disabled={action.isPending}>
              Pause
            </Button>
          ) : null}
          {canOperate && job.state === 'paused' ? (
            <Button size="sm" onClick={() => act('resume')} disabled={action.isPending}>
              Resume
            </Button>
          ) : null}
          {canOperate && (live || job.state === 'awaiting-approval') ? (
            <Button size="sm" variant="ghost" onClick={() => act('cancel')} disabled={action.isPending}>
              Cancel
            </Button>
          ) : null}
          {job.state === 'awaiting-approval' && isAdmin && !mine ? (
            <Button size="sm" variant="primary" onClick={() => act('approve')} disabled={action.isPending}>
              Approve
            </Button>
          ) : null}
        </div>
      </div>
      {job.state === 'awaiting-approval' ? (
        <p className={styles.muted}>
          {mine || !isAdmin
            ? 'Waiting for another admin to approve.'
            : 'Check the scope and approve to start it at its pace.'}
          {job.plan.approvalReason ? ` Why: ${job.plan.approvalReason}.` : ''}
        </p>
      ) : (
        <JobProgress job={job} />
      )}
      {job.failedAgain > 0 ? (
        <FailedAgain jobId={job.id} count={job.failedAgain} onOpenLetter={onOpenLetter} />
      ) : null}
      {job.reason ? <p className={styles.reason}>{job.reason}</p> : null}
      {job.newSincePreview > 0 ? (
        <p className={styles.muted}>
          {plural(job.newSincePreview, 'new letter')} since the preview: not included.
        </p>
      ) : null}
      {job.finishedAt ? <p className={styles.muted}>Finished {formatDateTime(job.finishedAt)}</p> : null}
      {action.error ? (
        <p role="alert" className={styles.error}>
          {action.error.message}
        </p>
      ) : null}
    </li>
  );
}
