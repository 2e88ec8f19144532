import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { ApiRequestError, apiGet } from '@/components/lib/api-client';
import { RuleDetail } from '@/server/contracts/rules';
import { RULES_POLL_MS, ruleKeys } from './rule-keys';

const PAGE_SIZE = 20;
/** Pages kept in memory; past them "Load more" stops. */
export const MAX_ALERT_PAGES = 10;

/** GET /api/rules/{name}: the rule and one page of its latest alerts, newest first. */
export function getRule(name: string, cursor: string | null, signal?: AbortSignal): Promise<RuleDetail> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  return apiGet(`/api/rules/${encodeURIComponent(name)}?${query.toString()}`, RuleDetail, { signal });
}

/** The first page refreshes while it is the only one; once more are loaded the list holds still. */
export function ruleQueryOptions(name: string) {
  return infiniteQueryOptions({
    queryKey: ruleKeys.detail(name),
    queryFn: ({ pageParam, signal }) => getRule(name, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last, pages) =>
      pages.length >= MAX_ALERT_PAGES ? undefined : (last.nextCursor ?? undefined),
    retry: (failures, error) =>
      !(error instanceof ApiRequestError && error.status >= 400 && error.status < 500) && failures < 2,
    refetchInterval: (query) => ((query.state.data?.pages.length ?? 0) > 1 ? false : RULES_POLL_MS),
  });
}

export function useRule(name: string) {
  return useInfiniteQuery(ruleQueryOptions(name));
}
