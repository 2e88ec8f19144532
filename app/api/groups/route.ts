import { GroupsQuery, GroupsResponse } from '@/server/contracts/groups';
import { route } from '@/server/http/route';
import { getGroups } from '@/server/queries/groups';
import { readGroupInspections } from '@/server/services/bus-state';

export const dynamic = 'force-dynamic';

/** Consumer groups: lag, pending, consumers, pending-entry distributions, stuck entries, rates. */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Consumer groups with lag, pending entries and rates',
    query: GroupsQuery,
    response: GroupsResponse,
  },
  async ({ ctx, query }) => ({
    ...(await getGroups(
      ctx.db,
      await readGroupInspections(ctx, {
        topics: query.topic,
        groups: query.group,
        stuckAfterMs: query.stuckAfterMs,
        sample: query.sample,
      }),
      query,
    )),
    internalGroups: [...ctx.internalGroups],
  }),
);
