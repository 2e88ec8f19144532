import { presentProjectionList } from '@/server/access/present-projection';
import { ProjectionList } from '@/server/contracts/projections';
import { route } from '@/server/http/route';
import { readProjections } from '@/server/services/projections-read';

export const dynamic = 'force-dynamic';

/**
 * Every projection registered under the prefix, from Redis: status (running, paused, rebuilding,
 * stalled), position and lag per topic in entries and in time, rate, counters, the last error, the
 * latest rebuild, the building generation's progress and the processes running it.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Projections with their status, positions, lag, rate, errors and processes',
    response: ProjectionList,
  },
  async ({ ctx, caller }) => presentProjectionList(caller!, await readProjections(ctx)),
);
