import { z } from 'zod';
import { DEFAULT_PAYLOAD_PREVIEW_BYTES } from './contracts/payload';
import { recorderEnvShape } from './recorder/config';
import type { OidcConfig } from './auth/oidc';
import { trustedProxies } from './http/client-address';

/** Roles a new OIDC user may get by default: never admin. */
const OIDC_ROLES = ['viewer', 'analyst', 'operator'] as const;
const OIDC_TRIO = [
  'EVENTLENS_OIDC_ISSUER',
  'EVENTLENS_OIDC_CLIENT_ID',
  'EVENTLENS_OIDC_CLIENT_SECRET',
] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const flag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', ''], { error: 'expected 1/0, true/false or yes/no' })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const port = z
  .string()
  .regex(/^\d+$/, { error: 'expected an integer from 0 to 65535' })
  .transform(Number)
  .refine((n) => n <= 65535, { error: 'expected an integer from 0 to 65535' });

const demoRate = z
  .string()
  .regex(/^\d+$/, { error: 'expected an integer from 1 to 5000 (events per second)' })
  .transform(Number)
  .refine((n) => n >= 1 && n <= 5000, { error: 'expected an integer from 1 to 5000 (events per second)' });

/** An integer from `min` to `max`; the message names the range and the unit. */
const intBetween = (min: number, max: number, unit: string) => {
  const expected = `expected an integer from ${min} to ${max} (${unit})`;
  return z
    .string()
    .regex(/^\d+$/, { error: expected })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: expected });
};

/** Whether proxy-addr accepts every entry (it throws on the first it cannot parse). */
const compiles = (entries: string[]): boolean => {
  try {
    trustedProxies(entries);
    return true;
  } catch {
    return false;
  }
};

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/[^\s]+$/, { error: 'expected a URL like redis://host:6379/0' })
    .optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, { error: 'expected a URL like postgres://user@host:5432/db' })
    .optional(),
  HOST: z
    .string()
    .min(1, { error: 'expected a host name or IP address' })
    .regex(/^[\w.:-]+$/, { error: 'expected a host name or IP address' })
    .default('127.0.0.1'),
  PORT: port.default(3000),
  EVENTLENS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, { error: 'expected 1-32 characters of A-Z, a-z, 0-9, _ or -' })
    .default('el'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  /** Unset: lines for people on a terminal, JSON for log collectors everywhere else. */
  LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'expected json or pretty' }).optional(),
  EVENTLENS_DEMO: flag.default(false),
  EVENTLENS_DEMO_RATE: demoRate.default(50),
  EVENTLENS_DATA_DIR: z.string().min(1).default('.data'),
  /** Most bytes of an event's payload one API response or live frame carries; the rest is a download. */
  EVENTLENS_PAYLOAD_PREVIEW_BYTES: intBetween(1_024, 16_777_216, 'bytes').default(
    DEFAULT_PAYLOAD_PREVIEW_BYTES,
  ),
  /** Payload downloads served at once; one more is answered 429 with Retry-After. */
  EVENTLENS_PAYLOAD_DOWNLOADS: intBetween(1, 64, 'downloads at once').default(4),
  /** Replays of more dead letters than this wait for a second admin's approval (edited replays always do). */
  EVENTLENS_REPLAY_APPROVAL_THRESHOLD: intBetween(1, 1_000_000, 'letters').default(100),
  /** A replay job whose server stopped renewing its lease this long is taken over by another instance. */
  EVENTLENS_REPLAY_LEASE_SECONDS: intBetween(2, 600, 'seconds').default(15),
  /** Signs session cookies; unset: generated once and kept in the store. */
  EVENTLENS_AUTH_SECRET: z.string().min(32, { error: 'expected at least 32 characters' }).optional(),
  /** The first admin, created when no user exists yet. */
  EVENTLENS_ADMIN_EMAIL: z.email({ error: 'expected an email address' }).optional(),
  EVENTLENS_ADMIN_PASSWORD: z.string().min(10, { error: 'expected at least 10 characters' }).optional(),
  /** The address browsers use to reach the console, when not http://HOST:PORT (behind a proxy). */
  EVENTLENS_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/]+$/, { error: 'expected an origin like https://eventlens.example.com' })
    .optional(),
  /**
   * More Host names the server answers to, comma-separated (besides loopback names, HOST and
   * EVENTLENS_PUBLIC_URL's host): any other Host is refused, against DNS rebinding.
   */
  EVENTLENS_ALLOWED_HOSTS: z
    .string()
    .regex(/^[\w.:\[\]-]+(\s*,\s*[\w.:\[\]-]+)*$/, { error: 'expected host names separated by commas' })
    .transform((v) => v.split(',').map((h) => h.trim().toLowerCase()))
    .optional(),
  /**
   * Reverse proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For names the client: the client
   * address (rate limits, socket caps, audit) is the rightmost hop that is not one of them.
   */
  EVENTLENS_TRUSTED_PROXIES: z
    .string()
    .transform((v) => v.split(',').map((entry) => entry.trim()))
    .refine(compiles, {
      error: 'expected IP addresses or CIDRs separated by commas, like 10.0.0.2,10.1.0.0/16',
    })
    .default([]),
  /** Live sockets one client address may hold; one more is refused. */
  EVENTLENS_SOCKETS_PER_IP: intBetween(1, 100_000, 'sockets').default(1_000),
  /** Live sockets one user may hold (their tokens count for them). */
  EVENTLENS_SOCKETS_PER_USER: intBetween(1, 100_000, 'sockets').default(100),
  /** Sign-in attempts per client address per 15 minutes. */
  EVENTLENS_SIGNIN_LIMIT_PER_IP: intBetween(1, 100_000, 'attempts per 15 min').default(30),
  /** Sign-in attempts per account per 15 minutes. */
  EVENTLENS_SIGNIN_LIMIT_PER_ACCOUNT: intBetween(1, 100_000, 'attempts per 15 min').default(10),
  /** State-changing API calls per user per minute. */
  EVENTLENS_CHANGES_LIMIT_PER_USER: intBetween(1, 1_000_000, 'calls per minute').default(300),
  /** OpenID Connect sign-in: the issuer, client id and secret go together (all three or none). */
  EVENTLENS_OIDC_ISSUER: z
    .string()
    .regex(/^https?:\/\/[^\s?#]+$/, {
      error: 'expected an issuer URL like https://login.example.com/realms/ops',
    })
    .optional(),
  EVENTLENS_OIDC_CLIENT_ID: z
    .string()
    .min(1)
    .max(512, { error: 'expected at most 512 characters' })
    .optional(),
  EVENTLENS_OIDC_CLIENT_SECRET: z
    .string()
    .min(1)
    .max(2048, { error: 'expected at most 2048 characters' })
    .optional(),
  /** The sign-in button's label: "Sign in with <name>". */
  EVENTLENS_OIDC_NAME: z
    .string()
    .max(40, { error: 'expected at most 40 characters' })
    .regex(/^[^\p{Cc}]*$/u, { error: 'expected a name without control characters' })
    .default('OpenID Connect'),
  /** The role of a user the provider signs in for the first time; an admin promotes from there. */
  EVENTLENS_OIDC_DEFAULT_ROLE: z
    .enum(OIDC_ROLES, { error: `expected one of ${OIDC_ROLES.join(', ')} (admins are made by an admin)` })
    .default('viewer'),
  ...recorderEnvShape,
});

export type Env = z.infer<typeof EnvSchema>;

export class EnvError extends Error {
  readonly code = 'ENV_INVALID';
  constructor(
    readonly variable: string,
    readonly expected: string,
    readonly received: string | undefined,
  ) {
    super(`invalid ${variable}${received === undefined ? '' : `=${JSON.stringify(received)}`}: ${expected}`);
    this.name = 'EnvError';
  }
}

/** Parses the environment; throws an EnvError naming the first bad variable. Empty strings count as unset. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const input = Object.fromEntries(
    Object.keys(EnvSchema.shape).map((key) => [key, source[key] === '' ? undefined : source[key]]),
  );
  const parsed = EnvSchema.safeParse(input);
  if (parsed.success) {
    const missing = OIDC_TRIO.find((key) => parsed.data[key] === undefined);
    if (missing && OIDC_TRIO.some((key) => parsed.data[key] !== undefined)) {
      throw new EnvError(
        missing,
        `expected with the other OIDC settings (${OIDC_TRIO.join(', ')}: all three or none)`,
        undefined,
      );
    }
    return parsed.data;
  }
  const issue = parsed.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  throw new EnvError(variable, issue?.message ?? 'invalid value', input[variable]);
}

/** The OIDC provider's settings when all three of issuer, client id and secret are set. */
export function oidcSettings(env: Env): OidcConfig | undefined {
  const {
    EVENTLENS_OIDC_ISSUER: issuer,
    EVENTLENS_OIDC_CLIENT_ID: clientId,
    EVENTLENS_OIDC_CLIENT_SECRET: clientSecret,
  } = env;
  if (!issuer || !clientId || !clientSecret) return undefined;
  return {
    issuer,
    clientId,
    clientSecret,
    name: env.EVENTLENS_OIDC_NAME,
    defaultRole: env.EVENTLENS_OIDC_DEFAULT_ROLE,
  };
}
