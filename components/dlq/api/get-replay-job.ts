import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { ReplayJob } from '@/server/contracts/replays';
import { replayKeys } from './dlq-keys';

/** GET /api/replays/{id}: one job's state and progress. */
export function getReplayJob(id: string, signal?: AbortSignal): Promise<ReplayJob> {
  return apiGet(`/api/replays/${encodeURIComponent(id)}`, ReplayJob, { signal });
}

export function replayJobQueryOptions(id: string) {
  return queryOptions({ queryKey: replayKeys.detail(id), queryFn: ({ signal }) => getReplayJob(id, signal) });
}

export function useReplayJob(id: string | null) {
  return useQuery({ ...replayJobQueryOptions(id ?? ''), enabled: id !== null });
}
