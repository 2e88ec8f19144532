/**
 * Real users of a running app (server/app.ts), for tests that talk to it over HTTP and socket.io: a
 * user of a role with an API token, or with a session cookie from better-auth's own sign-in.
 */
import type { Db } from '@/db/client';
import type { Role } from '@/server/access/roles';
import { appContext } from '@/server/http/context';
import { createToken } from '@/server/services/tokens';
import { createUser } from '@/server/services/users';

export interface AppUser {
  userId: string;
  email: string;
  password: string;
  role: Role;
  /** An API token's secret (for `auth.token` or `Authorization: Bearer`). */
  token: string;
  tokenId: string;
}

let serial = 0;

export async function appUser(db: Db, role: Role, label: string = role): Promise<AppUser> {
  const { auth } = appContext();
  const email = `${label}-${process.pid}-${++serial}-${Date.now()}@test.eventlens`;
  const password = `pw-${email}`;
  const { id } = await createUser({ db, auth, caller: null }, { email, password, role });
  const token = await createToken(
    { db, caller: { kind: 'user', userId: id, name: email, role } },
    { name: `${label} token`, role },
  );
  return { userId: id, email, password, role, token: token.secret, tokenId: token.id };
}

/** A session cookie (`name=value`) from better-auth's email sign-in. */
export async function sessionCookie(user: Pick<AppUser, 'email' | 'password'>): Promise<string> {
  const response = await appContext().auth.api.signInEmail({
    body: { email: user.email, password: user.password },
    asResponse: true,
  });
  const cookie = response.headers
    .getSetCookie()
    .find((c) => /^(__Secure-)?eventlens\.session_token=/.test(c));
  if (!cookie) throw new Error(`sign-in gave no session cookie (status ${response.status})`);
  return cookie.split(';')[0]!;
}
