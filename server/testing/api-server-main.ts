/**
 * A server process for tests of HTTP clients (the CLI): the app's route handlers over the store at
 * DATABASE_URL and the Redis at REDIS_URL with EVENTLENS_PREFIX, authenticated as in production
 * (tokens and cookies, no demo principal). Prints `ready <url>` once it listens.
 *   node --import tsx server/testing/api-server-main.ts
 */
import { recordAudit } from '@/server/services/audit';
import { createStore } from '@/db/client';
import { setUpAuth } from '@/server/auth/access-setup';
import { createAuthenticator } from '@/server/auth/authenticate';
import { createBus, createRedis, DEFAULT_REDIS_URL } from '@/server/bus';
import { createKeys } from '@/server/bus/keys';
import { DEFAULT_PAYLOAD_PREVIEW_BYTES } from '@/server/contracts/payload';
import { loadEnv } from '@/server/env';
import { DEFAULT_GROUP } from '@/server/recorder';
import { ConcurrencyGate } from '@/server/http/concurrency-gate';
import { registerAppContext } from '@/server/http/context';
import { createRateLimits, DEFAULT_RATE_LIMITS } from '@/server/http/rate-limits';
import { settingsInUse } from '@/server/settings-in-use';
import { startRouteServer } from './route-server';

async function main(): Promise<void> {
  const env = loadEnv();
  if (!env.DATABASE_URL) throw new Error('set DATABASE_URL to a migrated test database');
  const store = await createStore({ url: env.DATABASE_URL, max: 4 });
  const redis = createRedis(env.REDIS_URL ?? DEFAULT_REDIS_URL, { name: 'eventlens:test-api' });
  // tests record with the helper's recorder, under the library's default group
  const recorderGroupName = env.EVENTLENS_RECORDER_GROUP ?? DEFAULT_GROUP;
  const auth = await setUpAuth({
    db: store.db,
    secret: undefined,
    publicUrl: 'http://127.0.0.1',
    audit: (entry) => recordAudit(store.db, entry),
  });
  // as the server's: asks the processes that define an aggregate type for its states
  const inspector = createBus({
    redis,
    service: 'eventlens-console',
    prefix: env.EVENTLENS_PREFIX,
    telemetry: false,
  });
  registerAppContext({
    auth,
    limits: createRateLimits(redis, env.EVENTLENS_PREFIX, {
      ...DEFAULT_RATE_LIMITS,
      mutationsPerUser: 100_000,
    }),
    authenticate: createAuthenticator({ auth, db: store.db }),
    health: () => Promise.reject(new Error('health is not served by the test API server')),
    settings: () =>
      settingsInUse(
        env,
        {
          redis: { url: env.REDIS_URL ?? DEFAULT_REDIS_URL, local: null },
          storeKind: store.kind,
          recorderGroup: { name: recorderGroupName, from: 'environment' },
        },
        {},
      ),
    log: { error: (details, message) => process.stderr.write(`${message} ${JSON.stringify(details)}\n`) },
    db: store.db,
    storeKind: store.kind,
    redis,
    keys: createKeys(env.EVENTLENS_PREFIX),
    internalGroups: [recorderGroupName],
    aggregateInspector: inspector,
    payloads: { previewBytes: DEFAULT_PAYLOAD_PREVIEW_BYTES, downloads: new ConcurrencyGate(4) },
  });
  const server = await startRouteServer();
  process.stdout.write(`ready ${server.url}\n`);
  const stop = () => {
    void server.close().finally(async () => {
      await inspector.close({ timeoutMs: 1_000 });
      redis.disconnect();
      await store.close();
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
