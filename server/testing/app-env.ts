import type { TestDatabase } from '@/db/testing/test-database';
import { loadEnv, type Env } from '@/server/env';
import { TEST_REDIS_URL } from './redis';

/**
 * The env of an app under test: production mode on an ephemeral port, the test Redis under its own
 * prefix, its own database, no recorder, no logs; `settings` adds or overrides variables.
 */
export const testAppEnv = (
  database: TestDatabase,
  prefix: string,
  settings: Record<string, string> = {},
): Env =>
  loadEnv({
    NODE_ENV: 'production',
    PORT: '0',
    REDIS_URL: TEST_REDIS_URL,
    DATABASE_URL: database.url,
    EVENTLENS_PREFIX: prefix,
    EVENTLENS_RECORDER: '0',
    LOG_LEVEL: 'silent',
    ...settings,
  });
