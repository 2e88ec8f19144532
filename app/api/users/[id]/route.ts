import { UserIdParams, UserRoleRequest } from '@/server/contracts/users';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { deleteUser, setUserRole } from '@/server/services/users';

export const dynamic = 'force-dynamic';

/** Sets a user's role; this process asks the store again on their next request, sockets follow within 2 s. */
export const PATCH = route(
  {
    auth: 'admin:manage',
    summary: "Change a user's role",
    params: UserIdParams,
    body: UserRoleRequest,
    responseType: 'application/json (the user)',
  },
  async ({ ctx, caller, params, body, request }) => {
    const user = await setUserRole(
      { db: ctx.db, auth: ctx.auth, caller, ip: clientIp(request.headers) },
      { id: params.id, role: body.role },
    );
    ctx.authenticate.refresh({ userId: params.id });
    return user;
  },
);

/** Deletes a user with their sessions and tokens; this process stops trusting them at once. */
export const DELETE = route(
  {
    auth: 'admin:manage',
    summary: 'Delete a user, their sessions and tokens',
    params: UserIdParams,
    responseType: '204 No Content',
  },
  async ({ ctx, caller, params, request }) => {
    await deleteUser(
      { db: ctx.db, auth: ctx.auth, caller, ip: clientIp(request.headers) },
      { id: params.id },
    );
    ctx.authenticate.forget({ userId: params.id });
    return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  },
);
