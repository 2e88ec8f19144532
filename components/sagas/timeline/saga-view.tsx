'use client';

import { RotateCw, SearchX } from 'lucide-react';
import Link from 'next/link';
import { ApiRequestError } from '@/components/lib/api-client';
import { formatDateTime } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Badge } from '@/components/ui/badge';
import { Button, ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageLoading } from '@/components/ui/page-loading';
import { RelativeTime } from '@/components/ui/relative-time';
import type { SagaDetail } from '@/server/contracts/sagas';
import { useSaga } from '../api/get-saga';
import { isActive } from '../lib/status';
import { useSagasLive } from '../live/use-sagas-live';
import { useNow } from '../lib/use-now';
import { GanttLegend } from './gantt-legend';
import { PayloadBlock } from './payload-block';
import { SagaActions } from './saga-actions';
import { SagaGantt } from './saga-gantt';
import { SagaHeader } from './saga-header';
import styles from './timeline.module.css';

/**
 * One saga instance: its head, the operator actions it allows, the timeline of its steps each paired
 * with its compensation, then its input, the actions taken on it and its dead letters. Refetched when
 * the recorder projects saga events (`sagas:changed`), polled only while the socket is down.
 */
export function SagaView({ sagaId }: { sagaId: string }) {
  const { connected } = useSagasLive();
  const { data, isPending, isError, error, refetch, isFetching } = useSaga(sagaId, connected);
  // open bars grow each second while the instance moves; an ended one only ages its relative times
  const now = useNow(data && isActive(data.summary.status) ? 1_000 : 30_000);

  if (!data) {
    if (isPending || !isError) return <PageLoading label="Loading saga" />;
    if (error instanceof ApiRequestError && error.status === 404) {
      return (
        <EmptyState
          icon={SearchX}
          title="No saga has this id"
          action={
            <ButtonLink href={routes.sagas()} size="sm">
              All sagas
            </ButtonLink>
          }
        >
          <p>
            Nothing recorded is saga <code>{sagaId}</code>. Retention may have removed it, or its first event
            has not been recorded yet.
          </p>
        </EmptyState>
      );
    }
    return (
      <div role="alert" className={styles.alert}>
        <p>Could not load the saga: {error.message}</p>
        <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
          <RotateCw size={14} aria-hidden />
          Retry
        </Button>
      </div>
    );
  }

  return (
    <div className={styles.page}>
      <SagaHeader detail={data} now={now} />
      <SagaActions detail={data} />
      <section aria-label="Timeline" className={styles.panel}>
        <header className={styles.panelHeader}>
          <h2 className={styles.panelTitle}>Timeline</h2>
          <GanttLegend />
        </header>
        <SagaGantt detail={data} now={now} />
      </section>
      <div className={styles.columns}>
        {data.input !== undefined ? (
          <section aria-label="Input" className={styles.panelPadded}>
            <PayloadBlock title="Input" label="Input of the saga" value={data.input} masking={data.masking} />
          </section>
        ) : null}
        <ActionHistory actions={data.actions} />
        <DeadLetters letters={data.deadLetters} />
      </div>
    </div>
  );
}

function ActionHistory({ actions }: { actions: SagaDetail['actions'] }) {
  return (
    <section aria-label="Action history" className={styles.panelPadded}>
      <h2 className={styles.panelTitle}>Operator actions</h2>
      {actions.length === 0 ? (
        <p className={styles.muted}>No operator has acted on this instance.</p>
      ) : (
        <ol className={styles.history}>
          {actions.map((entry, i) => (
            <li key={`${entry.at}-${i}`}>
              <span className={styles.historyHead}>
                <strong>{entry.action}</strong> by {entry.actor ?? 'unknown'}{' '}
                <span className={styles.muted} title={formatDateTime(entry.at)}>
                  <RelativeTime value={entry.at} />
                </span>
              </span>
              {entry.reason ? <span className={styles.reason}>{entry.reason}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function DeadLetters({ letters }: { letters: SagaDetail['deadLetters'] }) {
  return (
    <section id="saga-dead-letters" aria-label="Dead letters" className={styles.panelPadded}>
      <h2 className={styles.panelTitle}>Dead letters</h2>
      {letters.length === 0 ? (
        <p className={styles.muted}>None of this saga&apos;s events was dead-lettered.</p>
      ) : (
        <ul className={styles.history}>
          {letters.map((letter) => (
            <li key={letter.id} className={styles.letter}>
              <Link href={routes.deadLetters({ letter: letter.id })} className={styles.mono}>
                Dead letter {letter.id}
              </Link>
              <Badge tone={letter.status === 'pending' ? 'failing' : 'neutral'}>{letter.status}</Badge>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
