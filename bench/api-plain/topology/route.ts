import { z } from 'zod';
import { getTopology } from '@/server/queries/topology';
import { readBusState } from '@/server/services/bus-state';
import { appContext, plainJson } from '../plain';

/** app/api/topology/route.ts without route() (see ../plain.ts); the graph has no payloads to mask. */
export const GET = (request: Request): Promise<Response> =>
  plainJson(request, z.object({}), async () => {
    const ctx = appContext();
    return getTopology(ctx.db, await readBusState(ctx));
  });
