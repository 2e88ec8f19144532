/** Every React Query key of the Aggregates feature: the types, and one aggregate's history at a version. */
export const aggregateKeys = {
  all: ['aggregates'] as const,
  types: () => [...aggregateKeys.all, 'types'] as const,
  details: () => [...aggregateKeys.all, 'detail'] as const,
  detail: (type: string, id: string, at: number | undefined) =>
    [...aggregateKeys.details(), type, id, at ?? 'latest'] as const,
};

/** Types and their counters move with the heartbeats (every 5 s): poll as often. */
export const AGGREGATE_TYPES_POLL_MS = 5_000;
