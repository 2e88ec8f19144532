import { EventPage, EventsQuery } from '@/server/contracts/events';
import { route } from '@/server/http/route';
import { searchEvents } from '@/server/queries/events';

export const dynamic = 'force-dynamic';

/** Recorded events, newest first, filtered and keyset-paginated. See docs/api-guide.md. */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Recorded events, filtered and paginated',
    query: EventsQuery,
    response: EventPage,
  },
  ({ ctx, query }) => searchEvents(ctx.db, query),
);
