import { DeadLetterListQuery, DeadLetterPage } from '@/server/contracts/dead-letter-list';
import { checkingCursor } from '@/server/contracts/cursor';
import { route } from '@/server/http/route';
import { deadLetterCursor } from '@/server/queries/dead-letter-cursor';
import { whereFromQuery } from '@/server/queries/dead-letter-filter';
import { listDeadLetters } from '@/server/queries/dead-letters';

export const dynamic = 'force-dynamic';

/** A cursor this list did not issue is a 400 on `query.cursor`, like any other bad parameter. */
const ListQuery = checkingCursor(DeadLetterListQuery, deadLetterCursor.decode);

/**
 * Dead letters, newest last failure first, filtered (pending unless `status` says otherwise; `all` for
 * any) and keyset-paginated. Rows carry metadata and the error only, no payload.
 */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Dead letters, filtered and paginated',
    query: ListQuery,
    response: DeadLetterPage,
  },
  async ({ ctx, query }) =>
    listDeadLetters(ctx.db, whereFromQuery(query), {
      ...(query.limit !== undefined ? { limit: query.limit } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    }),
);
