import { Topology } from '@/server/contracts/topology';
import { route } from '@/server/http/route';
import { getTopology } from '@/server/queries/topology';
import { readBusState } from '@/server/services/bus-state';

export const dynamic = 'force-dynamic';

/** The flow graph with last-minute rates; served from the store alone when Redis is away. */
export const GET = route(
  { auth: 'metadata:read', summary: 'The flow graph with last-minute rates', response: Topology },
  async ({ ctx }) => getTopology(ctx.db, await readBusState(ctx)),
);
