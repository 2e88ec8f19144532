'use client';

import { RotateCw } from 'lucide-react';
import { ApiRequestError } from '@/components/lib/api-client';
import { formatCount, plural } from '@/components/lib/format';
import { Button } from '@/components/ui/button';
import { PageLoading } from '@/components/ui/page-loading';
import { useSagaDefinitions } from '../api/get-saga-definitions';
import { MAX_SAGA_PAGES, useSagas } from '../api/get-sagas';
import { DefinitionsPanel } from '../definition/definitions-panel';
import { useSagasLive } from '../live/use-sagas-live';
import { latestVersions } from '../lib/latest-versions';
import { hasSagaFilters } from '../lib/url-state';
import { NoSagas } from './no-sagas';
import { SagaFilterBar } from './saga-filter-bar';
import { SagasTable } from './sagas-table';
import { useSagasUrl } from './use-sagas-url';
import styles from './list.module.css';

/**
 * The Sagas page: the definitions with their live counts (and the diagram of the one filtered to),
 * then the instances narrowed by the filters in the URL, newest activity first, a page at a time.
 * Both follow the store through `sagas:changed`.
 */
export function SagasView() {
  const { filters, setFilters } = useSagasUrl();
  const { connected } = useSagasLive();
  const definitions = useSagaDefinitions(connected);
  const sagas = useSagas(filters, connected);
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
  } = sagas;

  const filterError = error instanceof ApiRequestError && error.status === 400 ? error.message : null;
  const items = data?.pages.flatMap((page) => page.items) ?? [];
  const last = data?.pages.at(-1);
  const definitionNames = latestVersions(definitions.data ?? []).map((definition) => definition.name);

  return (
    <div className={styles.page}>
      {definitions.data && definitions.data.length > 0 ? (
        <DefinitionsPanel
          definitions={definitions.data}
          selected={filters.definition}
          onSelect={(definition) => setFilters({ ...filters, definition })}
        />
      ) : null}
      {definitions.isError ? (
        <p role="alert" className={styles.alert}>
          Could not read the saga definitions: {definitions.error.message}
        </p>
      ) : null}
      <SagaFilterBar
        filters={filters}
        definitions={definitionNames}
        error={filterError}
        onChange={setFilters}
      />
      {isPending ? <PageLoading label="Loading sagas" /> : null}
      {isError && !data && !filterError ? (
        <div role="alert" className={styles.alert}>
          <p>Could not list sagas: {error.message}</p>
          <Button size="sm" onClick={() => void refetch()} disabled={isFetching}>
            <RotateCw size={14} aria-hidden />
            Retry
          </Button>
        </div>
      ) : null}
      {data && items.length === 0 ? <NoSagas filtered={hasSagaFilters(filters)} /> : null}
      {data && items.length > 0 ? (
        <section aria-label="Saga instances" className={styles.panel}>
          <header className={styles.panelHeader}>
            <h2 className={styles.panelTitle}>
              {filters.stuck ? 'Stuck sagas' : hasSagaFilters(filters) ? 'Matching sagas' : 'Recent sagas'}
              <span className={styles.panelNote}>
                {plural(items.length, 'instance')}
                {hasNextPage ? ' so far' : ''}
              </span>
            </h2>
          </header>
          <SagasTable sagas={items} />
          <footer className={styles.panelFooter}>
            <p className={styles.muted}>
              Newest activity first.
              {hasNextPage ? ' Older instances on the next page.' : ''}
              {!hasNextPage && last?.nextCursor
                ? ` The first ${formatCount(items.length)} are kept (${MAX_SAGA_PAGES} pages): narrow the filters for older ones.`
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
