import { TokenIdParams } from '@/server/contracts/tokens';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { revokeToken } from '@/server/services/tokens';

export const dynamic = 'force-dynamic';

/** Revokes a token (the caller's own; any for an admin). It stops working within the auth cache's 2 s. */
export const DELETE = route(
  {
    auth: 'self:manage',
    summary: 'Revoke an API token',
    params: TokenIdParams,
    responseType: '204 No Content',
  },
  async ({ ctx, caller, params, request }) =>
    revokeToken({ db: ctx.db, caller: caller!, ip: clientIp(request.headers) }, { id: params.id }),
);
