import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { nothingSeen } from '@/components/lib/nothing-seen';
import { Overview } from '@/server/contracts/overview';

/** What has been recorded so far, for pages that are not built yet and must not claim "nothing yet". */
export interface Recorded {
  /** False before any topic, group, service, event or dead letter was seen: the demo hint helps. */
  anything: boolean;
  /** Recorded dead letters awaiting an operator. */
  deadLetters: number;
  /** Entries in the dead-letter streams now; null when Redis could not be read. */
  deadLettersInStreams: number | null;
}

export const recordedKeys = {
  all: ['recorded'] as const,
  current: () => [...recordedKeys.all, 'current'] as const,
};

/** GET /api/overview, the same figures the Overview's tiles show, boiled down to what was recorded. */
export async function getRecorded(signal?: AbortSignal): Promise<Recorded> {
  const overview = await apiGet('/api/overview', Overview, { signal });
  return {
    anything: !nothingSeen(overview),
    deadLetters: overview.deadLetters.pending,
    deadLettersInStreams: overview.deadLetters.inStreams,
  };
}

export function recordedQueryOptions() {
  return queryOptions({
    queryKey: recordedKeys.current(),
    queryFn: ({ signal }) => getRecorded(signal),
    // no live room feeds this: a slow poll keeps a count on an open page from going stale
    refetchInterval: 30_000,
  });
}

export function useRecorded() {
  return useQuery(recordedQueryOptions());
}
