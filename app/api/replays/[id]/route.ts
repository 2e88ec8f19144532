import { ReplayIdParams, ReplayJob } from '@/server/contracts/replays';
import { route } from '@/server/http/route';
import { getReplay } from '@/server/services/replays-read';

export const dynamic = 'force-dynamic';

export const GET = route(
  {
    auth: 'metadata:read',
    summary: 'One replay job and its progress',
    params: ReplayIdParams,
    response: ReplayJob,
  },
  async ({ ctx, params }) => getReplay(ctx.db, params.id),
);
