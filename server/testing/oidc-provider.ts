/**
 * A real OpenID Connect provider for tests (the `oidc-provider` package, certified by the OpenID
 * Foundation), on a free loopback port with one confidential client. Its interaction page signs in
 * whoever `provider.user` is and grants the requested scopes at once, so a test drives the whole
 * authorization-code flow with plain fetch and cookie jars, no browser.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type JWK } from 'oidc-provider';

export interface OidcTestUser {
  sub: string;
  email: string;
  name: string;
  /** Served with the profile scope, e.g. a `role` claim the relying party must ignore. */
  role?: string;
}

export interface OidcTestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who the next interaction signs in. */
  user: OidcTestUser;
  /**
   * When set, the next interaction rewrites the authorization request's nonce before the code is
   * issued, so the id_token carries this nonce instead of the relying party's (a replayed or foreign
   * id_token, as far as the relying party can tell).
   */
  overrideNonce: string | undefined;
  /** The token endpoint, for tests that redeem a code themselves. */
  tokenEndpoint: string;
  close(): Promise<void>;
}

export interface OidcProviderOptions {
  /** The client's one redirect URI: the relying party's callback. */
  redirectUri: string;
  /** A fixed port (a test that starts the relying party first); default a free one. */
  port?: number;
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcTestProvider> {
  // the issuer names the port, so the server listens before the provider exists
  const ready: { provider?: Provider } = {};
  const server = createServer((req, res) => {
    const { provider } = ready;
    if (!provider) return void res.writeHead(503).end();
    if (req.url?.startsWith('/interaction/'))
      return void interact(provider, req, res).catch((error: unknown) => fail(res, error));
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const state: OidcTestProvider = {
    issuer,
    clientId: 'eventlens-test',
    clientSecret: randomBytes(24).toString('base64url'),
    user: { sub: 'alice', email: 'alice@idp.test', name: 'Alice' },
    overrideNonce: undefined,
    tokenEndpoint: `${issuer}/token`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    format: 'jwk',
  }) as JWK;
  ready.provider = new Provider(issuer, {
    clients: [
      {
        client_id: state.clientId,
        client_secret: state.clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    // every client must send a PKCE challenge, confidential ones too (OAuth 2.1)
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'role'] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({
        sub,
        email: state.user.email,
        email_verified: true,
        name: state.user.name,
        ...(state.user.role === undefined ? {} : { role: state.user.role }),
      }),
    }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    // short lifetimes, and no notices about the defaults in the test output
    ttl: { AccessToken: 60, AuthorizationCode: 60, Grant: 600, IdToken: 60, Interaction: 600, Session: 600 },
  });

  async function interact(p: Provider, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const interaction = await p.interactionDetails(req, res);
    if (state.overrideNonce !== undefined) {
      interaction.params.nonce = state.overrideNonce;
      await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
    }
    const accountId = state.user.sub;
    const grant = new p.Grant({ accountId, clientId: String(interaction.params.client_id) });
    grant.addOIDCScope(String(interaction.params.scope));
    const grantId = await grant.save();
    await p.interactionFinished(
      req,
      res,
      { login: { accountId }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  return state;
}

function fail(res: ServerResponse, error: unknown): void {
  res
    .writeHead(500, { 'content-type': 'text/plain' })
    .end(error instanceof Error ? error.message : String(error));
}

/** Cookies per origin, from `Set-Cookie` headers: enough for a flow across two servers. */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  store(url: string | URL, response: Response): void {
    const origin = new URL(url).origin;
    const cookies = this.byOrigin.get(origin) ?? new Map<string, string>();
    this.byOrigin.set(origin, cookies);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=(0|-)/i.test(a)) || value === '';
      if (expired) cookies.delete(name);
      else cookies.set(name, value);
    }
  }

  header(url: string | URL): string {
    const cookies = this.byOrigin.get(new URL(url).origin);
    return cookies ? [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') : '';
  }

  has(url: string | URL, name: string): boolean {
    return this.byOrigin.get(new URL(url).origin)?.has(name) ?? false;
  }
}
