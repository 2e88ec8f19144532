import { checkingCursor } from '@/server/contracts/cursor';
import { decodeTraceSearchCursor } from '@/server/contracts/trace-cursor';
import { TracePage, TraceSearchQuery } from '@/server/contracts/traces';
import { route } from '@/server/http/route';
import { searchTraces } from '@/server/queries/traces/search';

export const dynamic = 'force-dynamic';

/**
 * Traces with recent activity, newest first, filtered (root type, service, topic, time, has failures /
 * dead letters / replays, minimum events and duration). A bounded scan: `searched` says which window
 * this page covered and `nextCursor` continues further back. See docs/api-guide.md.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Trace search: correlation chains with recent activity, filtered and paginated',
    query: checkingCursor(TraceSearchQuery, decodeTraceSearchCursor),
    response: TracePage,
  },
  async ({ ctx, query }) => searchTraces(ctx.db, query),
);
