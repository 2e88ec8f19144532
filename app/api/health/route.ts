import { Health } from '@/server/contracts/health';
import { route } from '@/server/http/route';

export const dynamic = 'force-dynamic';

/** Public for load balancers: without credentials only `{status}`; signed in, the whole report. */
export const GET = route(
  { auth: 'public', summary: 'Redis and store health ({status} only without credentials)', response: Health },
  async ({ ctx, caller }) => {
    const health = await ctx.health();
    const init = {
      status: health.status === 'unhealthy' ? 503 : 200,
      headers: { 'cache-control': 'no-store' },
    };
    return Response.json(caller ? health : { status: health.status }, init);
  },
);
