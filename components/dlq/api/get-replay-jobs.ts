import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { ReplayJobPage } from '@/server/contracts/replays';
import { replayKeys } from './dlq-keys';

/** GET /api/replays: the newest replay jobs, any state (live ones are kept fresh by `replay:progress`). */
export function getReplayJobs(signal?: AbortSignal): Promise<ReplayJobPage> {
  return apiGet('/api/replays?limit=50', ReplayJobPage, { signal });
}

export function replayJobsQueryOptions() {
  return queryOptions({ queryKey: replayKeys.lists(), queryFn: ({ signal }) => getReplayJobs(signal) });
}

export function useReplayJobs() {
  return useQuery(replayJobsQueryOptions());
}
