/**
 * OpenID Connect sign-in against a real provider (oidc-provider on a free port, server/testing),
 * driven with fetch and cookie jars through better-auth's handler over real Postgres: a new user gets
 * the configured default role; a tampered or foreign state, a reused code, a wrong nonce and a missing
 * PKCE verifier all end without a session.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getAuthProviders } from '@/app/api/auth-providers/route';
import { sessions, users } from '@/db/schema';
import { AuthProviders } from '@/server/contracts/auth-providers';
import { appContext, registerAppContext } from '@/server/http/context';
import { startTestContext, type TestContext } from '@/server/testing/app-context';
import { CookieJar, startOidcProvider, type OidcTestProvider } from '@/server/testing/oidc-provider';
import { createUser } from '@/server/services/users';
import { setUpAuth } from './access-setup';
import type { Auth } from './better-auth';
import { oidcCallbackPath } from './oidc';

const BASE = 'http://eventlens.test';
const SESSION_COOKIE = 'eventlens.session_token';

let ctx: TestContext;
let idp: OidcTestProvider;
let auth: Auth;

beforeAll(async () => {
  ctx = await startTestContext('postgres', 'oidc');
  idp = await startOidcProvider({ redirectUri: `${BASE}${oidcCallbackPath}` });
  auth = await setUpAuth({
    db: ctx.db,
    secret: undefined,
    publicUrl: BASE,
    oidc: {
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      name: 'Test IdP',
      defaultRole: 'analyst',
    },
  });
}, 30_000);

afterAll(async () => {
  await idp?.close();
  await ctx?.cleanup();
});

const newIdpUser = () => {
  const id = randomUUID().slice(0, 8);
  idp.user = { sub: `sub-${id}`, email: `user-${id}@idp.test`, name: `User ${id}` };
  return idp.user;
};

/** POST /api/auth/sign-in/social as the sign-in button does; returns the provider's authorization URL. */
async function beginSignIn(jar: CookieJar): Promise<URL> {
  const url = `${BASE}/api/auth/sign-in/social`;
  const response = await auth.handler(
    new Request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: BASE, cookie: jar.header(url) },
      body: JSON.stringify({ provider: 'oidc', callbackURL: '/' }),
    }),
  );
  expect(response.status).toBe(200);
  jar.store(url, response);
  const body = (await response.json()) as { url: string };
  return new URL(body.url);
}

/** Follows the provider's redirects (its interaction signs `idp.user` in) until it sends the browser back. */
async function authorize(start: URL, jar = new CookieJar()): Promise<URL> {
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    if (url.origin !== idp.issuer) return url;
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
    jar.store(url, response);
    const location = response.headers.get('location');
    if (!location)
      throw new Error(
        `the provider answered ${response.status} without a redirect: ${await response.text()}`,
      );
    url = new URL(location, url);
  }
  throw new Error('too many redirects at the provider');
}

/** The browser arriving at our callback with the provider's answer. */
async function callback(url: URL, jar: CookieJar): Promise<Response> {
  const response = await auth.handler(new Request(url, { headers: { cookie: jar.header(url) } }));
  jar.store(url, response);
  return response;
}

const sessionOf = (jar: CookieJar) =>
  auth.api.getSession({ headers: new Headers({ cookie: jar.header(BASE) }) });

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

const sessionCount = async (): Promise<number> =>
  Number((await ctx.db.select({ n: count() }).from(sessions))[0]?.n ?? 0);

/** A whole flow up to the provider's redirect back, with the browser's jar. */
async function codeFromProvider(jar = new CookieJar()): Promise<{ jar: CookieJar; callbackUrl: URL }> {
  const callbackUrl = await authorize(await beginSignIn(jar));
  expect(callbackUrl.pathname).toBe(oidcCallbackPath);
  expect(callbackUrl.searchParams.get('code')).toBeTruthy();
  return { jar, callbackUrl };
}

/** Asserts a callback ended without a session: no cookie, no row, an error redirect. */
async function expectNoSession(response: Response, jar: CookieJar, before: number): Promise<void> {
  expect(response.status).toBe(302);
  expect(response.headers.get('location')).toMatch(/error=/);
  expect(jar.has(BASE, SESSION_COOKIE)).toBe(false);
  expect(await sessionOf(jar)).toBeNull();
  expect(await sessionCount()).toBe(before);
}

describe('OpenID Connect sign-in against a real provider', () => {
  it('asks for a code with PKCE (S256), state and nonce', async () => {
    const authorizeUrl = await beginSignIn(new CookieJar());
    expect(authorizeUrl.origin).toBe(idp.issuer);
    const params = authorizeUrl.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    expect(params.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email']));
    expect(params.get('redirect_uri')).toBe(`${BASE}${oidcCallbackPath}`);
  });

  it('signs a new user in with a session and the default role, never admin', async () => {
    const person = newIdpUser();
    const { jar, callbackUrl } = await codeFromProvider();
    const response = await callback(callbackUrl, jar);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/');
    expect(jar.has(BASE, SESSION_COOKIE)).toBe(true);
    const session = await sessionOf(jar);
    expect(session?.user).toMatchObject({ email: person.email, name: person.name, role: 'analyst' });
    const [row] = await ctx.db.select({ role: users.role }).from(users).where(eq(users.email, person.email));
    expect(row?.role).toBe('analyst');

    // a second sign-in finds the same user and keeps the role an admin gave them
    await ctx.db.update(users).set({ role: 'operator' }).where(eq(users.email, person.email));
    const again = await codeFromProvider();
    expect((await callback(again.callbackUrl, again.jar)).status).toBe(302);
    expect((await sessionOf(again.jar))?.user).toMatchObject({ email: person.email, role: 'operator' });
    const matching = await ctx.db.select({ n: count() }).from(users).where(eq(users.email, person.email));
    expect(matching[0]?.n).toBe(1);
  });

  it("ignores a role the provider claims: a new user gets the default role, not the provider's admin", async () => {
    const person = { ...newIdpUser(), role: 'admin' };
    idp.user = person;
    const { jar, callbackUrl } = await codeFromProvider();
    expect((await callback(callbackUrl, jar)).status).toBe(302);
    expect((await sessionOf(jar))?.user).toMatchObject({ email: person.email, role: 'analyst' });
  });

  it('signs in to the account an admin created with the same verified email, keeping its role', async () => {
    const person = newIdpUser();
    const { id } = await createUser(
      { db: ctx.db, auth, caller: null },
      { email: person.email, role: 'operator' },
    );
    const { jar, callbackUrl } = await codeFromProvider();
    expect((await callback(callbackUrl, jar)).status).toBe(302);
    expect((await sessionOf(jar))?.user).toMatchObject({ id, email: person.email, role: 'operator' });
  });

  it('refuses a tampered state', async () => {
    newIdpUser();
    const before = await sessionCount();
    const { jar, callbackUrl } = await codeFromProvider();
    callbackUrl.searchParams.set('state', `${callbackUrl.searchParams.get('state')}x`);
    await expectNoSession(await callback(callbackUrl, jar), jar, before);
  });

  it("refuses another browser's state (the state is bound to the browser that started the flow)", async () => {
    newIdpUser();
    const before = await sessionCount();
    const { callbackUrl } = await codeFromProvider();
    const otherBrowser = new CookieJar();
    await expectNoSession(await callback(callbackUrl, otherBrowser), otherBrowser, before);
  });

  it('refuses a reused code: replayed as is, or with a fresh flow of its own', async () => {
    newIdpUser();
    const { jar, callbackUrl } = await codeFromProvider();
    expect((await callback(callbackUrl, jar)).status).toBe(302);
    expect(jar.has(BASE, SESSION_COOKIE)).toBe(true);
    const before = await sessionCount();

    // the same answer again, from another browser
    const replayJar = new CookieJar();
    await expectNoSession(await callback(callbackUrl, replayJar), replayJar, before);

    // the used code under a new, valid state of another flow
    const attacker = new CookieJar();
    const fresh = await beginSignIn(attacker);
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', fresh.searchParams.get('state') ?? '');
    await expectNoSession(await callback(forged, attacker), attacker, before);
  });

  it('refuses an id_token whose nonce is not the one this flow sent', async () => {
    newIdpUser();
    const before = await sessionCount();
    idp.overrideNonce = 'a-nonce-from-another-flow';
    try {
      const { jar, callbackUrl } = await codeFromProvider();
      await expectNoSession(await callback(callbackUrl, jar), jar, before);
    } finally {
      idp.overrideNonce = undefined;
    }
  });

  it('gets no session without the PKCE pair: no challenge is refused, a code is useless without its verifier', async () => {
    newIdpUser();
    const before = await sessionCount();
    // the authorization request stripped of its challenge: the provider answers with an error
    const jar = new CookieJar();
    const stripped = await beginSignIn(jar);
    stripped.searchParams.delete('code_challenge');
    stripped.searchParams.delete('code_challenge_method');
    const answer = await authorize(stripped);
    expect(answer.searchParams.get('error')).toBe('invalid_request');
    await expectNoSession(await callback(answer, jar), jar, before);

    // a stolen code redeemed without the verifier (which only our server holds)
    const { callbackUrl } = await codeFromProvider();
    const redeem = await fetch(idp.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: callbackUrl.searchParams.get('code') ?? '',
        redirect_uri: `${BASE}${oidcCallbackPath}`,
        client_id: idp.clientId,
        client_secret: idp.clientSecret,
      }),
    });
    expect(redeem.status).toBe(400);
    expect(((await redeem.json()) as { error: string }).error).toBe('invalid_grant');
    expect(await sessionCount()).toBe(before);
  });
});

describe('OpenID Connect while the provider is down', () => {
  it('starts without it, refuses to begin a sign-in, and begins one once it answers', async () => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const downAuth = await setUpAuth({
      db: ctx.db,
      secret: undefined,
      publicUrl: BASE,
      oidc: {
        issuer,
        clientId: idp.clientId,
        clientSecret: 'unused',
        name: 'Late IdP',
        defaultRole: 'viewer',
      },
    });
    const begin = () =>
      downAuth.handler(
        new Request(`${BASE}/api/auth/sign-in/social`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: BASE },
          body: JSON.stringify({ provider: 'oidc', callbackURL: '/' }),
        }),
      );
    expect((await begin()).status).toBeGreaterThanOrEqual(400);

    const late = await startOidcProvider({ redirectUri: `${BASE}${oidcCallbackPath}`, port });
    try {
      const response = await begin();
      expect(response.status).toBe(200);
      expect(new URL(((await response.json()) as { url: string }).url).origin).toBe(issuer);
    } finally {
      await late.close();
    }
  });
});

describe('GET /api/auth-providers', () => {
  const list = async () => {
    const response = await getAuthProviders(new Request('http://x/api/auth-providers'));
    expect(response.status).toBe(200);
    return AuthProviders.parse(await response.json());
  };

  it('answers without credentials: nothing besides email and password when OIDC is not configured', async () => {
    expect(await list()).toEqual({ providers: [] });
  });

  it('lists the configured provider with its button label', async () => {
    const previous = appContext();
    registerAppContext({ ...previous, auth });
    try {
      expect(await list()).toEqual({ providers: [{ id: 'oidc', name: 'Test IdP', kind: 'oidc' }] });
    } finally {
      registerAppContext(previous);
    }
  });
});
