'use client';

import { ShieldAlert, ScrollText } from 'lucide-react';
import { ApiRequestError } from '@/components/lib/api-client';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageLoading } from '@/components/ui/page-loading';
import { useAudit, MAX_AUDIT_PAGES } from './api/get-audit';
import { AuditFiltersForm } from './audit-filters';
import { AuditTable } from './audit-table';
import { useAuditUrl } from './use-audit-url';
import styles from './audit.module.css';

/** The audit log with its filters (in the URL) and "load older" paging. */
export function AuditView() {
  const { filters, apply } = useAuditUrl();
  const query = useAudit(filters);
  const rows = query.data?.pages.flatMap((page) => page.items) ?? [];
  const error = query.error;
  return (
    <div className={styles.view}>
      {/* keyed by the URL's filters: Back or a shared link resets the form to what is shown */}
      <AuditFiltersForm key={JSON.stringify(filters)} value={filters} onApply={apply} />
      {error instanceof ApiRequestError && error.status === 403 ? (
        <EmptyState icon={ShieldAlert} title="Admins only">
          The audit log needs the audit:read permission, which only admins hold.
        </EmptyState>
      ) : error instanceof ApiRequestError && error.status === 400 ? (
        <p role="alert" className={styles.error}>
          {error.message}
        </p>
      ) : error ? (
        <p role="alert" className={styles.error}>
          The audit log could not be read: {error.message}
        </p>
      ) : query.isPending ? (
        <PageLoading label="Loading the audit log" />
      ) : rows.length === 0 ? (
        <EmptyState icon={ScrollText} title="No audit rows">
          Nothing matches these filters. Sign-ins, token changes and refused requests appear here.
        </EmptyState>
      ) : (
        <>
          <AuditTable rows={rows} />
          <div className={styles.more}>
            {query.hasNextPage ? (
              <Button
                size="sm"
                onClick={() => void query.fetchNextPage()}
                disabled={query.isFetchingNextPage}
              >
                {query.isFetchingNextPage ? 'Loading…' : 'Load older'}
              </Button>
            ) : (query.data?.pages.length ?? 0) >= MAX_AUDIT_PAGES ? (
              <span className={styles.kind}>
                Showing the newest {rows.length} rows; narrow the filters to see older ones.
              </span>
            ) : (
              <span className={styles.kind}>{rows.length} rows, the whole log for these filters.</span>
            )}
          </div>
        </>
      )}
    </div>
  );
}
