import { NewUserRequest, UserList, UserRow } from '@/server/contracts/users';
import { clientIp } from '@/server/http/client-ip';
import { route } from '@/server/http/route';
import { addUser, listUsers } from '@/server/services/users';

export const dynamic = 'force-dynamic';

export const GET = route(
  { auth: 'admin:manage', summary: 'Every user account', response: UserList },
  async ({ ctx }): Promise<UserList> => ({ users: await listUsers(ctx.db) }),
);

/** An account with an initial password (no self sign-up: admins create accounts). */
export const POST = route(
  {
    auth: 'admin:manage',
    summary: 'Create a user with an initial password',
    body: NewUserRequest,
    response: UserRow,
  },
  async ({ ctx, caller, body, request }) => {
    const user = await addUser({ db: ctx.db, auth: ctx.auth, caller, ip: clientIp(request.headers) }, body);
    return Response.json(user, { status: 201, headers: { 'cache-control': 'no-store' } });
  },
);
