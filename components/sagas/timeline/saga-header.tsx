import { ArrowLeft, Inbox, Waypoints } from 'lucide-react';
import Link from 'next/link';
import { formatDateTime, formatDuration, plural } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Badge } from '@/components/ui/badge';
import { ButtonLink } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { RelativeTime } from '@/components/ui/relative-time';
import type { SagaDetail } from '@/server/contracts/sagas';
import { SAGA_STATUS_LABEL, SAGA_STATUS_TONE } from '../lib/status';
import styles from './timeline.module.css';

/** The instance's head: its definition and status, its id, its figures and the ways to its trace and letters. */
export function SagaHeader({ detail, now }: { detail: SagaDetail; now: number }) {
  const { summary, deadLetters } = detail;
  const ended = summary.endedAt ? Date.parse(summary.endedAt) : null;
  const firstLetter = deadLetters[0];
  return (
    <header className={styles.header}>
      <div className={styles.headerText}>
        <Link href={routes.sagas()} className={styles.back}>
          <ArrowLeft size={14} aria-hidden />
          Sagas
        </Link>
        <h1 className={styles.title}>
          {summary.definition.name}
          <span className={styles.version}>v{summary.definition.version}</span>
          <Badge tone={SAGA_STATUS_TONE[summary.status]}>{SAGA_STATUS_LABEL[summary.status]}</Badge>
          <Badge>{summary.kind}</Badge>
        </h1>
        <p className={styles.idLine}>
          <span className={styles.mono}>{summary.sagaId}</span>
          <CopyButton value={summary.sagaId} label="Copy saga id" />
        </p>
      </div>
      <div className={styles.headerActions}>
        {summary.correlationId ? (
          <ButtonLink size="sm" href={routes.trace(summary.correlationId)}>
            <Waypoints size={14} aria-hidden />
            Open trace
          </ButtonLink>
        ) : null}
        {firstLetter ? (
          <ButtonLink
            size="sm"
            href={
              deadLetters.length === 1 ? routes.deadLetters({ letter: firstLetter.id }) : '#saga-dead-letters'
            }
          >
            <Inbox size={14} aria-hidden />
            {plural(deadLetters.length, 'dead letter')}
          </ButtonLink>
        ) : null}
      </div>
      <dl className={styles.figures} aria-label="Saga summary">
        <div>
          <dt>Started</dt>
          <dd title={formatDateTime(summary.startedAt)}>
            <RelativeTime value={summary.startedAt} />
          </dd>
        </div>
        <div>
          <dt>{ended === null ? 'Running for' : 'Took'}</dt>
          <dd>{formatDuration((ended ?? now) - Date.parse(summary.startedAt))}</dd>
        </div>
        <div>
          <dt>Current step</dt>
          <dd>
            {summary.currentStep ? `${summary.currentStep.index + 1}. ${summary.currentStep.name}` : '—'}
          </dd>
        </div>
        {summary.failedStep ? (
          <div className={styles.failedFigure}>
            <dt>Failed at</dt>
            <dd data-tone="failing">
              {summary.failedStep.index + 1}. {summary.failedStep.name}
            </dd>
            {summary.failedStep.error ? (
              <p className={styles.error}>
                {summary.failedStep.error.name}: {summary.failedStep.error.message}
              </p>
            ) : null}
          </div>
        ) : null}
        <div>
          <dt>Correlation</dt>
          <dd className={styles.ddMono}>
            {summary.correlationId ? (
              <Link href={routes.trace(summary.correlationId)} title={summary.correlationId}>
                {summary.correlationId}
              </Link>
            ) : (
              '—'
            )}
          </dd>
        </div>
      </dl>
    </header>
  );
}
