/**
 * Who may call what: every route without credentials, a viewer on a payload route, a real session
 * cookie from better-auth's sign-in endpoint, and the append-only audit log, over real Postgres.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { Me } from '@/server/contracts/access';
import { createUser } from '@/server/services/users';
import { appContext } from '@/server/http/context';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { GET as getMe } from './me/route';
import { GET as getPayload } from './events/[id]/payload/route';
import { POST as authPost } from './auth/[...all]/route';

const API_DIR = join(process.cwd(), 'app', 'api');
type Handler = (request: Request, next?: { params: Promise<Record<string, string>> }) => Promise<Response>;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

describe('access: authentication before anything, permissions per route, audited denials', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-access');
  });
  afterAll(() => ctx.cleanup());

  it('answers 401 on every route without credentials, whatever the input, except health and sign-in', async () => {
    const open: string[] = [];
    for (const file of routeFiles(API_DIR)) {
      const path = `/api/${relative(API_DIR, file).split(sep).slice(0, -1).join('/')}`;
      // public: health (for load balancers; only {status} without credentials), the providers the
      // sign-in page lists, and setup (its one-time link is its credential, server/services/setup.ts)
      if (['/api/auth/[...all]', '/api/health', '/api/auth-providers', '/api/setup'].includes(path)) continue;
      const exported = (await import(file)) as Record<string, unknown>;
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        const handler = exported[method] as Handler | undefined;
        if (!handler) continue;
        // bad input everywhere: an unauthenticated caller must not learn the route's shape from a 400
        const request = new Request(`http://x${path.replace(/\[\w+\]/g, '%')}?limit=%00&x=%zz`, {
          method,
          ...(method === 'GET' ? {} : { body: '{not json', headers: { 'content-type': 'application/json' } }),
        });
        const response = await handler(request, { params: Promise.resolve({ id: '%' }) });
        if (response.status !== 401) open.push(`${method} ${path}: ${response.status}`);
      }
    }
    expect(open).toEqual([]);
  });

  it('refuses a wrong or malformed bearer token without falling back to anything else', async () => {
    for (const authorization of ['Bearer elt_' + 'x'.repeat(43), 'Bearer nope', 'Basic abc']) {
      const response = await getMe(new Request('http://x/api/me', { headers: { authorization } }));
      expect(response.status, authorization).toBe(401);
    }
  });

  it('answers 403 to a viewer on a payload route, and audits the denial', async () => {
    const viewer = await ctx.as('viewer');
    const response = await getPayload(new Request('http://x/api/events/e1/payload', { headers: viewer }), {
      params: Promise.resolve({ id: 'e1' }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const rows = await ctx.db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.action} = 'route.denied'`);
    expect(rows).toEqual([
      expect.objectContaining({
        actorKind: 'token',
        actorRole: 'viewer',
        result: 'denied',
        targets: ['GET /api/events/e1/payload'],
        parameters: { permission: 'payload:read' },
      }),
    ]);
  });

  it('signs in with email and password through better-auth and knows the session cookie', async () => {
    const { auth, db } = appContext();
    await createUser(
      { db, auth, caller: null },
      { email: 'ana@example.com', password: 'correct horse battery', role: 'analyst' },
    );
    const signIn = (password: string) =>
      authPost(
        new Request('http://x/api/auth/sign-in/email', {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: 'http://x' },
          body: JSON.stringify({ email: 'ana@example.com', password }),
        }),
      );
    expect((await signIn('wrong password!')).status).toBe(401);
    const response = await signIn('correct horse battery');
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('eventlens.session_token='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await getMe(new Request('http://x/api/me', { headers: { cookie: cookie!.split(';')[0]! } }));
    expect(Me.parse(await me.json())).toMatchObject({
      kind: 'user',
      role: 'analyst',
      name: 'ana@example.com',
    });
  });

  it('keeps the audit log append-only: UPDATE, DELETE and TRUNCATE fail in the database', async () => {
    const [row] = await ctx.db.select({ id: auditLog.id }).from(auditLog).limit(1);
    expect(row).toBeDefined();
    const refusal = async (statement: ReturnType<typeof sql>): Promise<string> => {
      try {
        await ctx.db.execute(statement);
        return 'accepted';
      } catch (error) {
        // drizzle wraps the driver's error: the database's message is its cause
        return String((error as { cause?: { message?: string } }).cause?.message ?? error);
      }
    };
    expect(await refusal(sql`update audit_log set result = 'ok' where id = ${row!.id}`)).toMatch(
      /append-only/,
    );
    expect(await refusal(sql`delete from audit_log where id = ${row!.id}`)).toMatch(/append-only/);
    expect(await refusal(sql`truncate audit_log`)).toMatch(/append-only/);
  });
});
