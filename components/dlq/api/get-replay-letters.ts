import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiGet } from '@/components/lib/api-client';
import { ReplayLetterPage } from '@/server/contracts/replays';
import { replayKeys } from './dlq-keys';

/** Failed-again letters listed per job: enough to open them, the rest is a filter on the page. */
const LIMIT = 100;

/** GET /api/replays/{id}/letters?state=failed-again: the letters that failed again, with their new letter. */
export function getFailedAgain(jobId: string, signal?: AbortSignal): Promise<ReplayLetterPage> {
  return apiGet(
    `/api/replays/${encodeURIComponent(jobId)}/letters?state=failed-again&limit=${LIMIT}`,
    ReplayLetterPage,
    { signal },
  );
}

export function failedAgainQueryOptions(jobId: string, failedAgain: number) {
  return queryOptions({
    // the count in the key: a new failure refetches the list
    queryKey: [...replayKeys.letters(jobId), 'failed-again', failedAgain] as const,
    queryFn: ({ signal }) => getFailedAgain(jobId, signal),
  });
}

export function useFailedAgain(jobId: string, failedAgain: number, enabled: boolean) {
  return useQuery({ ...failedAgainQueryOptions(jobId, failedAgain), enabled });
}
