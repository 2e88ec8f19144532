/**
 * User administration through the route handlers, over real Postgres: admins only, create with an
 * initial password that signs in, role changes, deletion that ends sessions and tokens (a replayed
 * cookie is 401), and the last admin protected.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditLog, sessions, users } from '@/db/schema';
import { Me } from '@/server/contracts/access';
import { UserList, UserRow } from '@/server/contracts/users';
import { createToken } from '@/server/services/tokens';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { POST as authPost } from './auth/[...all]/route';
import { GET as getMe } from './me/route';
import { GET as listUsers, POST as postUser } from './users/route';
import { DELETE as deleteUser, PATCH as patchUser } from './users/[id]/route';

type Headers = Record<string, string>;
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const json = (headers: Headers, method: string, body: unknown): RequestInit => ({
  method,
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const me = (headers: Headers): Promise<Response> => getMe(new Request('http://x/api/me', { headers }));

async function signIn(email: string, password: string): Promise<Headers> {
  const response = await authPost(
    new Request('http://x/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://x' },
      body: JSON.stringify({ email, password }),
    }),
  );
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('eventlens.session_token='));
  return { cookie: cookie!.split(';')[0]! };
}

describe('users (admin)', () => {
  let ctx: TestContext;
  let admin: Headers;
  const create = (body: unknown, headers = admin) =>
    postUser(new Request('http://x/api/users', json(headers, 'POST', body)));
  const setRole = (id: string, role: string, headers = admin) =>
    patchUser(new Request(`http://x/api/users/${id}`, json(headers, 'PATCH', { role })), params(id));
  const remove = (id: string, headers = admin) =>
    deleteUser(new Request(`http://x/api/users/${id}`, { method: 'DELETE', headers }), params(id));

  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-users');
    admin = await ctx.as('admin');
  });
  afterAll(() => ctx.cleanup());

  it('is for admins only: an operator gets 403 on every users route, each denial audited', async () => {
    const operator = await ctx.as('operator');
    const statuses = [
      (await listUsers(new Request('http://x/api/users', { headers: operator }))).status,
      (await create({ email: 'x@example.com', password: 'long enough pw', role: 'viewer' }, operator)).status,
      (await setRole('someone', 'admin', operator)).status,
      (await remove('someone', operator)).status,
    ];
    expect(statuses).toEqual([403, 403, 403, 403]);
    const denied = await ctx.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'route.denied' and ${auditLog.actorRole} = 'operator'`);
    expect(denied).toHaveLength(4);
  });

  it('creates a user whose initial password signs in, and lists them', async () => {
    const response = await create({
      email: 'Vera@Example.com',
      password: 'initial password 1',
      role: 'viewer',
    });
    expect(response.status).toBe(201);
    const vera = UserRow.parse(await response.json());
    expect(vera).toMatchObject({ email: 'vera@example.com', role: 'viewer' });
    const cookie = await signIn('vera@example.com', 'initial password 1');
    expect(Me.parse(await (await me(cookie)).json())).toMatchObject({ kind: 'user', role: 'viewer' });

    const listed = UserList.parse(
      await (await listUsers(new Request('http://x/api/users', { headers: admin }))).json(),
    );
    expect(listed.users.map((u) => u.email)).toContain('vera@example.com');
    expect(JSON.stringify(listed)).not.toContain('initial password');

    // the same email again, and bad input
    expect(
      (await create({ email: 'vera@example.com', password: 'another password', role: 'viewer' })).status,
    ).toBe(409);
    expect((await create({ email: 'not an email', password: 'long enough pw', role: 'viewer' })).status).toBe(
      400,
    );
    expect((await create({ email: 'short@example.com', password: 'short', role: 'viewer' })).status).toBe(
      400,
    );

    const audit = await ctx.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'user.create' and ${vera.id} = any(${auditLog.targets})`);
    expect(audit).toEqual([
      expect.objectContaining({
        actorRole: 'admin',
        result: 'ok',
        parameters: { email: 'vera@example.com', role: 'viewer', credential: 'password' },
      }),
    ]);
  });

  it("changes a user's role: their next request has it (the cached verdict is dropped)", async () => {
    const made = UserRow.parse(
      await (
        await create({ email: 'ron@example.com', password: 'initial password 2', role: 'analyst' })
      ).json(),
    );
    const cookie = await signIn('ron@example.com', 'initial password 2');
    expect(Me.parse(await (await me(cookie)).json()).role).toBe('analyst');
    const response = await setRole(made.id, 'operator');
    expect(response.status).toBe(200);
    expect(UserRow.parse(await response.json()).role).toBe('operator');
    expect(Me.parse(await (await me(cookie)).json()).role).toBe('operator');
    // lowered: refused what the old role allowed on the very next request
    expect((await setRole(made.id, 'viewer')).status).toBe(200);
    expect(Me.parse(await (await me(cookie)).json()).role).toBe('viewer');
    expect((await setRole('no-such-user', 'viewer')).status).toBe(404);
    const audit = await ctx.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'user.role.set'`);
    expect(audit).toEqual([
      expect.objectContaining({
        targets: [made.id],
        parameters: { email: 'ron@example.com', from: 'analyst', to: 'operator' },
      }),
      expect.objectContaining({
        targets: [made.id],
        parameters: { email: 'ron@example.com', from: 'operator', to: 'viewer' },
      }),
    ]);
  });

  it('deletes a user with their sessions and tokens: a replayed cookie or token is 401', async () => {
    const made = UserRow.parse(
      await (
        await create({ email: 'del@example.com', password: 'initial password 3', role: 'operator' })
      ).json(),
    );
    const cookie = await signIn('del@example.com', 'initial password 3');
    const { secret } = await createToken(
      { db: ctx.db, caller: { kind: 'user', userId: made.id, name: made.email, role: 'operator' } },
      { name: 'del ci', role: 'operator' },
    );
    const token = { authorization: `Bearer ${secret}` };
    expect((await me(cookie)).status).toBe(200);
    expect((await me(token)).status).toBe(200);

    expect((await remove(made.id)).status).toBe(204);
    expect(await ctx.db.select().from(users).where(eq(users.id, made.id))).toEqual([]);
    expect(await ctx.db.select().from(sessions).where(eq(sessions.userId, made.id))).toEqual([]);
    expect(await ctx.db.select().from(apiTokens).where(eq(apiTokens.ownerId, made.id))).toEqual([]);
    // refused on the very next request, not when the cached verdict expires
    expect((await me(cookie)).status).toBe(401);
    expect((await me(token)).status).toBe(401);
    expect((await remove(made.id)).status).toBe(404);
    const audit = await ctx.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'user.delete'`);
    expect(audit).toEqual([
      expect.objectContaining({
        targets: [made.id],
        parameters: { email: 'del@example.com', role: 'operator', sessions: 1, apiCredentials: 1 },
      }),
    ]);
  });

  it('never demotes or deletes the last admin; with a second admin it may', async () => {
    const [self] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.role, 'admin'));
    const demote = await setRole(self!.id, 'operator');
    expect(demote.status).toBe(409);
    expect(((await demote.json()) as { error: { message: string } }).error.message).toMatch(/last admin/);
    expect((await remove(self!.id)).status).toBe(409);

    const second = UserRow.parse(
      await (
        await create({ email: 'ada@example.com', password: 'initial password 4', role: 'admin' })
      ).json(),
    );
    expect((await setRole(second.id, 'viewer')).status).toBe(200);
    expect((await setRole(second.id, 'admin')).status).toBe(200);
    expect((await remove(second.id)).status).toBe(204);
    expect((await remove(self!.id)).status).toBe(409);
  });
});
