import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { ReplayJobPage } from '@/server/contracts/replays';
import { progressIsLive } from '../live/use-replay-progress';
import { replayKeys } from './dlq-keys';

/** GET /api/replays: the newest replay jobs, any state (live ones are kept fresh by `replay:progress`). */
export function getReplayJobs(signal?: AbortSignal): Promise<ReplayJobPage> {
  return apiGet('/api/replays?limit=50', ReplayJobPage, { signal });
}

const LIVE_STATES = new Set(['queued', 'running', 'paused']);
const POLL_MS = 2_000;

export function replayJobsQueryOptions() {
  return queryOptions({
    queryKey: replayKeys.lists(),
    queryFn: ({ signal }) => getReplayJobs(signal),
    // `replay:progress` keeps running jobs fresh; while no frame arrives (socket down, or a server
    // without the relay) a running job is polled so its progress still moves
    refetchInterval: (query) =>
      query.state.data?.items.some((job) => LIVE_STATES.has(job.state)) && !progressIsLive(POLL_MS * 2)
        ? POLL_MS
        : false,
  });
}

export function useReplayJobs() {
  return useQuery(replayJobsQueryOptions());
}
