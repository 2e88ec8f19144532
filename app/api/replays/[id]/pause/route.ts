import { ReplayIdParams, ReplayJob } from '@/server/contracts/replays';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { pauseReplay } from '@/server/services/replays-control';

export const dynamic = 'force-dynamic';

export const POST = route(
  {
    auth: 'events:act',
    summary: 'Pause a replay job (it stops after the letters in flight)',
    params: ReplayIdParams,
    response: ReplayJob,
  },
  async ({ ctx, caller, params, request }) =>
    pauseReplay({ db: ctx.db, caller: caller!, ip: clientIp(request.headers) }, { id: params.id }),
);
