/**
 * Projections have no socket feed: the page polls while it is visible (React Query stops interval
 * refetches in a hidden tab). Processes announce themselves every 5 s; positions move on every commit.
 */
export const PROJECTIONS_POLL_MS = 2_000;

/** Every React Query key of the Projections feature; an action invalidates `projectionKeys.all`. */
export const projectionKeys = {
  all: ['projections'] as const,
  list: () => [...projectionKeys.all, 'list'] as const,
  details: () => [...projectionKeys.all, 'detail'] as const,
  detail: (name: string) => [...projectionKeys.details(), name] as const,
};
