import { ReplayIdParams, ReplayJob } from '@/server/contracts/replays';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { approveReplay } from '@/server/services/replays-control';

export const dynamic = 'force-dynamic';

export const POST = route(
  {
    auth: 'admin:manage',
    summary: 'Approve a replay job (a second admin: never its creator)',
    params: ReplayIdParams,
    response: ReplayJob,
  },
  async ({ ctx, caller, params, request }) =>
    approveReplay({ db: ctx.db, caller: caller!, ip: clientIp(request.headers) }, { id: params.id }),
);
