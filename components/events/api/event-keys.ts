import type { EventsFilters } from '../lib/url-state';

/**
 * Every React Query key of the Events feature. Lists are keyed by their filters, details by id, and
 * the live tail by its filter (a new filter starts a new, empty buffer).
 */
export const eventKeys = {
  all: ['events'] as const,
  lists: () => [...eventKeys.all, 'list'] as const,
  list: (filters: EventsFilters) => [...eventKeys.lists(), filters] as const,
  details: () => [...eventKeys.all, 'detail'] as const,
  detail: (id: string) => [...eventKeys.details(), id] as const,
  tails: () => [...eventKeys.all, 'tail'] as const,
  tail: (filterKey: string) => [...eventKeys.tails(), filterKey] as const,
};
