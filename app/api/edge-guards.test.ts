/**
 * Cross-site request forgery and rate limits, through route() and the sign-in endpoint, over real
 * Postgres, Redis counters and better-auth sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLIENT_IP_HEADER } from '@/server/http/client-ip';
import { appContext } from '@/server/http/context';
import { route } from '@/server/http/route';
import { createUser } from '@/server/services/users';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { GET as getMe } from './me/route';
import { POST as authPost } from './auth/[...all]/route';

/** A state-changing route as the features will declare them; app/api has none yet. */
const POST = route({ auth: 'metadata:read', body: z.object({ name: z.string() }) }, async ({ body }) => ({
  changed: body.name,
}));

const PASSWORD = 'correct horse battery';

describe('edge guards: same-origin changes, sign-in and change limits', () => {
  let ctx: TestContext;
  let cookie: string;
  beforeAll(async () => {
    ctx = await startTestContext('postgres', 'api-edge', {
      rateLimits: { signInPerIp: 6, signInPerAccount: 3, mutationsPerUser: 5 },
    });
    for (const email of [
      'csrf@example.com',
      'victim@example.com',
      'bystander@example.com',
      'busy@example.com',
      'calm@example.com',
    ]) {
      await createUser(
        { db: ctx.db, auth: appContext().auth, caller: null },
        { email, password: PASSWORD, role: 'analyst' },
      );
    }
    const response = await signIn('csrf@example.com', PASSWORD, '10.0.0.1');
    cookie = response.headers
      .getSetCookie()
      .find((c) => c.startsWith('eventlens.session_token='))!
      .split(';')[0]!;
  });
  afterAll(() => ctx.cleanup());

  const signIn = (email: string, password: string, ip: string): Promise<Response> =>
    authPost(
      new Request('http://x/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://x', [CLIENT_IP_HEADER]: ip },
        body: JSON.stringify({ email, password }),
      }),
    );
  const change = (headers: Record<string, string>, body: BodyInit = '{"name":"n"}') =>
    POST(new Request('http://x/api/things', { method: 'POST', headers, body }));
  const code = async (response: Response): Promise<string> =>
    ((await response.clone().json()) as { error?: { code: string } }).error?.code ?? `${response.status}`;

  it('refuses cross-site changes carrying the session cookie, whatever the body type', async () => {
    const forms: [string, BodyInit][] = [
      ['application/x-www-form-urlencoded', 'name=n'],
      ['text/plain', '{"name":"n"}'],
      [
        'multipart/form-data; boundary=b',
        '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nn\r\n--b--\r\n',
      ],
    ];
    for (const [type, body] of forms) {
      const response = await change({ cookie, 'content-type': type, origin: 'https://evil.example' }, body);
      expect(response.status, type).toBe(403);
      expect(await code(response)).toBe('CROSS_SITE');
    }
    // a sandboxed frame or a redirect chain: Origin null; no Origin and no Fetch metadata at all
    const unsure: Record<string, string>[] = [
      { origin: 'null' },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
      {},
    ];
    for (const headers of unsure) {
      expect(await code(await change({ cookie, ...headers })), JSON.stringify(headers)).toBe('CROSS_SITE');
    }
    expect(await code(await change({ cookie, 'sec-fetch-site': 'cross-site' }))).toBe('CROSS_SITE');
  });

  it('accepts changes from this origin, by Origin or Fetch metadata, and bearer tokens without a cookie', async () => {
    expect((await change({ cookie, origin: 'http://x' })).status).toBe(200);
    expect((await change({ cookie, 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    const token = await ctx.as('viewer');
    expect((await change({ ...token, origin: 'https://evil.example' })).status).toBe(200);
    // a token beside a cookie does not exempt the request: the browser may have added the cookie
    expect(await code(await change({ ...token, cookie, origin: 'https://evil.example' }))).toBe('CROSS_SITE');
    // reading is never refused (and changes nothing)
    expect(
      (await getMe(new Request('http://x/api/me', { headers: { cookie, origin: 'https://evil.example' } })))
        .status,
    ).toBe(200);
  });

  it('refuses a cross-site sign-in (login CSRF)', async () => {
    const response = await authPost(
      new Request('http://x/api/auth/sign-in/email', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: 'https://evil.example' },
        body: JSON.stringify({ email: 'csrf@example.com', password: PASSWORD }),
      }),
    );
    expect(response.status).toBe(403);
  });

  it('answers 429 with Retry-After to a brute force on one account, from any address; others sign in', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await signIn('victim@example.com', `guess ${i}`, `10.1.0.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await signIn('victim@example.com', PASSWORD, '10.1.1.1');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await signIn('bystander@example.com', PASSWORD, '10.1.0.1')).status).toBe(200);
  });

  it('answers 429 to one address trying many accounts; other addresses are unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push((await signIn(`nobody${i}@example.com`, 'guess', '10.2.0.1')).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 429]);
    expect((await signIn('calm@example.com', PASSWORD, '10.2.0.1')).status).toBe(429);
    expect((await signIn('calm@example.com', PASSWORD, '10.2.0.2')).status).toBe(200);
  });

  it("limits one user's changes per minute with 429 and Retry-After; other users go on", async () => {
    const busy = await ctx.as('operator');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await change(busy)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await change(busy);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await change(await ctx.as('admin'))).status).toBe(200);
    // reading is not counted
    expect((await getMe(new Request('http://x/api/me', { headers: busy }))).status).toBe(200);
  });
});
