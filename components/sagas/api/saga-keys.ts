import type { SagaFilters } from '../lib/url-state';

/**
 * While the socket is down no `sagas:changed` comes (live/use-sagas-live.ts): the Sagas queries poll
 * this often instead, and not at all while it is up.
 */
export const SAGAS_FALLBACK_POLL_MS = 10_000;

/**
 * Every React Query key of the Sagas feature: lists by their filters, an instance by its id, the
 * definitions with their live counts. An operator action invalidates `sagaKeys.all`.
 */
export const sagaKeys = {
  all: ['sagas'] as const,
  lists: () => [...sagaKeys.all, 'list'] as const,
  list: (filters: SagaFilters) => [...sagaKeys.lists(), filters] as const,
  details: () => [...sagaKeys.all, 'detail'] as const,
  detail: (sagaId: string) => [...sagaKeys.details(), sagaId] as const,
  definitions: () => [...sagaKeys.all, 'definitions'] as const,
};
