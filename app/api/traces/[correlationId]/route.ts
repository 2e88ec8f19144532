import { presentTraceDetail } from '@/server/access/present-trace';
import { checkingCursor } from '@/server/contracts/cursor';
import { decodeTracePageCursor } from '@/server/contracts/trace-cursor';
import { TraceDetail, TraceDetailQuery, TraceParams } from '@/server/contracts/traces';
import { route } from '@/server/http/route';
import { getTrace } from '@/server/queries/traces/get-trace';
import { maskingRulesFor } from '@/server/services/masking';

export const dynamic = 'force-dynamic';

/**
 * One correlation id's events as a causation tree (a page of rows), with every consumer group's
 * deliveries, the dead letters and replays, the critical path and warnings where the tree is partial;
 * payload previews masked for the caller as in the events list. See docs/api-guide.md.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: "One trace: a correlation id's causation tree with deliveries, dead letters and replays",
    params: TraceParams,
    query: checkingCursor(TraceDetailQuery, decodeTracePageCursor),
    response: TraceDetail,
  },
  async ({ ctx, caller, params, query }) => {
    const [rules, detail] = await Promise.all([
      maskingRulesFor(ctx.db),
      getTrace(ctx.db, params.correlationId, { cursor: query.cursor, limit: query.limit }),
    ]);
    return presentTraceDetail(caller!, rules, detail);
  },
);
