import { StreamsQuery, StreamsResponse } from '@/server/contracts/streams';
import { route } from '@/server/http/route';
import { getStreams } from '@/server/queries/streams';
import { readStreamStates } from '@/server/services/bus-state';

export const dynamic = 'force-dynamic';

/** Each topic's stream (length, first/last id, retention, dead letters) and its publish rate. */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: "Each topic's stream and its publish rate",
    query: StreamsQuery,
    response: StreamsResponse,
  },
  async ({ ctx, query }) => getStreams(ctx.db, await readStreamStates(ctx, { topics: query.topic })),
);
