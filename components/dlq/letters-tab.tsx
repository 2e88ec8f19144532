'use client';

import { Inbox, RotateCw, SearchX } from 'lucide-react';
import type { ReactNode } from 'react';
import { useRecorded } from '@/components/lib/api/get-recorded';
import { ApiRequestError } from '@/components/lib/api-client';
import { formatCount, plural } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FirstRunState } from '@/components/ui/first-run-state';
import { PageLoading } from '@/components/ui/page-loading';
import type { useDeadLetterGroups } from './api/get-dead-letter-groups';
import { GroupsTable } from './groups-table';
import type { LetterScope } from './lib/selection';
import { hasFilters, type DlqFilters } from './lib/url-state';
import styles from './dlq.module.css';

const ICON = <Inbox size={20} strokeWidth={1.75} aria-hidden />;

interface LettersTabProps {
  groups: ReturnType<typeof useDeadLetterGroups>;
  filters: DlqFilters;
  open: string | null;
  onOpenGroup(fingerprint: string | null): void;
  onAct?: (action: 'replay' | 'discard', scope: LetterScope) => void;
  children: ReactNode;
}

/**
 * The Letters tab: the failure groups under the filters with the actions on all of them, then the open
 * group's letters (`children`); or why there is nothing: first run, nothing pending, nothing matching.
 */
export function LettersTab({ groups, filters, open, onOpenGroup, onAct, children }: LettersTabProps) {
  const { data, isPending, isError, error, refetch, isFetching } = groups;
  if (isPending) return <PageLoading label="Loading dead letters" />;
  if (isError && !data) {
    if (error instanceof ApiRequestError && error.status === 400) return null; // shown under the filters
    return (
      <div role="alert" className={styles.alert}>
        <p>Could not load the dead letters: {error.message}</p>
        <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
          <RotateCw size={14} aria-hidden />
          Retry
        </Button>
      </div>
    );
  }
  if (!data) return null;
  if (data.total === 0) return <NoLetters filtered={hasFilters(filters)} />;
  return (
    <>
      <section aria-label="Failure groups panel" className={styles.panel}>
        <header className={styles.panelHeader}>
          <h2 className={styles.panelTitle}>
            Failure groups
            <span className={styles.panelNote}>
              {plural(data.groups.length, 'group')} · {plural(data.total, 'letter')}
            </span>
          </h2>
          {onAct ? (
            <div className={styles.actions}>
              <Button
                size="sm"
                onClick={() => onAct('discard', { kind: 'filter', filters, count: data.total })}
              >
                Discard all matching…
              </Button>
              <Button
                size="sm"
                onClick={() => onAct('replay', { kind: 'filter', filters, count: data.total })}
              >
                Replay all matching ({formatCount(data.total)})…
              </Button>
            </div>
          ) : null}
        </header>
        <GroupsTable data={data} open={open} onOpen={onOpenGroup} />
        {open ? null : <p className={styles.notice}>Choose a failure group to list its letters.</p>}
      </section>
      {children}
    </>
  );
}

function NoLetters({ filtered }: { filtered: boolean }) {
  const { data: recorded } = useRecorded();
  if (filtered) {
    return (
      <EmptyState icon={SearchX} title="No dead letters match these filters">
        <p>
          Widen the time range, pick another status (replayed and discarded letters are hidden by default) or
          clear the filters.
        </p>
      </EmptyState>
    );
  }
  if (recorded && !recorded.anything) {
    return (
      <FirstRunState
        icon={ICON}
        title="No dead letters recorded yet"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic; its services fail a share of events on
            purpose.
          </>
        }
      >
        <p>
          When a handler gives up on an event, or an entry cannot be decoded, it lands here with its error and
          attempt history.
        </p>
      </FirstRunState>
    );
  }
  return (
    <EmptyState icon={ICON} title="No pending dead letters">
      <p>
        Events are flowing and none is waiting for a decision. Letters already replayed or discarded are under
        the Status filter.
      </p>
    </EmptyState>
  );
}
