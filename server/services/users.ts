import { randomBytes } from 'node:crypto';
import { asc, count, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { apiTokens, sessions, users } from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import type { Role } from '@/server/access/roles';
import type { UserRow } from '@/server/contracts/users';
import type { Auth } from '@/server/auth/better-auth';
import { recordAudit, type SystemActor } from './audit';

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
  /** Who asks; the server itself when it acts on its configuration; null for an anonymous caller. */
  caller: Principal | SystemActor | null;
  ip?: string | null;
}

export class UserNotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  constructor(id: string) {
    super(`no user ${id}`);
    this.name = 'UserNotFoundError';
  }
}

export class UserConflictError extends Error {
  readonly code = 'CONFLICT';
  constructor(message: string) {
    super(message);
    this.name = 'UserConflictError';
  }
}

/** Creates an account with its password credential, and its audit row. */
export async function createUser(ctx: UsersContext, input: NewUser): Promise<{ id: string }> {
  const internal = (await ctx.auth.$context).internalAdapter;
  const hasher = (await ctx.auth.$context).password;
  const user = await internal.createUser(
    {
      email: input.email.toLowerCase(),
      name: input.name ?? input.email,
      emailVerified: true,
      role: input.role,
    },
    { method: 'admin' },
  );
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
    parameters: { email: input.email, role: input.role, credential: input.password ? 'password' : 'none' },
    result: 'ok',
    ip: ctx.ip ?? null,
  });
  return { id: user.id };
}

export const userCount = async (db: Db): Promise<number> =>
  Number((await db.select({ n: count() }).from(users))[0]?.n ?? 0);

export type FirstAdmin = { kind: 'exists' } | { kind: 'created'; email: string } | { kind: 'setup-needed' };

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
  await createUser(
    { ...ctx, caller: { kind: 'system', name: 'EVENTLENS_ADMIN_EMAIL' } },
    { email: admin.email, password: admin.password, role: 'admin' },
  );
  return { kind: 'created', email: admin.email };
}

const DEMO_EMAIL = 'demo@eventlens.local';

/** Demo mode's admin (no password: it cannot sign in; demo mode acts as it on loopback only). */
export async function demoPrincipal(ctx: Omit<UsersContext, 'caller'>): Promise<Principal> {
  let [row] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, DEMO_EMAIL));
  if (!row) {
    const created = await createUser(
      { ...ctx, caller: { kind: 'system', name: 'demo mode' } },
      { email: DEMO_EMAIL, name: 'Demo admin', role: 'admin' },
    );
    row = { id: created.id };
  }
  return { kind: 'demo', userId: row.id, name: 'demo admin', role: 'admin' };
}

/** A random password for test and demo accounts nobody types. */
export const throwawayPassword = (): string => randomBytes(18).toString('base64url');

const toUserRow = (r: { id: string; email: string; name: string; role: Role; createdAt: Date }): UserRow => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
});

const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  createdAt: users.createdAt,
};

/** Every account, oldest first. */
export async function listUsers(db: Db): Promise<UserRow[]> {
  return (await db.select(userColumns).from(users).orderBy(asc(users.createdAt), asc(users.email))).map(
    toUserRow,
  );
}

/** An admin creates an account with an initial password; the email must be new. */
export async function addUser(ctx: UsersContext, input: NewUser): Promise<UserRow> {
  const email = input.email.toLowerCase();
  const [taken] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (taken) throw new UserConflictError(`a user with the email ${email} exists already`);
  const { id } = await createUser(ctx, { ...input, email });
  const [row] = await ctx.db.select(userColumns).from(users).where(eq(users.id, id));
  if (!row) throw new UserNotFoundError(id);
  return toUserRow(row);
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The admins, locked until the transaction ends: two admins demoting each other cannot both win. */
async function lockedAdmins(tx: Tx): Promise<string[]> {
  const rows = await tx.select({ id: users.id }).from(users).where(eq(users.role, 'admin')).for('update');
  return rows.map((r) => r.id);
}

/**
 * Sets a user's role. Their sessions and tokens follow at once (roles are read from the user on every
 * lookup, after the authenticator's short cache). The last admin cannot be demoted.
 */
export async function setUserRole(ctx: UsersContext, input: { id: string; role: Role }): Promise<UserRow> {
  const row = await ctx.db.transaction(async (tx) => {
    const admins = await lockedAdmins(tx);
    const [user] = await tx.select(userColumns).from(users).where(eq(users.id, input.id)).for('update');
    if (!user) return null;
    if (user.role === 'admin' && input.role !== 'admin' && admins.length <= 1) {
      throw new UserConflictError('the last admin cannot be demoted: make another user admin first');
    }
    await tx.update(users).set({ role: input.role, updatedAt: new Date() }).where(eq(users.id, input.id));
    await recordAudit(tx, {
      actor: ctx.caller,
      action: 'user.role.set',
      targets: [input.id],
      parameters: { email: user.email, from: user.role, to: input.role },
      result: 'ok',
      ip: ctx.ip ?? null,
    });
    return { ...user, role: input.role };
  });
  if (!row) throw new UserNotFoundError(input.id);
  return toUserRow(row);
}

/**
 * Deletes a user with their sessions, tokens and accounts (a replayed cookie or token is refused once
 * the authenticator's short cache lapses). The last admin cannot be deleted.
 */
export async function deleteUser(ctx: UsersContext, input: { id: string }): Promise<void> {
  const found = await ctx.db.transaction(async (tx) => {
    const admins = await lockedAdmins(tx);
    const [user] = await tx.select(userColumns).from(users).where(eq(users.id, input.id)).for('update');
    if (!user) return false;
    if (user.role === 'admin' && admins.length <= 1) {
      throw new UserConflictError('the last admin cannot be deleted: make another user admin first');
    }
    // the foreign keys cascade too; explicit deletes say what goes, and count it for the audit row
    const goneSessions = await tx
      .delete(sessions)
      .where(eq(sessions.userId, input.id))
      .returning({ id: sessions.id });
    const goneTokens = await tx
      .delete(apiTokens)
      .where(eq(apiTokens.ownerId, input.id))
      .returning({ id: apiTokens.id });
    await tx.delete(users).where(eq(users.id, input.id));
    await recordAudit(tx, {
      actor: ctx.caller,
      action: 'user.delete',
      targets: [input.id],
      parameters: {
        email: user.email,
        role: user.role,
        sessions: goneSessions.length,
        apiCredentials: goneTokens.length,
      },
      result: 'ok',
      ip: ctx.ip ?? null,
    });
    return true;
  });
  if (!found) throw new UserNotFoundError(input.id);
}
