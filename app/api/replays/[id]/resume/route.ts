import { ReplayIdParams, ReplayJob } from '@/server/contracts/replays';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { resumeReplay } from '@/server/services/replays-control';

export const dynamic = 'force-dynamic';

export const POST = route(
  { auth: 'events:act', summary: 'Resume a paused replay job', params: ReplayIdParams, response: ReplayJob },
  async ({ ctx, caller, params, request }) =>
    resumeReplay({ db: ctx.db, caller: caller!, ip: clientIp(request.headers) }, { id: params.id }),
);
