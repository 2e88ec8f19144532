import { presentAggregateHistory } from '@/server/access/present-aggregate';
import { AggregateDetail, AggregateHistoryQuery, AggregateParams } from '@/server/contracts/aggregates';
import { route } from '@/server/http/route';
import { readAggregateHistory } from '@/server/services/aggregate-history';
import { maskingRulesFor } from '@/server/services/masking';

export const dynamic = 'force-dynamic';

/**
 * One aggregate's history around version `at` (default the latest; at most 200 versions), the state
 * at `at` and, per event, the state it left and what it changed. States come from a live process that
 * defines the type; without one the events alone, and `statesNote` says so. Masked for the caller.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: "One aggregate's history with its state per version (time travel) and each event's diff",
    params: AggregateParams,
    query: AggregateHistoryQuery,
    response: AggregateDetail,
  },
  async ({ ctx, caller, params, query }) => {
    const [rules, history] = await Promise.all([
      maskingRulesFor(ctx.db),
      readAggregateHistory(
        { redis: ctx.redis, keys: ctx.keys, inspector: ctx.aggregateInspector },
        params.type,
        params.id,
        query.at,
      ),
    ]);
    return presentAggregateHistory(caller!, rules, history);
  },
);
