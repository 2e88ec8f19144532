import type { AuditFilters } from '../lib/url-state';

/** Every React Query key of the Audit feature: lists keyed by their filters. */
export const auditKeys = {
  all: ['audit'] as const,
  lists: () => [...auditKeys.all, 'list'] as const,
  list: (filters: AuditFilters) => [...auditKeys.lists(), filters] as const,
};
