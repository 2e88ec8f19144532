import { useMemo } from 'react';
import type { MetricRange } from '@/server/contracts/metrics';
import { useMetricsBreakdown } from './api/get-metrics-breakdown';
import { firstRecordedStep } from './shape/visible-window';

/**
 * When recording began inside the range (the first step anything was published in), or null. Read
 * from the throughput query every chart of the page shares, so all their axes start at the same time.
 */
export function useRecordedSince(range: MetricRange): number | null {
  const { data } = useMetricsBreakdown('published', range);
  return useMemo(() => (data ? firstRecordedStep(data) : null), [data]);
}
