import { useMutation } from '@tanstack/react-query';
import { apiSend } from '@/components/lib/api-send';
import { ReplayPlan, type ReplayRequest } from '@/server/contracts/replays';

/**
 * POST /api/replays with `dryRun`: what the replay would do, and the `previewId` that freezes its
 * letters. A mutation, not a query: each preview is a new snapshot the job then acts on.
 */
export async function previewReplay(
  request: Omit<ReplayRequest, 'dryRun' | 'previewId'>,
): Promise<ReplayPlan> {
  return (await apiSend('POST', '/api/replays', { ...request, dryRun: true }, ReplayPlan))!;
}

export function usePreviewReplay() {
  return useMutation({ mutationFn: previewReplay });
}
