import { MetricsBreakdownQuery } from '@/server/contracts/metrics-breakdown';
import { route } from '@/server/http/route';
import { getMetricsBreakdown } from '@/server/queries/metrics-breakdown';

export const dynamic = 'force-dynamic';

/** One counter (`metric=published|handled|failed|retried|deadLettered|lag`) per topic or group over `range`. */
export const GET = route({ auth: 'metadata:read', query: MetricsBreakdownQuery }, ({ ctx, query }) =>
  getMetricsBreakdown(ctx.db, query),
);
