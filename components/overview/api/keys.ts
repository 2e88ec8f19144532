import type { MetricRange } from '@/server/contracts/metrics';
import type { BreakdownMetric } from '@/server/contracts/metrics-breakdown';

/** Query keys of the Overview's reads; invalidate through `.all`. */
export const overviewKeys = {
  all: ['overview'] as const,
  current: () => [...overviewKeys.all, 'current'] as const,
};

export const metricsKeys = {
  all: ['metrics'] as const,
  breakdown: (metric: BreakdownMetric, range: MetricRange) =>
    [...metricsKeys.all, 'breakdown', { metric, range }] as const,
};
