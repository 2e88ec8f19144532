/**
 * API tokens through their route handlers, over real Postgres: the role ceiling, a secret shown once
 * and stored hashed, revocation and expiry (401 within the authenticator's 2 s cache), and a token
 * that follows its owner's role down.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, auditLog } from '@/db/schema';
import { hashTokenSecret } from '@/server/access/token-secret';
import { Me } from '@/server/contracts/access';
import { CreatedToken, TokenList } from '@/server/contracts/tokens';
import { UserRow } from '@/server/contracts/users';
import type { Role } from '@/server/access/roles';
import { appContext } from '@/server/http/context';
import { createToken } from '@/server/services/tokens';
import { createUser, throwawayPassword } from '@/server/services/users';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { eventually } from '@/server/testing/redis';
import { POST as authPost } from './auth/[...all]/route';
import { GET as getMe } from './me/route';
import { GET as listTokens, POST as postToken } from './tokens/route';
import { DELETE as deleteToken } from './tokens/[id]/route';
import { POST as postUser } from './users/route';
import { PATCH as patchUser } from './users/[id]/route';
import { POST as discard } from './dead-letters/[id]/discard/route';

type Headers = Record<string, string>;
const CACHE_MS = 2_000;

const create = (headers: Headers, body: unknown): Promise<Response> =>
  postToken(
    new Request('http://x/api/tokens', {
      method: 'POST',
      // the console's own browser: same-origin, as a cookie-carrying change must be (bearer calls ignore it)
      headers: { ...headers, 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify(body),
    }),
  );

const bearer = (secret: string): Headers => ({ authorization: `Bearer ${secret}` });
const me = (headers: Headers): Promise<Response> => getMe(new Request('http://x/api/me', { headers }));
const params = (id: string) => ({ params: Promise.resolve({ id }) });

describe('API tokens', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-tokens');
  });
  afterAll(() => ctx.cleanup());

  /** A signed-in browser of a user with `role`: tokens are created from sessions, never by tokens. */
  const sessions = new Map<string, Promise<Headers>>();
  const session = (role: Role): Promise<Headers> => {
    let headers = sessions.get(role);
    if (!headers) {
      headers = (async () => {
        const email = `${role}-session@example.com`;
        const password = throwawayPassword();
        await createUser({ db: ctx.db, auth: appContext().auth, caller: null }, { email, password, role });
        const response = await authPost(
          new Request('http://x/api/auth/sign-in/email', {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: 'http://x' },
            body: JSON.stringify({ email, password }),
          }),
        );
        const cookie = response.headers.getSetCookie().find((c) => c.startsWith('eventlens.session_token='));
        return { cookie: cookie!.split(';')[0]! };
      })();
      sessions.set(role, headers);
    }
    return headers;
  };

  it('refuses a token creating tokens (a leaked token must not outlive its revocation), audited', async () => {
    const response = await create(await ctx.as('admin'), { name: 'child', role: 'viewer' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/sign in/);
    const denied = await ctx.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'token.create' and ${auditLog.actorKind} = 'token'`);
    expect(denied).toEqual([expect.objectContaining({ result: 'denied', actorRole: 'admin' })]);
  });

  it("refuses a role above the caller's (403, audited) and accepts one at or below it", async () => {
    const analyst = await session('analyst');
    const above = await create(analyst, { name: 'too high', role: 'operator' });
    expect(above.status).toBe(403);
    expect(((await above.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const denied = await ctx.db
      .select()
      .from(auditLog)
      .where(
        sql`${auditLog.action} = 'token.create' and ${auditLog.result} = 'denied' and ${auditLog.actorKind} = 'user'`,
      );
    expect(denied).toEqual([
      expect.objectContaining({ actorRole: 'analyst', parameters: { name: 'too high', role: 'operator' } }),
    ]);

    for (const role of ['analyst', 'viewer'] as const) {
      const response = await create(analyst, { name: `as ${role}`, role, expiresInDays: 30 });
      expect(response.status).toBe(201);
      const { token, secret } = CreatedToken.parse(await response.json());
      expect(token).toMatchObject({ role, name: `as ${role}`, revokedAt: null, lastUsedAt: null });
      expect(Date.parse(token.expiresAt!) - Date.now()).toBeGreaterThan(29 * 86_400_000);
      const who = Me.parse(await (await me(bearer(secret))).json());
      expect(who).toMatchObject({ kind: 'token', role });
    }
  });

  it('shows the secret once and keeps only its hash', async () => {
    const viewer = await session('viewer');
    const created = CreatedToken.parse(
      await (await create(viewer, { name: 'script', role: 'viewer' })).json(),
    );
    expect(created.secret).toMatch(/^elt_[A-Za-z0-9_-]{43}$/);
    expect(created.token.hint).toBe(`${created.secret.slice(0, 10)}…`);

    const listed = await listTokens(new Request('http://x/api/tokens', { headers: viewer }));
    expect(listed.status).toBe(200);
    const text = await listed.text();
    expect(text).not.toContain(created.secret);
    expect(text).not.toContain(created.secret.slice(10));
    const { tokens } = TokenList.parse(JSON.parse(text));
    expect(tokens.map((t) => t.name)).toContain('script');
    // nothing in the store holds the secret: only its SHA-256
    const [row] = await ctx.db.select().from(apiTokens).where(eq(apiTokens.id, created.token.id));
    expect(row!.secretHash).toBe(hashTokenSecret(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(10));
  });

  it("lists only the caller's own tokens unless an admin asks for all", async () => {
    const viewer = await ctx.as('viewer');
    const admin = await ctx.as('admin');
    const own = async (headers: Headers, query = '') =>
      TokenList.parse(
        await (await listTokens(new Request(`http://x/api/tokens${query}`, { headers }))).json(),
      ).tokens;
    const viewerTokens = await own(viewer, '?all=1');
    expect(new Set(viewerTokens.map((t) => t.ownerEmail)).size).toBe(1);
    const everyone = await own(admin, '?all=1');
    expect(new Set(everyone.map((t) => t.ownerEmail)).size).toBeGreaterThan(1);
    expect((await own(admin)).every((t) => t.ownerEmail.startsWith('admin-'))).toBe(true);
  });

  it('a revoked token answers 401 on the next request; others cannot revoke it', async () => {
    const operator = await session('operator');
    const { token, secret } = CreatedToken.parse(
      await (await create(operator, { name: 'ci', role: 'operator' })).json(),
    );
    expect((await me(bearer(secret))).status).toBe(200);

    const stranger = await ctx.as('analyst');
    const foreign = await deleteToken(
      new Request(`http://x/api/tokens/${token.id}`, {
        method: 'DELETE',
        headers: { ...stranger, 'sec-fetch-site': 'same-origin' },
      }),
      params(token.id),
    );
    expect(foreign.status).toBe(404);

    const revoked = await deleteToken(
      new Request(`http://x/api/tokens/${token.id}`, {
        method: 'DELETE',
        headers: { ...operator, 'sec-fetch-site': 'same-origin' },
      }),
      params(token.id),
    );
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    // the verdict cached by the call above is forgotten with the token, not left to expire
    expect((await me(bearer(secret))).status).toBe(401);
    const audit = await ctx.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'token.revoke'`);
    expect(audit).toEqual([
      expect.objectContaining({ targets: [token.id], result: 'ok', actorRole: 'operator' }),
    ]);
  });

  it("an admin may revoke anyone's token", async () => {
    const viewer = await session('viewer');
    const { token, secret } = CreatedToken.parse(
      await (await create(viewer, { name: 'left behind', role: 'viewer' })).json(),
    );
    const response = await deleteToken(
      new Request(`http://x/api/tokens/${token.id}`, { method: 'DELETE', headers: await ctx.as('admin') }),
      params(token.id),
    );
    expect(response.status).toBe(200);
    expect((await me(bearer(secret))).status).toBe(401);
  });

  it('an expired token answers 401', async () => {
    const viewer = await session('viewer');
    const { token, secret } = CreatedToken.parse(
      await (await create(viewer, { name: 'short', role: 'viewer', expiresInDays: 1 })).json(),
    );
    // a day is long for a test: move the expiry into the past before the token is ever used
    await ctx.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(apiTokens.id, token.id));
    expect((await me(bearer(secret))).status).toBe(401);
  });

  it('refuses bad input with a 400 naming the field', async () => {
    const viewer = await session('viewer');
    for (const body of [
      { name: '', role: 'viewer' },
      { name: 'x', role: 'root' },
      { name: 'x', role: 'viewer', expiresInDays: 0 },
    ]) {
      expect((await create(viewer, body)).status, JSON.stringify(body)).toBe(400);
    }
  });

  it("a token follows its owner's role down: lowering the user lowers the token", async () => {
    const admin = await ctx.as('admin');
    const made = await postUser(
      new Request('http://x/api/users', {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'olga@example.com',
          password: 'a long enough password',
          role: 'operator',
        }),
      }),
    );
    expect(made.status).toBe(201);
    const olga = UserRow.parse(await made.json());
    // olga's own token, created as olga (through the service the route uses)
    const { secret } = await createToken(
      { db: ctx.db, caller: { kind: 'user', userId: olga.id, name: olga.email, role: 'operator' } },
      { name: 'olga ci', role: 'operator' },
    );
    const discardAs = () =>
      discard(
        new Request('http://x/api/dead-letters/t%2F1-0/discard', { method: 'POST', headers: bearer(secret) }),
        params('t/1-0'),
      );
    // an operator may act: the dead letter does not exist, so 404, not 403
    expect((await discardAs()).status).toBe(404);

    const lowered = await patchUser(
      new Request(`http://x/api/users/${olga.id}`, {
        method: 'PATCH',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'viewer' }),
      }),
      params(olga.id),
    );
    expect(lowered.status).toBe(200);
    const at = Date.now();
    await eventually(
      async () => Me.parse(await (await me(bearer(secret))).json()).role === 'viewer',
      5_000,
      50,
    );
    expect(Date.now() - at).toBeLessThan(CACHE_MS + 500);
    expect((await discardAs()).status).toBe(403);
  });
});
