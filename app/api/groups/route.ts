import { GroupsQuery, GroupsResponse, isRecorderGroupName } from '@/server/contracts/groups';
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
  async ({ ctx, query }) => {
    const groups = await getGroups(
      ctx.db,
      await readGroupInspections(ctx, {
        topics: query.topic,
        groups: query.group,
        stuckAfterMs: query.stuckAfterMs,
        sample: query.sample,
      }),
      query,
    );
    // other EventLens deployments' recorders on this Redis are EventLens' too, not the application's
    const recorders = groups.groups.map((g) => g.name).filter(isRecorderGroupName);
    return { ...groups, internalGroups: [...new Set([...ctx.internalGroups, ...recorders])] };
  },
);
