/**
 * The audit log's readers and writers over real Postgres: privileged actions and denials each leave
 * exactly one row, sign-ins (good and bad) and sign-outs are rows, and GET /api/audit filters and
 * pages them for admins only.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, users } from '@/db/schema';
import type { Principal } from '@/server/access/principal';
import { AuditPage } from '@/server/contracts/audit';
import { appContext } from '@/server/http/context';
import { get, json } from '@/server/testing/api-requests';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { createToken } from '@/server/services/tokens';
import { createUser } from '@/server/services/users';
import { GET as getAudit } from './audit/route';
import { POST as authPost } from './auth/[...all]/route';

async function auditRows(ctx: TestContext): Promise<number> {
  const [row] = await ctx.db.select({ n: count() }).from(auditLog);
  return row?.n ?? 0;
}

async function page(path: string, headers?: Record<string, string>): Promise<AuditPage> {
  const response = await get(getAudit, path, headers);
  expect(response.status, path).toBe(200);
  return AuditPage.parse(await json(response));
}

describe('audit log', () => {
  let ctx: TestContext;
  let admin: Principal;
  let viewer: Record<string, string>;
  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-audit');
    viewer = await ctx.as('viewer');
    const [user] = await ctx.db.select().from(users).where(eq(users.role, 'admin')).limit(1);
    admin = { kind: 'user', userId: user!.id, name: user!.email, role: 'admin' };
  });
  afterAll(() => ctx.cleanup());

  it('100 privileged actions + 20 denied → 120 audit rows', async () => {
    const before = await auditRows(ctx);
    for (let i = 0; i < 100; i++)
      await createToken({ db: ctx.db, caller: admin }, { name: `bulk ${i}`, role: 'viewer' });
    for (let i = 0; i < 20; i++) expect((await get(getAudit, '/api/audit', viewer)).status).toBe(403);
    expect((await auditRows(ctx)) - before).toBe(120);
    const created = await page('/api/audit?action=token.create&text=bulk&limit=200');
    expect(created.items).toHaveLength(100);
    expect(created.items[0]).toMatchObject({ actorName: admin.name, actorRole: 'admin', result: 'ok' });
    const denied = await page('/api/audit?result=denied&action=route.*&limit=200');
    expect(denied.items.length).toBeGreaterThanOrEqual(20);
    expect(denied.items[0]).toMatchObject({
      actorKind: 'token',
      actorRole: 'viewer',
      targets: ['GET /api/audit'],
      parameters: { permission: 'audit:read' },
    });
  });

  it('pages newest first with an opaque cursor, no row twice, none missed', async () => {
    const all = await page('/api/audit?action=token.create&text=bulk&limit=200');
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const next: AuditPage = await page(
        `/api/audit?action=token.create&text=bulk&limit=30${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...next.items.map((item) => item.id));
      cursor = next.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.items.map((item) => item.id));
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
    const bad = await get(getAudit, '/api/audit?cursor=nope');
    expect(bad.status).toBe(400);
  });

  it('filters by actor, time window and text', async () => {
    const byActor = await page(
      `/api/audit?actor=${encodeURIComponent(admin.name.slice(0, 8).toUpperCase())}&limit=5`,
    );
    expect(byActor.items.every((item) => item.actorName === admin.name)).toBe(true);
    expect((await page(`/api/audit?actor=${admin.userId}&limit=5`)).items).toHaveLength(5);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await page(`/api/audit?from=${future}`)).items).toEqual([]);
    expect((await page('/api/audit?to=1h&text=bulk')).items).toEqual([]);
    expect((await page('/api/audit?text=bulk%2099')).items).toHaveLength(1);
    expect((await page('/api/audit?text=100%25')).items).toEqual([]); // % matches itself
  });

  it('audits sign-ins, failed sign-ins and sign-outs', async () => {
    const { auth, db } = appContext();
    await createUser(
      { db, auth, caller: null },
      { email: 'olga@example.com', password: 'correct horse battery', role: 'operator' },
    );
    const signIn = (password: string) =>
      authPost(
        new Request('http://x/api/auth/sign-in/email', {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            origin: 'http://x',
            'x-eventlens-client-ip': '10.0.0.7',
          },
          body: JSON.stringify({ email: 'olga@example.com', password }),
        }),
      );
    expect((await signIn('not the password')).status).toBe(401);
    const ok = await signIn('correct horse battery');
    expect(ok.status).toBe(200);
    const cookie = ok.headers
      .getSetCookie()
      .find((c) => c.startsWith('eventlens.session_token='))!
      .split(';')[0]!;
    const out = await authPost(
      new Request('http://x/api/auth/sign-out', {
        method: 'POST',
        headers: { cookie, origin: 'http://x', 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expect(out.status).toBe(200);
    const rows = (await page('/api/audit?action=auth.*')).items;
    expect(rows.map((row) => `${row.action} ${row.result}`)).toEqual([
      'auth.sign-out ok',
      'auth.sign-in ok',
      'auth.sign-in failed',
    ]);
    expect(rows[0]).toMatchObject({
      actorKind: 'user',
      actorName: 'olga@example.com',
      actorRole: 'operator',
    });
    expect(rows[1]).toMatchObject({ actorName: 'olga@example.com', ip: '10.0.0.7' });
    expect(rows[2]).toMatchObject({ actorKind: 'anonymous', targets: ['olga@example.com'], ip: '10.0.0.7' });
    expect(JSON.stringify(rows)).not.toContain('not the password');
  });
});
