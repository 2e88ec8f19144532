import { DeadLetterGroups, DeadLetterGroupsQuery } from '@/server/contracts/dead-letter-list';
import { route } from '@/server/http/route';
import { groupDeadLetters } from '@/server/queries/dead-letter-groups';
import { whereFromQuery } from '@/server/queries/dead-letter-filter';

export const dynamic = 'force-dynamic';

/** Dead letters grouped by failure fingerprint, most letters first, with a trend over the window. */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Dead letters grouped by failure fingerprint',
    query: DeadLetterGroupsQuery,
    response: DeadLetterGroups,
  },
  async ({ ctx, query }) => groupDeadLetters(ctx.db, whereFromQuery(query), Date.now(), query.limit),
);
