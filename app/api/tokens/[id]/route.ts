import { TokenIdParams } from '@/server/contracts/tokens';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { revokeToken } from '@/server/services/tokens';

export const dynamic = 'force-dynamic';

/** Revokes a token (the caller's own; any for an admin). This process refuses it from the next request. */
export const DELETE = route(
  {
    auth: 'self:manage',
    summary: 'Revoke an API token',
    params: TokenIdParams,
    responseType: '204 No Content',
  },
  async ({ ctx, caller, params, request }) => {
    const row = await revokeToken(
      { db: ctx.db, caller: caller!, ip: clientIp(request.headers) },
      { id: params.id },
    );
    ctx.authenticate.forget({ tokenId: params.id });
    return row;
  },
);
