import { MetricsQuery, MetricsSeries } from '@/server/contracts/metrics';
import { route } from '@/server/http/route';
import { getMetricsSeries } from '@/server/queries/metrics';
import { readGroupLag } from '@/server/services/bus-state';

export const dynamic = 'force-dynamic';

/**
 * A metrics series (`series=all|topic:<t>|group:<t>/<g>`) over `range=15m|1h|24h|7d`. A group's
 * newest lag point is the lag Redis reports now, the figure its lag model gives.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'A metrics series over a range',
    query: MetricsQuery,
    response: MetricsSeries,
  },
  async ({ ctx, query }) => {
    const { series } = query;
    const lagNow = series.kind === 'group' ? await readGroupLag(ctx, series.topic, series.group) : null;
    return getMetricsSeries(ctx.db, query, new Date(), lagNow);
  },
);
