/**
 * A registered AppContext over a real test store and a real Redis with its own key prefix, for tests
 * that call route handlers directly (`GET(new Request('http://x/api/...'))`): no Next server needed.
 */
import type { Redis } from 'ioredis';
import type { Db, Store } from '@/db/client';
import { createTestStore, type StoreFlavour } from '@/db/testing/test-database';
import { createKeys, type Keys } from '@/server/bus/keys';
import { DEFAULT_PAYLOAD_PREVIEW_BYTES } from '@/server/contracts/payload';
import { ConcurrencyGate } from '@/server/http/concurrency-gate';
import { createRateLimits, type RateLimitSettings } from '@/server/http/rate-limits';
import type { Health } from '@/server/contracts/health';
import type { SettingsInUse } from '@/server/contracts/settings';
import { DEFAULT_REDIS_URL } from '@/server/bus/connection';
import { loadEnv } from '@/server/env';
import { DEFAULT_GROUP } from '@/server/recorder';
import type { Role } from '@/server/access/roles';
import { setUpAuth } from '@/server/auth/access-setup';
import { createAuthenticator } from '@/server/auth/authenticate';
import { registerAppContext } from '@/server/http/context';
import { recordAudit } from '@/server/services/audit';
import { createToken } from '@/server/services/tokens';
import { createUser, throwawayPassword } from '@/server/services/users';
import { setDefaultCredentials } from './api-requests';
import { settingsInUse } from '@/server/settings-in-use';
import { deletePrefix, testRedis, uniquePrefix } from './redis';

export interface TestContext {
  db: Db;
  /** The store behind `db`, for what takes a Store (a recorder). */
  store: Store;
  redis: Redis;
  keys: Keys;
  prefix: string;
  /** Authorization headers of a real user of that role (a bearer token), created on first use. */
  as(role: Role): Promise<Record<string, string>>;
  /** Errors the route builder logged (unexpected 500s). */
  logged: { details: object; message: string }[];
  cleanup(): Promise<void>;
}

export interface TestContextOptions {
  /** EVENTLENS_PAYLOAD_PREVIEW_BYTES; default the same as the server's. */
  previewBytes?: number;
  /** EVENTLENS_PAYLOAD_DOWNLOADS; default 4. */
  downloads?: number;
  /** What /api/settings reports; default: an empty environment's settings. */
  settings?: () => SettingsInUse;
  /** Rate limits (Redis counters under the test prefix); default: far beyond any test's calls. */
  rateLimits?: Partial<RateLimitSettings>;
  /** EVENTLENS_PUBLIC_URL. */
  publicOrigin?: string;
  /** What /api/health reports, given the context's clients; default: none (the route answers 500). */
  health?: (clients: { db: Db; redis: Redis }) => Promise<Health>;
}

export async function startTestContext(
  flavour: StoreFlavour = 'postgres',
  label = 'api',
  options: TestContextOptions = {},
): Promise<TestContext> {
  const { store, cleanup: dropStore } = await createTestStore(flavour, label);
  const redis = await testRedis();
  const prefix = uniquePrefix(label);
  const keys = createKeys(prefix);
  const logged: TestContext['logged'] = [];
  const auth = await setUpAuth({
    db: store.db,
    secret: undefined,
    publicUrl: 'http://x',
    audit: (entry) => recordAudit(store.db, entry),
  });
  const credentials = new Map<Role, Promise<Record<string, string>>>();
  const as = (role: Role): Promise<Record<string, string>> => {
    let headers = credentials.get(role);
    if (!headers) {
      headers = (async () => {
        const email = `${role}-${prefix}@test.eventlens`;
        const user = await createUser(
          { db: store.db, auth, caller: null },
          { email, password: throwawayPassword(), role },
        );
        const token = await createToken(
          { db: store.db, caller: { kind: 'user', userId: user.id, name: email, role } },
          { name: `${role} test token`, role },
        );
        return { authorization: `Bearer ${token.secret}` };
      })();
      credentials.set(role, headers);
    }
    return headers;
  };
  // requests built by api-requests.ts act as an admin unless a test says otherwise
  setDefaultCredentials(await as('admin'));
  registerAppContext({
    auth,
    ...(options.publicOrigin ? { publicOrigin: options.publicOrigin } : {}),
    limits: createRateLimits(redis, prefix, {
      signInPerIp: 10_000,
      signInPerAccount: 10_000,
      signInWindowS: 900,
      mutationsPerUser: 10_000,
      mutationsWindowS: 60,
      ...options.rateLimits,
    }),
    authenticate: createAuthenticator({ auth, db: store.db }),
    health: options.health
      ? () => options.health!({ db: store.db, redis })
      : () => Promise.reject(new Error('health is not part of this test context')),
    settings:
      options.settings ??
      (() =>
        settingsInUse(
          loadEnv({}),
          {
            redis: { url: DEFAULT_REDIS_URL, local: null },
            storeKind: store.kind,
            recorderGroup: { name: DEFAULT_GROUP, from: 'environment' },
          },
          {},
        )),
    log: { error: (details, message) => logged.push({ details, message }) },
    db: store.db,
    storeKind: store.kind,
    redis,
    keys,
    internalGroups: [DEFAULT_GROUP],
    payloads: {
      previewBytes: options.previewBytes ?? DEFAULT_PAYLOAD_PREVIEW_BYTES,
      downloads: new ConcurrencyGate(options.downloads ?? 4),
    },
  });
  return {
    db: store.db,
    store,
    redis,
    keys,
    prefix,
    as,
    logged,
    cleanup: async () => {
      await deletePrefix(redis, prefix);
      redis.disconnect();
      await dropStore();
    },
  };
}
