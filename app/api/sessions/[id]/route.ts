import { z } from 'zod';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { revokeSession } from '@/server/services/sessions';

export const dynamic = 'force-dynamic';

/** Revokes one of the caller's sessions (204); another user's is 404. */
export const DELETE = route(
  {
    auth: 'self:manage',
    summary: 'Revoke one of your sessions',
    responseType: '204 No Content',
    params: z.object({ id: z.string().min(1).max(200) }),
  },
  async ({ ctx, caller, params, request }) => {
    await revokeSession({ db: ctx.db, caller: caller!, ip: clientIp(request.headers) }, { id: params.id });
    ctx.authenticate.forget({ sessionId: params.id });
    return new Response(null, { status: 204 });
  },
);
