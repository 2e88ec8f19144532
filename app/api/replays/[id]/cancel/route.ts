import { ReplayIdParams, ReplayJob } from '@/server/contracts/replays';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { cancelReplay } from '@/server/services/replays-control';

export const dynamic = 'force-dynamic';

export const POST = route(
  {
    auth: 'events:act',
    summary: 'Cancel a replay job; its letters not replayed yet are free again',
    params: ReplayIdParams,
    response: ReplayJob,
  },
  async ({ ctx, caller, params, request }) =>
    cancelReplay({ db: ctx.db, caller: caller!, ip: clientIp(request.headers) }, { id: params.id }),
);
