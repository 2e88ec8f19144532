import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { AuditPage } from '@/server/contracts/audit';
import { auditParams, type AuditFilters } from '../lib/url-state';
import { auditKeys } from './audit-keys';

/** Loaded pages are capped so the table stays bounded; narrow the filters to look further back. */
export const MAX_AUDIT_PAGES = 20;
const PAGE_SIZE = 100;

/** GET /api/audit: one page of the audit log, newest first. */
export function getAudit(
  filters: AuditFilters,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<AuditPage> {
  const params = auditParams(filters);
  params.set('limit', String(PAGE_SIZE));
  if (cursor) params.set('cursor', cursor);
  return apiGet(`/api/audit?${params.toString()}`, AuditPage, { signal });
}

export function auditQueryOptions(filters: AuditFilters) {
  return infiniteQueryOptions({
    queryKey: auditKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getAudit(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last, pages) =>
      pages.length >= MAX_AUDIT_PAGES ? undefined : (last.nextCursor ?? undefined),
  });
}

export function useAudit(filters: AuditFilters) {
  return useInfiniteQuery(auditQueryOptions(filters));
}
