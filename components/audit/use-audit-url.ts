import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { auditHref, parseAuditUrl, type AuditFilters } from './lib/url-state';

/** The Audit page's filters live in its search params; this reads them and replaces them. */
export function useAuditUrl(): { filters: AuditFilters; apply(filters: AuditFilters): void } {
  const params = useSearchParams();
  const pathname = usePathname();
  const router = useRouter();
  const filters = useMemo(() => parseAuditUrl(new URLSearchParams(params.toString())), [params]);
  const apply = useCallback(
    (next: AuditFilters) => router.replace(auditHref(next, pathname), { scroll: false }),
    [router, pathname],
  );
  return { filters, apply };
}
