import { queryOptions, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { apiGet } from '@/components/lib/api-client';
import { RuleSummary } from '@/server/contracts/rules';
import { RULES_POLL_MS, ruleKeys } from './rule-keys';

const RuleList = z.array(RuleSummary);

/** GET /api/rules: the running rules with matches per minute over the last hour. */
export function getRules(signal?: AbortSignal): Promise<RuleSummary[]> {
  return apiGet('/api/rules', RuleList, { signal });
}

export function rulesQueryOptions() {
  return queryOptions({
    queryKey: ruleKeys.list(),
    queryFn: ({ signal }) => getRules(signal),
    refetchInterval: RULES_POLL_MS,
  });
}

export function useRules() {
  return useQuery(rulesQueryOptions());
}
