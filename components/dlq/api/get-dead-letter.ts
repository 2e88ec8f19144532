import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { DeadLetterDetail } from '@/server/contracts/dead-letter-list';
import { dlqKeys } from './dlq-keys';

/** GET /api/dead-letters/{id}: one letter, whole, masked for the caller. */
export function getDeadLetter(id: string, signal?: AbortSignal): Promise<DeadLetterDetail> {
  return apiGet(`/api/dead-letters/${encodeURIComponent(id)}`, DeadLetterDetail, { signal });
}

export function deadLetterQueryOptions(id: string) {
  return queryOptions({
    queryKey: dlqKeys.detail(id),
    queryFn: ({ signal }) => getDeadLetter(id, signal),
  });
}

/** `null`: nothing open (the query stays idle). */
export function useDeadLetter(id: string | null) {
  return useQuery({ ...deadLetterQueryOptions(id ?? ''), enabled: id !== null });
}
