import { MetricsBreakdown, MetricsBreakdownQuery } from '@/server/contracts/metrics-breakdown';
import { route } from '@/server/http/route';
import { getMetricsBreakdown } from '@/server/queries/metrics-breakdown';

export const dynamic = 'force-dynamic';

/** One counter (`metric=published|handled|failed|retried|deadLettered|lag`) per topic or group over `range`. */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'One counter per topic or group over a range',
    query: MetricsBreakdownQuery,
    response: MetricsBreakdown,
  },
  ({ ctx, query }) => getMetricsBreakdown(ctx.db, query),
);
