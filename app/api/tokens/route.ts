import { CreatedToken, NewTokenRequest, TokenListQuery, TokenList } from '@/server/contracts/tokens';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { createToken, findToken, listTokens } from '@/server/services/tokens';

export const dynamic = 'force-dynamic';

const DAY_MS = 86_400_000;

/** The caller's API tokens; an admin's `?all=1` lists everyone's. Never a secret. */
export const GET = route(
  {
    auth: 'self:manage',
    response: TokenList,
    summary: "API tokens (own; everyone's for admins with all=1)",
    query: TokenListQuery,
  },
  async ({ ctx, caller, query }): Promise<TokenList> => ({
    tokens: await listTokens({ db: ctx.db, caller: caller! }, { all: query.all === '1' }),
  }),
);

/** A new token for the caller, no higher than the caller's role: its secret is in this answer only. */
export const POST = route(
  {
    auth: 'self:manage',
    summary: 'Create an API token (the secret is shown once)',
    body: NewTokenRequest,
    response: CreatedToken,
  },
  async ({ ctx, caller, body, request }) => {
    const created = await createToken(
      { db: ctx.db, caller: caller!, ip: clientIp(request.headers) },
      {
        name: body.name,
        role: body.role,
        expiresAt: body.expiresInDays ? new Date(Date.now() + body.expiresInDays * DAY_MS) : null,
      },
    );
    const token = await findToken(ctx.db, created.id);
    return Response.json(CreatedToken.parse({ token, secret: created.secret }), {
      status: 201,
      headers: { 'cache-control': 'no-store' },
    });
  },
);
