/**
 * A registered AppContext over a real test store and a real Redis with its own key prefix, for tests
 * that call route handlers directly (`GET(new Request('http://x/api/...'))`): no Next server needed.
 */
import type { Redis } from 'ioredis';
import type { Db } from '@/db/client';
import { createTestStore, type StoreFlavour } from '@/db/testing/test-database';
import { createKeys, type Keys } from '@/server/bus/keys';
import { DEFAULT_PAYLOAD_PREVIEW_BYTES } from '@/server/contracts/payload';
import { ConcurrencyGate } from '@/server/http/concurrency-gate';
import type { SettingsInUse } from '@/server/contracts/settings';
import { DEFAULT_REDIS_URL } from '@/server/bus/connection';
import { loadEnv } from '@/server/env';
import { registerAppContext } from '@/server/http/context';
import { settingsInUse } from '@/server/settings-in-use';
import { deletePrefix, testRedis, uniquePrefix } from './redis';

export interface TestContext {
  db: Db;
  redis: Redis;
  keys: Keys;
  prefix: string;
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
  registerAppContext({
    health: () => Promise.reject(new Error('health is not part of this test context')),
    settings:
      options.settings ??
      (() =>
        settingsInUse(
          loadEnv({}),
          { redis: { url: DEFAULT_REDIS_URL, local: null }, storeKind: store.kind },
          {},
        )),
    log: { error: (details, message) => logged.push({ details, message }) },
    db: store.db,
    storeKind: store.kind,
    redis,
    keys,
    internalGroups: ['eventlens-recorder'],
    payloads: {
      previewBytes: options.previewBytes ?? DEFAULT_PAYLOAD_PREVIEW_BYTES,
      downloads: new ConcurrencyGate(options.downloads ?? 4),
    },
  });
  return {
    db: store.db,
    redis,
    keys,
    prefix,
    logged,
    cleanup: async () => {
      await deletePrefix(redis, prefix);
      redis.disconnect();
      await dropStore();
    },
  };
}
