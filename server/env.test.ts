import { describe, expect, it } from 'vitest';
import { EnvError, loadEnv, oidcSettings } from './env';

describe('loadEnv', () => {
  it('applies the documented defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 3000,
      EVENTLENS_PREFIX: 'el',
      LOG_LEVEL: 'info',
      EVENTLENS_DEMO: false,
      EVENTLENS_DEMO_RATE: 50,
      EVENTLENS_RECORDER: true,
      EVENTLENS_STREAMS: '*',
      EVENTLENS_RETENTION_DAYS: 7,
      EVENTLENS_SCAN_SECONDS: 60,
      EVENTLENS_MANAGE_NOTIFICATIONS: false,
      EVENTLENS_PAYLOAD_PREVIEW_BYTES: 262_144,
      EVENTLENS_PAYLOAD_DOWNLOADS: 4,
      EVENTLENS_FOREIGN_CORRELATION_FIELDS: ['correlationId', 'correlation_id', 'correlationid'],
    });
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    expect(loadEnv({ PORT: '', REDIS_URL: '' })).toMatchObject({ PORT: 3000, REDIS_URL: undefined });
  });

  it.each([
    ['PORT', 'abc', /invalid PORT="abc": expected an integer from 0 to 65535/],
    ['PORT', '70000', /invalid PORT="70000"/],
    ['REDIS_URL', 'localhost:6379', /invalid REDIS_URL="localhost:6379": expected a URL like redis:/],
    ['DATABASE_URL', 'mysql://x', /invalid DATABASE_URL="mysql:\/\/x"/],
    ['EVENTLENS_PREFIX', 'a b', /invalid EVENTLENS_PREFIX="a b"/],
    ['LOG_LEVEL', 'loud', /invalid LOG_LEVEL="loud": expected one of fatal, error/],
    ['LOG_FORMAT', 'xml', /invalid LOG_FORMAT="xml": expected json or pretty/],
    ['EVENTLENS_DEMO', 'maybe', /invalid EVENTLENS_DEMO="maybe"/],
    ['EVENTLENS_DEMO_RATE', 'fast', /invalid EVENTLENS_DEMO_RATE="fast": expected an integer from 1 to 5000/],
    ['EVENTLENS_DEMO_RATE', '0', /invalid EVENTLENS_DEMO_RATE="0"/],
    ['EVENTLENS_DEMO_RATE', '5001', /invalid EVENTLENS_DEMO_RATE="5001"/],
    ['EVENTLENS_DEMO_RATE', '2.5', /invalid EVENTLENS_DEMO_RATE="2.5"/],
    ['HOST', 'a host', /invalid HOST="a host"/],
    ['EVENTLENS_RECORDER', 'sometimes', /invalid EVENTLENS_RECORDER="sometimes": expected 1\/0/],
    ['EVENTLENS_STREAMS', 'a b', /invalid EVENTLENS_STREAMS="a b": expected a Redis glob/],
    ['EVENTLENS_RETENTION_DAYS', '0', /invalid EVENTLENS_RETENTION_DAYS="0": expected an integer from 1/],
    ['EVENTLENS_SCAN_SECONDS', '0', /invalid EVENTLENS_SCAN_SECONDS="0": expected an integer from 1 to 3600/],
    ['EVENTLENS_SCAN_SECONDS', '1m', /invalid EVENTLENS_SCAN_SECONDS="1m"/],
    [
      'EVENTLENS_MANAGE_NOTIFICATIONS',
      'on',
      /invalid EVENTLENS_MANAGE_NOTIFICATIONS="on": expected 1\/0, true\/false or yes\/no/,
    ],
    [
      'EVENTLENS_PAYLOAD_PREVIEW_BYTES',
      '256KB',
      /invalid EVENTLENS_PAYLOAD_PREVIEW_BYTES="256KB": expected an integer from 1024 to 16777216 \(bytes\)/,
    ],
    ['EVENTLENS_PAYLOAD_PREVIEW_BYTES', '100', /invalid EVENTLENS_PAYLOAD_PREVIEW_BYTES="100"/],
    [
      'EVENTLENS_PAYLOAD_DOWNLOADS',
      '0',
      /invalid EVENTLENS_PAYLOAD_DOWNLOADS="0": expected an integer from 1 to 64/,
    ],
    [
      'EVENTLENS_FOREIGN_TYPE_FIELDS',
      'a,,b',
      /invalid EVENTLENS_FOREIGN_TYPE_FIELDS="a,,b": expected a comma/,
    ],
  ])('rejects %s=%s with one line naming the variable', (variable, value, message) => {
    let error: unknown;
    try {
      loadEnv({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    expect((error as EnvError).variable).toBe(variable);
    expect((error as EnvError).message).toMatch(message);
    expect((error as EnvError).message).not.toContain('\n');
  });

  it('accepts valid values', () => {
    const env = loadEnv({
      PORT: '0',
      REDIS_URL: 'redis://127.0.0.1:6380/2',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
      EVENTLENS_DEMO: 'true',
      EVENTLENS_DEMO_RATE: '5000',
      HOST: '0.0.0.0',
      EVENTLENS_PAYLOAD_PREVIEW_BYTES: '1048576',
      EVENTLENS_PAYLOAD_DOWNLOADS: '1',
      EVENTLENS_MANAGE_NOTIFICATIONS: 'yes',
    });
    expect(env).toMatchObject({
      PORT: 0,
      EVENTLENS_DEMO: true,
      EVENTLENS_DEMO_RATE: 5000,
      HOST: '0.0.0.0',
      EVENTLENS_PAYLOAD_PREVIEW_BYTES: 1_048_576,
      EVENTLENS_PAYLOAD_DOWNLOADS: 1,
      EVENTLENS_MANAGE_NOTIFICATIONS: true,
    });
  });

  it('reads the edge settings: allowed hosts as a lower-case list, caps and limits as integers', () => {
    const env = loadEnv({
      EVENTLENS_ALLOWED_HOSTS: 'Console.Example, other.example:8080',
      EVENTLENS_SOCKETS_PER_IP: '50',
      EVENTLENS_SIGNIN_LIMIT_PER_ACCOUNT: '3',
    });
    expect(env.EVENTLENS_ALLOWED_HOSTS).toEqual(['console.example', 'other.example:8080']);
    expect(env).toMatchObject({ EVENTLENS_SOCKETS_PER_IP: 50, EVENTLENS_SOCKETS_PER_USER: 100 });
    expect(env.EVENTLENS_SIGNIN_LIMIT_PER_ACCOUNT).toBe(3);
    expect(() => loadEnv({ EVENTLENS_ALLOWED_HOSTS: 'a.example; rm -rf' })).toThrow(
      /EVENTLENS_ALLOWED_HOSTS/,
    );
    expect(() => loadEnv({ EVENTLENS_SOCKETS_PER_USER: '0' })).toThrow(/EVENTLENS_SOCKETS_PER_USER/);
  });
});

describe('loadEnv: EVENTLENS_TRUSTED_PROXIES', () => {
  it('trusts no proxy by default, and reads IPs and CIDRs as a list', () => {
    expect(loadEnv({}).EVENTLENS_TRUSTED_PROXIES).toEqual([]);
    expect(
      loadEnv({ EVENTLENS_TRUSTED_PROXIES: '10.0.0.2, 10.1.0.0/16,::1' }).EVENTLENS_TRUSTED_PROXIES,
    ).toEqual(['10.0.0.2', '10.1.0.0/16', '::1']);
  });

  it('refuses what is not an address or a CIDR in one line naming the variable', () => {
    for (const bad of ['proxy.example', '10.0.0.0/33', '10.0.0.1,,10.0.0.2', '300.1.1.1']) {
      expect(() => loadEnv({ EVENTLENS_TRUSTED_PROXIES: bad }), bad).toThrow(
        /^invalid EVENTLENS_TRUSTED_PROXIES=.*: expected IP addresses or CIDRs separated by commas/,
      );
    }
  });
});

describe('loadEnv: OpenID Connect', () => {
  const trio = {
    EVENTLENS_OIDC_ISSUER: 'https://login.example.com/realms/ops',
    EVENTLENS_OIDC_CLIENT_ID: 'eventlens',
    EVENTLENS_OIDC_CLIENT_SECRET: 's3cret',
  };
  const failure = (source: Record<string, string>): EnvError => {
    try {
      loadEnv(source);
    } catch (error) {
      if (error instanceof EnvError) return error;
      throw error;
    }
    throw new Error('loadEnv accepted it');
  };

  it('is off without settings, on with all three, viewer by default', () => {
    expect(oidcSettings(loadEnv({}))).toBeUndefined();
    expect(oidcSettings(loadEnv(trio))).toEqual({
      issuer: trio.EVENTLENS_OIDC_ISSUER,
      clientId: 'eventlens',
      clientSecret: 's3cret',
      name: 'OpenID Connect',
      defaultRole: 'viewer',
    });
    expect(
      oidcSettings(
        loadEnv({ ...trio, EVENTLENS_OIDC_NAME: 'Keycloak', EVENTLENS_OIDC_DEFAULT_ROLE: 'operator' }),
      ),
    ).toMatchObject({ name: 'Keycloak', defaultRole: 'operator' });
  });

  it.each(Object.keys(trio))('names %s when it alone is missing', (variable) => {
    const error = failure({ ...trio, [variable]: '' });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(/all three or none/);
    expect(error.message).not.toContain('\n');
  });

  it.each([
    ['EVENTLENS_OIDC_ISSUER', 'login.example.com', /expected an issuer URL/],
    ['EVENTLENS_OIDC_ISSUER', 'https://login.example.com/?x=1', /expected an issuer URL/],
    ['EVENTLENS_OIDC_DEFAULT_ROLE', 'admin', /admins are made by an admin/],
    ['EVENTLENS_OIDC_DEFAULT_ROLE', 'root', /expected one of viewer, analyst, operator/],
    ['EVENTLENS_OIDC_NAME', 'x'.repeat(41), /at most 40/],
  ])('rejects %s=%s with one line', (variable, value, message) => {
    const error = failure({ ...trio, [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });
});
