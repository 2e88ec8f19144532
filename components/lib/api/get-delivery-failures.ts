import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { DeliveryFailures } from '@/server/contracts/delivery-failures';
import { scopeKey, scopeQuery, type TopErrorsScope } from './get-top-errors';

/** One error group of the answer, for components that may not import contracts themselves. */
export type DeliveryFailure = DeliveryFailures['groups'][number];

/** Error groups listed by default: the few biggest say what is failing; History has every delivery. */
export const DELIVERY_FAILURES_LIMIT = 5;

export const deliveryFailureKeys = {
  all: ['delivery-failures'] as const,
  scope: (scope: TopErrorsScope, limit: number) =>
    [...deliveryFailureKeys.all, scopeKey(scope, limit)] as const,
};

/**
 * GET /api/deliveries/failures for one scope: its failed and retried deliveries of the last hour,
 * grouped by normalised error, biggest first.
 */
export function getDeliveryFailures(
  scope: TopErrorsScope,
  limit = DELIVERY_FAILURES_LIMIT,
  signal?: AbortSignal,
): Promise<DeliveryFailures> {
  return apiGet(`/api/deliveries/failures?${scopeQuery(scope, limit)}`, DeliveryFailures, { signal });
}

export function deliveryFailuresQueryOptions(scope: TopErrorsScope, limit = DELIVERY_FAILURES_LIMIT) {
  return queryOptions({
    queryKey: deliveryFailureKeys.scope(scope, limit),
    queryFn: ({ signal }) => getDeliveryFailures(scope, limit, signal),
    // a sliding window with no live room behind it: a slow poll moves it along
    refetchInterval: 15_000,
  });
}

export function useDeliveryFailures(scope: TopErrorsScope, limit = DELIVERY_FAILURES_LIMIT) {
  return useQuery(deliveryFailuresQueryOptions(scope, limit));
}
