'use client';

import { ArrowDownNarrowWide, History, RotateCw, SearchX } from 'lucide-react';
import { useMemo } from 'react';
import { ApiRequestError } from '@/components/lib/api-client';
import { formatClock, formatCount, formatDate, formatDateTime, plural } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { FirstRunState } from '@/components/ui/first-run-state';
import type { useEvents } from './api/get-events';
import { EventList, EventListSkeleton, type ListEntry } from './event-list';
import { rowFromListItem } from './lib/event-row';
import type { EventsOrder } from './lib/url-state';
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
  /** Start a new search from `time` on, in the list's order (past the page cap). */
  onContinueFrom(time: string): void;
  order: EventsOrder;
  onOrderChange(order: EventsOrder): void;
}

/** Recorded events matching the filters, newest first (or oldest first), a page at a time. */
export function HistoryResults({
  query,
  invalid,
  filtered,
  selectedId,
  hrefFor,
  onOpen,
  onClearFilters,
  onContinueFrom,
  order,
  onOrderChange,
}: HistoryResultsProps) {
  const { data, error, isPending, isError, refetch, isRefetching, dataUpdatedAt } = query;
  const entries = useMemo<ListEntry[]>(
    () =>
      data?.pages.flatMap((page) =>
        page.items.map((item) => ({ kind: 'row', row: rowFromListItem(item) })),
      ) ?? [],
    [data],
  );
  // a row of another day than the search shows its date, and the column makes room for it
  const dated = useMemo(() => {
    const today = formatDate(dataUpdatedAt);
    return entries.some((entry) => entry.kind === 'row' && formatDate(entry.row.time) !== today);
  }, [entries, dataUpdatedAt]);

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

  const last = entries.at(-1);
  const lastTime = last?.kind === 'row' ? last.row.time : null;
  const oldestFirst = order === 'asc';
  return (
    <div className={styles.panel}>
      <div className={styles.toolbar}>
        <span className={styles.start}>
          <span className={styles.figure}>
            {plural(entries.length, 'event')} loaded, {oldestFirst ? 'oldest' : 'newest'} first
          </span>
          <Button
            size="sm"
            variant="ghost"
            aria-pressed={oldestFirst}
            onClick={() => onOrderChange(oldestFirst ? 'desc' : 'asc')}
            title="Read a correlation chain in the order it happened"
          >
            <ArrowDownNarrowWide size={14} aria-hidden />
            Oldest first
          </Button>
        </span>
        <span className={styles.refresh}>
          <span title={formatDateTime(dataUpdatedAt)}>as of {formatClock(dataUpdatedAt, 'second')}</span>
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
        now={dataUpdatedAt}
        dated={dated}
        footer={
          <Footer
            query={query}
            count={entries.length}
            lastTime={lastTime}
            oldestFirst={oldestFirst}
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
  lastTime,
  oldestFirst,
  onContinueFrom,
}: {
  query: ReturnType<typeof useEvents>;
  count: number;
  /** The time of the last row loaded: the oldest, or the newest when oldest first. */
  lastTime: string | null;
  oldestFirst: boolean;
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
  if (capped && lastTime) {
    return (
      <>
        <span>
          Showing the {oldestFirst ? 'oldest' : 'newest'} {formatCount(count)} matches, the most one list
          holds.
        </span>
        <Button size="sm" onClick={() => onContinueFrom(lastTime)}>
          Continue {oldestFirst ? 'after' : 'before'} {formatDateTime(lastTime)}
        </Button>
      </>
    );
  }
  return <span>End of results · {plural(count, 'event')}</span>;
}
