/**
 * A user's own sessions through the real handlers: listed with the current one marked, one revoked
 * (that cookie then gets 401), all others revoked, another user's session out of reach; each audited.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { SessionList } from '@/server/contracts/sessions';
import { appContext } from '@/server/http/context';
import { createUser } from '@/server/services/users';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { POST as authPost } from './auth/[...all]/route';
import { GET as getMe } from './me/route';
import { DELETE as revokeOne } from './sessions/[id]/route';
import { DELETE as revokeOthers, GET as listSessions } from './sessions/route';

const PASSWORD = 'correct horse battery';

async function signIn(email: string, userAgent: string): Promise<string> {
  const response = await authPost(
    new Request('http://x/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://x', 'user-agent': userAgent },
      body: JSON.stringify({ email, password: PASSWORD }),
    }),
  );
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('eventlens.session_token='));
  return cookie!.split(';')[0]!;
}

const list = async (cookie: string) => {
  const response = await listSessions(new Request('http://x/api/sessions', { headers: { cookie } }));
  expect(response.status).toBe(200);
  return SessionList.parse(await response.json()).sessions;
};

const remove = (cookie: string, id?: string) =>
  id
    ? revokeOne(
        new Request(`http://x/api/sessions/${id}`, {
          method: 'DELETE',
          headers: { cookie, 'sec-fetch-site': 'same-origin' },
        }),
        {
          params: Promise.resolve({ id }),
        },
      )
    : revokeOthers(
        new Request('http://x/api/sessions', {
          method: 'DELETE',
          headers: { cookie, 'sec-fetch-site': 'same-origin' },
        }),
      );

const meStatus = async (cookie: string) =>
  (await getMe(new Request('http://x/api/me', { headers: { cookie } }))).status;

describe('sessions: list, revoke one, sign out everywhere else', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-sessions');
    const { auth, db } = appContext();
    for (const email of ['ann@example.com', 'bob@example.com']) {
      await createUser({ db, auth, caller: null }, { email, password: PASSWORD, role: 'viewer' });
    }
  });
  afterAll(() => ctx.cleanup());

  it('lists my sessions only, the current one marked, and never their tokens', async () => {
    const laptop = await signIn(
      'ann@example.com',
      'Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36',
    );
    await signIn('ann@example.com', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) Safari/604.1');
    await signIn('bob@example.com', 'curl/8.5.0');
    const sessions = await list(laptop);
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    expect(sessions.find((s) => s.current)?.userAgent).toContain('Linux');
    expect(JSON.stringify(sessions)).not.toContain(laptop.split('=')[1]!.split('.')[0]!);
  });

  it('revokes one session: its cookie gets 401 on the next request, and the revoke is audited', async () => {
    const laptop = await signIn('ann@example.com', 'laptop');
    const phone = await signIn('ann@example.com', 'phone');
    expect(await meStatus(phone)).toBe(200);
    const target = (await list(laptop)).find((s) => s.userAgent === 'phone')!;
    expect((await remove(laptop, target.id)).status).toBe(204);
    // the cached verdict from the call above is forgotten with the session, not left to expire
    expect(await meStatus(phone)).toBe(401);
    expect(await meStatus(laptop)).toBe(200);
    const rows = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'session.revoke'), eq(auditLog.result, 'ok')));
    expect(rows.map((row) => row.targets)).toContainEqual([target.id]);
    expect(rows[0]?.actorName).toBe('ann@example.com');
  });

  it("answers 404 for another user's session, which stays open", async () => {
    const ann = await signIn('ann@example.com', 'ann');
    const bob = await signIn('bob@example.com', 'bob');
    const bobs = (await list(bob)).find((s) => s.current)!;
    expect((await remove(ann, bobs.id)).status).toBe(404);
    expect(await meStatus(bob)).toBe(200);
  });

  it('signs out everywhere else, keeping this browser', async () => {
    const here = await signIn('ann@example.com', 'here');
    const elsewhere = await signIn('ann@example.com', 'elsewhere');
    expect(await meStatus(elsewhere)).toBe(200); // a cached verdict the revoke must end
    const response = await remove(here);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { revoked: number }).revoked).toBeGreaterThanOrEqual(2);
    expect(await meStatus(elsewhere)).toBe(401);
    expect(await meStatus(here)).toBe(200);
    expect(await list(here)).toHaveLength(1);
    const [row] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'session.revoke-others'));
    expect(row?.result).toBe('ok');
  });
});
