'use client';

import { Search, Waves, X } from 'lucide-react';
import { useMemo, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FirstRunState } from '@/components/ui/first-run-state';
import type { StreamSummary } from '@/server/contracts/streams';
import { useGroups } from './api/get-groups';
import { useStreams } from './api/get-streams';
import { formatCount } from '@/components/lib/format';
import { buildGroupRows, matchesFilter } from './group-rows';
import { GroupsTable } from './groups-table';
import { isBusUnavailable, LoadError, StaleNotice } from './load-error';
import { RefreshStatus } from './refresh-status';
import { Section } from './section';
import { GroupsSkeleton, StreamsSkeleton } from './streams-skeleton';
import { StreamsTable } from './streams-table';
import styles from './streams-view.module.css';
import { useStreamsParams } from './use-streams-params';

const NO_STREAMS: StreamSummary[] = [];

/** The streams page below its header: the streams table, then the consumer groups. */
export function StreamsView() {
  const streams = useStreams();
  const groups = useGroups();
  const { filter, setFilter, expanded, toggleGroup, groupSort, setGroupSort, showInternal, setShowInternal } =
    useStreamsParams();
  const [draft, setDraft] = useState(filter);

  const streamList = streams.data?.streams ?? NO_STREAMS;
  const allRows = useMemo(
    () => (groups.data ? buildGroupRows(groups.data, streamList) : []),
    [groups.data, streamList],
  );
  const internalGroups = groups.data?.internalGroups;
  const rows = useMemo(() => {
    if (showInternal || !internalGroups?.length) return allRows;
    const internal = new Set(internalGroups);
    return allRows.filter((r) => !internal.has(r.group.name));
  }, [allRows, internalGroups, showInternal]);
  const internalCount = allRows.length - rows.length;
  const visibleStreams = streamList.filter((s) => matchesFilter(filter, s.topic));
  const visibleRows = rows.filter((r) => matchesFilter(filter, r.group.topic, r.group.name));

  const retryAll = () => {
    void streams.refetch();
    void groups.refetch();
  };

  // Redis away before anything loaded: one message for the page, not one per table
  if (!streams.data && !groups.data && (isBusUnavailable(streams.error) || isBusUnavailable(groups.error))) {
    return (
      <div className={styles.card}>
        <LoadError
          error={(streams.error ?? groups.error)!}
          what="streams"
          onRetry={retryAll}
          retrying={streams.isFetching || groups.isFetching}
        />
      </div>
    );
  }

  if (streams.data && streams.data.streams.length === 0) {
    return (
      <FirstRunState
        icon={Waves}
        title="No streams yet"
        hint={
          <>
            Run <code>npm run demo</code> to start demo traffic, or point <code>REDIS_URL</code> at your Redis
            (and <code>EVENTLENS_PREFIX</code> at its key prefix).
          </>
        }
      >
        <p>
          This page lists every topic&apos;s Redis stream with its consumer groups: lag, pending entries and
          the consumers that hold them.
        </p>
      </FirstRunState>
    );
  }

  const filtered = filter.trim() !== '';
  const clear = () => {
    setDraft('');
    setFilter('');
  };

  return (
    <div className={styles.view}>
      <div className={styles.toolbar}>
        <label className={styles.search}>
          <Search size={14} aria-hidden className={styles.searchIcon} />
          <input
            type="search"
            value={draft}
            onChange={(event) => {
              setDraft(event.target.value);
              setFilter(event.target.value);
            }}
            placeholder="Filter by topic or group"
            aria-label="Filter by topic or group"
            className={styles.searchInput}
          />
          {draft ? (
            <Button variant="ghost" size="sm" iconOnly aria-label="Clear filter" onClick={clear}>
              <X size={14} aria-hidden />
            </Button>
          ) : null}
        </label>
        <RefreshStatus queries={[streams, groups]} />
      </div>

      <Section
        title="Streams"
        note={
          streams.data
            ? filtered
              ? `${visibleStreams.length} of ${streamList.length}`
              : formatCount(streamList.length)
            : undefined
        }
      >
        {streams.data && streams.error ? (
          <StaleNotice
            error={streams.error}
            updatedAt={streams.dataUpdatedAt}
            onRetry={() => void streams.refetch()}
            retrying={streams.isFetching}
          />
        ) : null}
        {streams.data ? (
          visibleStreams.length > 0 ? (
            <StreamsTable streams={visibleStreams} />
          ) : (
            <NoMatch filter={filter} what="streams" onClear={clear} />
          )
        ) : streams.error ? (
          <LoadError
            error={streams.error}
            what="streams"
            onRetry={() => void streams.refetch()}
            retrying={streams.isFetching}
          />
        ) : (
          <StreamsSkeleton />
        )}
      </Section>

      <Section
        title="Consumer groups"
        note={
          groups.data
            ? filtered
              ? `${visibleRows.length} of ${rows.length}`
              : formatCount(rows.length)
            : undefined
        }
        aside={
          <div className={styles.asideRow}>
            <span className={styles.hint}>Select a group for its consumers and pending entries</span>
            {internalGroups?.length ? (
              <label
                className={styles.internalToggle}
                title={`EventLens' own consumer groups: ${internalGroups.join(', ')}`}
              >
                <input
                  type="checkbox"
                  checked={showInternal}
                  onChange={(event) => setShowInternal(event.target.checked)}
                />
                Show internal groups
                {!showInternal && internalCount > 0 ? (
                  <span className={styles.hint}>({formatCount(internalCount)} hidden)</span>
                ) : null}
              </label>
            ) : null}
          </div>
        }
      >
        {groups.data && groups.error ? (
          <StaleNotice
            error={groups.error}
            updatedAt={groups.dataUpdatedAt}
            onRetry={() => void groups.refetch()}
            retrying={groups.isFetching}
          />
        ) : null}
        {groups.data ? (
          rows.length === 0 && internalCount > 0 ? (
            <p className={styles.emptyGroups}>
              Only EventLens&apos; own recorder group reads these streams so far; tick “Show internal groups”
              to see it.
            </p>
          ) : rows.length === 0 ? (
            <p className={styles.emptyGroups}>
              No consumer group reads these streams yet. Groups appear here once a service subscribes (
              <code>XGROUP CREATE</code>, or the SDK&apos;s <code>subscribe</code>).
            </p>
          ) : visibleRows.length > 0 ? (
            <GroupsTable
              rows={visibleRows}
              expanded={expanded}
              onToggle={toggleGroup}
              sort={groupSort}
              onSortChange={setGroupSort}
              stuckAfterMs={groups.data.stuckAfterMs}
              sampleSize={groups.data.sampleSize}
              trendFrom={groups.data.lagTrend.from}
              trendStepSeconds={groups.data.lagTrend.stepSeconds}
            />
          ) : (
            <NoMatch filter={filter} what="groups" onClear={clear} />
          )
        ) : groups.error ? (
          <LoadError
            error={groups.error}
            what="consumer groups"
            onRetry={() => void groups.refetch()}
            retrying={groups.isFetching}
          />
        ) : (
          <GroupsSkeleton />
        )}
      </Section>
    </div>
  );
}

function NoMatch({ filter, what, onClear }: { filter: string; what: string; onClear: () => void }) {
  return (
    <div className={styles.noMatch}>
      <span>
        No {what} match “{filter.trim()}”.
      </span>
      <Button size="sm" variant="ghost" onClick={onClear}>
        Clear filter
      </Button>
    </div>
  );
}
