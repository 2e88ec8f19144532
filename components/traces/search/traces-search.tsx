'use client';

import { GitCompareArrows, RotateCw } from 'lucide-react';
import { useState } from 'react';
import { ApiRequestError } from '@/components/lib/api-client';
import { formatCount, formatDateTime, plural } from '@/components/lib/format';
import { routes } from '@/components/lib/routes';
import { Button, ButtonLink } from '@/components/ui/button';
import { PageLoading } from '@/components/ui/page-loading';
import { MAX_SEARCH_PAGES, useTraces } from '../api/get-traces';
import { hasTraceFilters } from '../lib/url-state';
import { NoTraces } from './no-traces';
import { TraceFilterBar } from './trace-filter-bar';
import { TracesTable } from './traces-table';
import { useTracesUrl } from './use-traces-url';
import styles from './search.module.css';

/**
 * The Traces page: recent traces by default, narrowed by the filters in the URL, a page at a time, and
 * the window the search covered. Two traces of one root type can be compared.
 */
export function TracesSearch() {
  const { filters, setFilters } = useTracesUrl();
  const traces = useTraces(filters);
  const [selected, setSelected] = useState<string[]>([]);
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
  } = traces;

  const filterError = error instanceof ApiRequestError && error.status === 400 ? error.message : null;
  const items = data?.pages.flatMap((page) => page.items) ?? [];
  const first = data?.pages[0];
  const last = data?.pages.at(-1);
  const picked = selected
    .map((id) => items.find((trace) => trace.correlationId === id))
    .filter((t) => t !== undefined);
  const sameRoot = picked.length === 2 && picked[0]!.rootType === picked[1]!.rootType;
  const toggle = (id: string) =>
    setSelected((current) =>
      current.includes(id) ? current.filter((item) => item !== id) : [...current, id].slice(-2),
    );

  return (
    <div className={styles.page}>
      <TraceFilterBar filters={filters} error={filterError} onChange={setFilters} />
      {isPending ? <PageLoading label="Loading traces" /> : null}
      {isError && !data && !filterError ? (
        <div role="alert" className={styles.alert}>
          <p>Could not search traces: {error.message}</p>
          <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
            <RotateCw size={14} aria-hidden />
            Retry
          </Button>
        </div>
      ) : null}
      {data && items.length === 0 ? <NoTraces filtered={hasTraceFilters(filters)} /> : null}
      {data && items.length > 0 ? (
        <section aria-label="Trace results" className={styles.panel}>
          <header className={styles.panelHeader}>
            <h2 className={styles.panelTitle}>
              {hasTraceFilters(filters) ? 'Matching traces' : 'Recent traces'}
              <span className={styles.panelNote}>
                {plural(items.length, 'trace')}
                {hasNextPage ? ' so far' : ''}
              </span>
            </h2>
            <div className={styles.actions}>
              <span className={styles.compareHint} role="status">
                {picked.length < 2
                  ? 'Tick two traces of one root type to compare them.'
                  : sameRoot
                    ? null
                    : 'Only traces of the same root type can be compared.'}
              </span>
              {sameRoot ? (
                <ButtonLink
                  size="sm"
                  variant="primary"
                  href={routes.traceCompare(picked[0]!.correlationId, picked[1]!.correlationId)}
                >
                  <GitCompareArrows size={14} aria-hidden />
                  Compare
                </ButtonLink>
              ) : (
                <Button size="sm" disabled>
                  <GitCompareArrows size={14} aria-hidden />
                  Compare
                </Button>
              )}
            </div>
          </header>
          <TracesTable traces={items} selected={selected} onToggle={toggle} />
          <footer className={styles.panelFooter}>
            <p className={styles.muted}>
              Searched {formatDateTime(last?.searched.from ?? first!.searched.from)} to{' '}
              {formatDateTime(first!.searched.to)}
              {hasNextPage ? '; older traces on the next page.' : '.'}
              {!hasNextPage && last?.nextCursor
                ? ` The first ${formatCount(items.length)} are kept (${MAX_SEARCH_PAGES} pages): narrow the filters for older ones.`
                : ''}
            </p>
            {hasNextPage ? (
              <Button size="sm" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
                {isFetchingNextPage ? 'Loading…' : 'Load more'}
              </Button>
            ) : null}
          </footer>
        </section>
      ) : null}
    </div>
  );
}
