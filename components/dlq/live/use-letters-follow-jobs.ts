import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ReplayJob } from '@/server/contracts/replays';
import { dlqKeys } from '../api/dlq-keys';

/**
 * A replay job that moves changes its letters' status: whenever the jobs' progress changes (from a
 * socket frame or a poll), the letter lists refetch, at most once every `minGapMs`.
 */
export function useLettersFollowJobs(jobs: readonly ReplayJob[] | undefined, minGapMs = 2_000): void {
  const queryClient = useQueryClient();
  const seen = useRef<string | null>(null);
  const lastAt = useRef(0);
  const signature = jobs?.map((job) => `${job.id}:${job.state}:${job.replayed}`).join('|') ?? null;
  useEffect(() => {
    if (signature === null) return;
    const previous = seen.current;
    seen.current = signature;
    if (previous === null || previous === signature) return;
    const now = Date.now();
    const settled = jobs?.some((job) => !['queued', 'running', 'paused'].includes(job.state));
    if (now - lastAt.current < minGapMs && !settled) return;
    lastAt.current = now;
    void queryClient.invalidateQueries({ queryKey: dlqKeys.all });
  }, [signature, jobs, minGapMs, queryClient]);
}
