import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { DeadLetterGroups } from '@/server/contracts/dead-letter-list';

/** Whose failures: topics and groups, each matching any of its values; neither means every topic. */
export interface TopErrorsScope {
  topic?: readonly string[];
  group?: readonly string[];
}

/** One failure group of the answer, for components that may not import contracts themselves. */
export type TopError = DeadLetterGroups['groups'][number];

/** Failure groups listed by default: the few biggest say what is breaking; the page has the rest. */
export const TOP_ERRORS_LIMIT = 5;

/** A scope and limit as one query key part (top errors and failed deliveries key their lists by it). */
export const scopeKey = (scope: TopErrorsScope, limit: number) =>
  ({ topic: scope.topic ?? [], group: scope.group ?? [], limit }) as const;

/** A scope and limit as the query string both failure lists' endpoints read: `topic=…&group=…&limit=…`. */
export function scopeQuery(scope: TopErrorsScope, limit: number): string {
  const query = new URLSearchParams();
  for (const topic of scope.topic ?? []) query.append('topic', topic);
  for (const group of scope.group ?? []) query.append('group', group);
  query.set('limit', String(limit));
  return query.toString();
}

export const topErrorKeys = {
  all: ['top-errors'] as const,
  scope: (scope: TopErrorsScope, limit: number) => [...topErrorKeys.all, scopeKey(scope, limit)] as const,
};

/**
 * GET /api/dead-letters/groups for one scope: its pending dead letters grouped by failure fingerprint,
 * biggest first, the same groups and counts the Dead letters page shows for that filter.
 */
export function getTopErrors(
  scope: TopErrorsScope,
  limit = TOP_ERRORS_LIMIT,
  signal?: AbortSignal,
): Promise<DeadLetterGroups> {
  return apiGet(`/api/dead-letters/groups?${scopeQuery(scope, limit)}`, DeadLetterGroups, { signal });
}

export function topErrorsQueryOptions(scope: TopErrorsScope, limit = TOP_ERRORS_LIMIT) {
  return queryOptions({
    queryKey: topErrorKeys.scope(scope, limit),
    queryFn: ({ signal }) => getTopErrors(scope, limit, signal),
    // no live room feeds this: a slow poll keeps an open panel from going stale
    refetchInterval: 15_000,
  });
}

export function useTopErrors(scope: TopErrorsScope, limit = TOP_ERRORS_LIMIT) {
  return useQuery(topErrorsQueryOptions(scope, limit));
}
