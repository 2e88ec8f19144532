import { route } from '@/server/http/route';

export const dynamic = 'force-dynamic';

export const GET = route({}, async ({ ctx }) => {
  const health = await ctx.health();
  return Response.json(health, {
    status: health.status === 'unhealthy' ? 503 : 200,
    headers: { 'cache-control': 'no-store' },
  });
});
