'use client';

import { History, RotateCw, SearchX } from 'lucide-react';
import { useMemo } from 'react';
import { ApiRequestError } from '@/components/lib/api-client';
import { formatCount, formatDateTime, plural } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FirstRunState } from '@/components/ui/first-run-state';
import { RelativeTime } from '@/components/ui/relative-time';
import type { useEvents } from './api/get-events';
import { EventList, EventListSkeleton, type ListEntry } from './event-list';
import { rowFromListItem } from './lib/event-row';
import styles from './history-results.module.css';

interface HistoryResultsProps {
  query: ReturnType<typeof useEvents>;
  /** A filter failed the client-side check: the search is not sent. */
  invalid: boolean;
  filtered: boolean;
  selectedId: string | null;
  hrefFor(id: string): string;
  onOpen(id: string): void;
  onClearFilters(): void;
  /** Start a new search that ends at `time` (past the page cap). */
  onContinueFrom(time: string): void;
}

/** Recorded events matching the filters, newest first, a page at a time. */
export function HistoryResults({
  query,
  invalid,
  filtered,
  selectedId,
  hrefFor,
  onOpen,
  onClearFilters,
  onContinueFrom,
}: HistoryResultsProps) {
  const { data, error, isPending, isError, refetch, isRefetching, dataUpdatedAt } = query;
  const entries = useMemo<ListEntry[]>(
    () =>
      data?.pages.flatMap((page) =>
        page.items.map((item) => ({ kind: 'row', row: rowFromListItem(item) })),
      ) ?? [],
    [data],
  );

  if (invalid) return <p className={styles.message}>Fix the highlighted filter to search.</p>;
  if (isPending) return <EventListSkeleton label="Loading events" />;
  if (isError && !data) {
    if (error instanceof ApiRequestError && error.status === 400) {
      return (
        <p role="alert" className={styles.message}>
          The search was refused: fix the highlighted filter.
        </p>
      );
    }
    return (
      <div role="alert" className={styles.alert}>
        <p>Could not search the recorded events: {error.message}</p>
        <Button size="sm" onClick={() => void refetch()} disabled={isRefetching}>
          <RotateCw size={14} aria-hidden />
          Retry
        </Button>
      </div>
    );
  }

  if (entries.length === 0) {
    return filtered ? (
      <EmptyState
        icon={SearchX}
        title="No recorded events match"
        action={
          <Button size="sm" onClick={onClearFilters}>
            Clear filters
          </Button>
        }
      >
        <p>Widen the time range, loosen a filter, or check a name against a live event.</p>
      </EmptyState>
    ) : (
      <FirstRunState
        icon={History}
        title="No events recorded yet"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic, or point <code>REDIS_URL</code> at your
            Redis.
          </>
        }
      >
        <p>
          The recorder stores each event it reads from your streams, so you can search the history and open
          any payload.
        </p>
      </FirstRunState>
    );
  }

  const oldest = entries.at(-1);
  const oldestTime = oldest?.kind === 'row' ? oldest.row.time : null;
  return (
    <div className={styles.panel}>
      <div className={styles.toolbar}>
        <span className={styles.figure}>{plural(entries.length, 'event')} loaded, newest first</span>
        <span className={styles.refresh}>
          <span>
            as of <RelativeTime value={new Date(dataUpdatedAt).toISOString()} />
          </span>
          <Button size="sm" variant="ghost" onClick={() => void refetch()} disabled={isRefetching}>
            <RotateCw size={14} aria-hidden />
            {isRefetching ? 'Refreshing…' : 'Refresh'}
          </Button>
        </span>
      </div>
      <EventList
        label="Recorded events"
        count={entries.length}
        entryAt={(index) => entries[index] as ListEntry}
        keyAt={(index) => {
          const entry = entries[index];
          return entry?.kind === 'row' ? entry.row.key : String(index);
        }}
        hrefFor={hrefFor}
        onOpen={onOpen}
        selectedId={selectedId}
        footer={
          <Footer
            query={query}
            count={entries.length}
            oldestTime={oldestTime}
            onContinueFrom={onContinueFrom}
          />
        }
      />
    </div>
  );
}

function Footer({
  query,
  count,
  oldestTime,
  onContinueFrom,
}: {
  query: ReturnType<typeof useEvents>;
  count: number;
  oldestTime: string | null;
  onContinueFrom(time: string): void;
}) {
  const { hasNextPage, isFetchingNextPage, fetchNextPage, isFetchNextPageError, error, data } = query;
  const capped = !hasNextPage && (data?.pages.at(-1)?.nextCursor ?? null) !== null;

  if (isFetchingNextPage) return <span aria-live="polite">Loading more…</span>;
  if (isFetchNextPageError) {
    return (
      <span role="alert" className={styles.footerError}>
        Could not load more: {error?.message}
        <Button size="sm" onClick={() => void fetchNextPage()}>
          Retry
        </Button>
      </span>
    );
  }
  if (hasNextPage) {
    return (
      <Button size="sm" onClick={() => void fetchNextPage()}>
        Load more
      </Button>
    );
  }
  if (capped && oldestTime) {
    return (
      <>
        <span>Showing the newest {formatCount(count)} matches, the most one list holds.</span>
        <Button size="sm" onClick={() => onContinueFrom(oldestTime)}>
          Continue before {formatDateTime(oldestTime)}
        </Button>
      </>
    );
  }
  return <span>End of results · {plural(count, 'event')}</span>;
}
