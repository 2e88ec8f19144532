import type { DlqFilters } from '../lib/url-state';

/**
 * Every React Query key of the Dead letters feature. Letters and groups are keyed by their filters;
 * replay jobs by id. `deadLetters:changed` invalidates `dlqKeys.all`; `replay:progress` writes into
 * `replayKeys.detail` and the lists.
 */
export const dlqKeys = {
  all: ['dead-letters'] as const,
  groups: (filters: DlqFilters) => [...dlqKeys.all, 'groups', filters] as const,
  lists: () => [...dlqKeys.all, 'list'] as const,
  list: (filters: DlqFilters) => [...dlqKeys.lists(), filters] as const,
  detail: (id: string) => [...dlqKeys.all, 'detail', id] as const,
};

export const replayKeys = {
  all: ['replays'] as const,
  lists: () => [...replayKeys.all, 'list'] as const,
  detail: (id: string) => [...replayKeys.all, 'detail', id] as const,
  letters: (id: string) => [...replayKeys.all, 'letters', id] as const,
};
