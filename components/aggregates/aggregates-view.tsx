'use client';

import { Boxes, SearchX } from 'lucide-react';
import { ApiRequestError } from '@/components/lib/api-client';
import { EmptyState } from '@/components/ui/empty-state';
import { PageLoading } from '@/components/ui/page-loading';
import { Card } from '@/components/ui/card';
import { useAggregate } from './api/get-aggregate';
import { useAggregateTypes } from './api/get-aggregate-types';
import styles from './aggregates.module.css';
import { HistoryView } from './history-view';
import { LookupForm } from './lookup-form';
import { TypesTable } from './types-table';
import { useAggregatesUrl } from './use-aggregates-url';

/** The Aggregates page: types with their counters, a lookup by type and id, and time travel through one. */
export function AggregatesView() {
  const { lookup, setLookup } = useAggregatesUrl();
  const types = useAggregateTypes();
  const wanted = Boolean(lookup.type && lookup.id);
  const detail = useAggregate(lookup.type, lookup.id, lookup.at, wanted);
  const typeNames = types.data?.items.map((t) => t.type) ?? [];

  return (
    <div className={styles.stack}>
      <Card title="Aggregate types">
        {types.isPending ? (
          <PageLoading label="Loading aggregate types" />
        ) : types.isError ? (
          <p role="alert">Could not read the aggregate types: {types.error.message}</p>
        ) : types.data.items.length === 0 ? (
          <EmptyState icon={Boxes} title="No aggregate types announced">
            Processes that define event-sourced aggregates (bus.aggregates.define) announce them here every 5
            s, with their writers, rates and conflicts.
          </EmptyState>
        ) : (
          <TypesTable
            types={types.data.items}
            onPick={(type) => setLookup({ type, id: '', at: undefined })}
          />
        )}
      </Card>
      <LookupForm
        types={typeNames}
        type={lookup.type}
        id={lookup.id}
        onLookup={(type, id) => setLookup({ type, id, at: undefined })}
      />
      {!wanted ? null : detail.isPending ? (
        <PageLoading label="Loading the aggregate's history" />
      ) : detail.isError ? (
        <EmptyState
          icon={SearchX}
          title={
            detail.error instanceof ApiRequestError && detail.error.status === 404
              ? 'Not found'
              : 'Could not load this aggregate'
          }
        >
          {detail.error.message}
        </EmptyState>
      ) : (
        <HistoryView
          detail={detail.data}
          loading={detail.isFetching}
          onAt={(at) => setLookup({ ...lookup, at: Math.min(Math.max(1, at), detail.data.version) })}
        />
      )}
    </div>
  );
}
