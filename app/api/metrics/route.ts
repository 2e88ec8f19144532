import { MetricsQuery } from '@/server/contracts/metrics';
import { route } from '@/server/http/route';
import { getMetricsSeries } from '@/server/queries/metrics';

export const dynamic = 'force-dynamic';

/** A metrics series (`series=all|topic:<t>|group:<t>/<g>`) over `range=15m|1h|24h|7d`. */
export const GET = route({ query: MetricsQuery }, ({ ctx, query }) => getMetricsSeries(ctx.db, query));
