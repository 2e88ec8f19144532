'use client';

import { RotateCw, SearchX } from 'lucide-react';
import { useCallback, useMemo } from 'react';
import { ApiRequestError } from '@/components/lib/api-client';
import { formatCount } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Button, ButtonLink } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageLoading } from '@/components/ui/page-loading';
import { useTrace } from '../api/get-trace';
import type { TraceViewName } from '../lib/url-state';
import { useTraceLive } from '../live/use-trace-live';
import { CriticalPathTable } from './critical-path-table';
import { SequenceView } from './sequence-view';
import { TraceHeader } from './trace-header';
import { TraceWarnings } from './trace-warnings';
import { TreeView } from './tree-view';
import { useTraceViewUrl } from './use-trace-view-url';
import { WaterfallView } from './waterfall-view';
import styles from './trace.module.css';

const VIEWS: readonly { value: TraceViewName; label: string }[] = [
  { value: 'tree', label: 'Tree' },
  { value: 'waterfall', label: 'Waterfall' },
  { value: 'sequence', label: 'Sequence' },
];

/**
 * One trace: its summary and warnings, then the same rows as a causation tree, a waterfall or a
 * sequence diagram (the choice and "critical path only" in the URL). Rows arrive a page at a time as
 * the list scrolls; while the trace is in progress its live events refetch it.
 */
export function TraceView({ correlationId }: { correlationId: string }) {
  const { state, navigate } = useTraceViewUrl();
  const trace = useTrace(correlationId);
  const {
    data,
    isPending,
    isError,
    error,
    refetch,
    isFetching,
    hasNextPage,
    fetchNextPage,
    isFetchingNextPage,
  } = trace;
  const head = data?.pages[0];
  useTraceLive(correlationId, head?.summary.inProgress ?? false, head?.totalNodes ?? 0);
  const nodes = useMemo(() => data?.pages.flatMap((page) => page.nodes) ?? [], [data]);
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  if (isPending) return <PageLoading label="Loading trace" />;
  if (isError && !head) {
    if (error instanceof ApiRequestError && error.status === 404) {
      return (
        <EmptyState
          icon={SearchX}
          title="No trace has this correlation id"
          action={
            <ButtonLink href={routes.traces()} size="sm">
              Search traces
            </ButtonLink>
          }
        >
          <p>
            Nothing recorded carries <code>{correlationId}</code>. Retention may have removed it, or it has
            not been recorded yet.
          </p>
        </EmptyState>
      );
    }
    return (
      <div role="alert" className={styles.alert}>
        <p>Could not load the trace: {error.message}</p>
        <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
          <RotateCw size={14} aria-hidden />
          Retry
        </Button>
      </div>
    );
  }
  if (!head) return null;

  return (
    <div className={styles.page}>
      <TraceHeader summary={head.summary} />
      <TraceWarnings warnings={head.warnings} />
      <section className={styles.panel} aria-label="Trace views">
        <div className={styles.viewBar}>
          <div role="tablist" aria-label="Trace view" className={styles.tabs}>
            {VIEWS.map((view) => (
              <button
                key={view.value}
                type="button"
                role="tab"
                aria-selected={state.view === view.value}
                className={styles.tab}
                onClick={() => navigate({ view: view.value })}
              >
                {view.label}
              </button>
            ))}
          </div>
          {state.view === 'sequence' ? null : (
            <label className={styles.toggle}>
              <input
                type="checkbox"
                checked={state.criticalOnly}
                onChange={(event) => navigate({ criticalOnly: event.target.checked })}
              />
              Critical path only
            </label>
          )}
          <span className={styles.loaded} role="status">
            {formatCount(nodes.length)} of {formatCount(head.totalNodes)} rows loaded
            {isFetchingNextPage ? ', loading more…' : ''}
            {head.summary.inProgress ? ' · live' : ''}
          </span>
        </div>
        <div role="tabpanel" aria-label={VIEWS.find((view) => view.value === state.view)!.label}>
          {state.view === 'tree' ? (
            <TreeView nodes={nodes} criticalOnly={state.criticalOnly} onEndReached={loadMore} />
          ) : state.view === 'waterfall' ? (
            <div className={styles.withSide}>
              <WaterfallView
                nodes={nodes}
                start={head.summary.start}
                criticalOnly={state.criticalOnly}
                onEndReached={loadMore}
              />
              <CriticalPathTable criticalPath={head.criticalPath} nodes={nodes} />
            </div>
          ) : (
            <SequenceView nodes={nodes} />
          )}
        </div>
      </section>
    </div>
  );
}
