import { EventsQuery } from '@/server/contracts/events';
import { searchEvents } from '@/server/queries/events';
import { appContext, plainJson } from '../plain';

/** app/api/events/route.ts without route(), the rules and the presenter (see ../plain.ts). */
export const GET = (request: Request): Promise<Response> =>
  plainJson(request, EventsQuery, (query) => searchEvents(appContext().db, query));
