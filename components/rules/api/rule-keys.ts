/** How often the Rules queries refresh: alerts are recorded as they happen, the figures are per minute. */
export const RULES_POLL_MS = 10_000;

/** Every React Query key of the Rules feature: the list, a rule's detail by name. */
export const ruleKeys = {
  all: ['rules'] as const,
  list: () => [...ruleKeys.all, 'list'] as const,
  details: () => [...ruleKeys.all, 'detail'] as const,
  detail: (name: string) => [...ruleKeys.details(), name] as const,
};
