import { TraceCompareQuery, TraceComparison } from '@/server/contracts/traces';
import { route } from '@/server/http/route';
import { getTraceComparison } from '@/server/queries/traces/get-comparison';

export const dynamic = 'force-dynamic';

/**
 * Two traces of the same root type hop by hop, matched by their path of event types from the root,
 * with the hops that exist on one side only or took much longer marked; 400 when the root types
 * differ, 404 naming a trace that does not exist. See docs/api-guide.md.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Two traces of the same root type compared hop by hop',
    query: TraceCompareQuery,
    response: TraceComparison,
  },
  async ({ ctx, query }) => getTraceComparison(ctx.db, query.a, query.b),
);
