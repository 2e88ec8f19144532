import { Overview } from '@/server/contracts/overview';
import { route } from '@/server/http/route';
import { getOverview } from '@/server/queries/overview';
import { readBusState } from '@/server/services/bus-state';

export const dynamic = 'force-dynamic';

/** Rates, error rate, dead letters, worst lag and unhealthy consumers in one read. */
export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'Rates, error rate, dead letters, worst lag, unhealthy consumers',
    response: Overview,
  },
  async ({ ctx }) => getOverview(ctx.db, await readBusState(ctx)),
);
