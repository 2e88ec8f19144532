import type { TraceFilters } from '../lib/url-state';

/**
 * Every React Query key of the Traces feature: searches by their filters, a trace by its correlation
 * id (all its loaded pages under one key), a comparison by its pair. Live updates invalidate
 * `traceKeys.detail(id)`.
 */
export const traceKeys = {
  all: ['traces'] as const,
  searches: () => [...traceKeys.all, 'search'] as const,
  search: (filters: TraceFilters) => [...traceKeys.searches(), filters] as const,
  details: () => [...traceKeys.all, 'detail'] as const,
  detail: (correlationId: string) => [...traceKeys.details(), correlationId] as const,
  compare: (a: string, b: string) => [...traceKeys.all, 'compare', a, b] as const,
};
