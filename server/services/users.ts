import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import type { Role } from '@/server/access/roles';
import type { Auth } from '@/server/auth/better-auth';
import { recordAudit } from './audit';

export interface NewUser {
  email: string;
  name?: string;
  /** Absent for accounts that sign in only through OpenID Connect. */
  password?: string;
  role: Role;
}

export interface UsersContext {
  db: Db;
  auth: Auth;
  caller: Principal | null;
}

/** Creates an account with its password credential, and its audit row. */
export async function createUser(ctx: UsersContext, input: NewUser): Promise<{ id: string }> {
  const internal = (await ctx.auth.$context).internalAdapter;
  const hasher = (await ctx.auth.$context).password;
  const user = await internal.createUser({
    email: input.email.toLowerCase(),
    name: input.name ?? input.email,
    emailVerified: true,
    role: input.role,
  }, { method: 'admin' });
  if (input.password) {
    await internal.linkAccount({
      userId: user.id,
      providerId: 'credential',
      accountId: user.id,
      password: await hasher.hash(input.password),
    });
  }
  await recordAudit(ctx.db, {
    actor: ctx.caller,
    action: 'user.create',
    targets: [user.id],
    parameters: { email: input.email, role: input.role, password: input.password ? 'set' : 'none' },
    result: 'ok',
  });
  return { id: user.id };
}

export const userCount = async (db: Db): Promise<number> =>
  Number((await db.select({ n: count() }).from(users))[0]?.n ?? 0);

export type FirstAdmin =
  | { kind: 'exists' }
  | { kind: 'created'; email: string }
  | { kind: 'setup-needed' };

/**
 * The first admin, from EVENTLENS_ADMIN_EMAIL and EVENTLENS_ADMIN_PASSWORD when no user exists yet (as
 * Grafana, RabbitMQ and Keycloak do). Never a fixed default password: without them, setup is needed.
 */
export async function ensureFirstAdmin(
  ctx: Omit<UsersContext, 'caller'>,
  admin: { email?: string | undefined; password?: string | undefined },
): Promise<FirstAdmin> {
  if ((await userCount(ctx.db)) > 0) return { kind: 'exists' };
  if (!admin.email || !admin.password) return { kind: 'setup-needed' };
  await createUser({ ...ctx, caller: null }, { email: admin.email, password: admin.password, role: 'admin' });
  return { kind: 'created', email: admin.email };
}

const DEMO_EMAIL = 'demo@eventlens.local';

/** Demo mode's admin (no password: it cannot sign in; demo mode acts as it on loopback only). */
export async function demoPrincipal(ctx: Omit<UsersContext, 'caller'>): Promise<Principal> {
  let [row] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_EMAIL));
  if (!row) {
    const created = await createUser({ ...ctx, caller: null }, { email: DEMO_EMAIL, name: 'Demo admin', role: 'admin' });
    row = { id: created.id };
  }
  return { kind: 'demo', userId: row.id, name: 'demo admin', role: 'admin' };
}

/** A random password for test and demo accounts nobody types. */
export const throwawayPassword = (): string => randomBytes(18).toString('base64url');
