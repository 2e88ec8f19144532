/**
 * The Playwright web server: a fresh Postgres database, the production server on E2E_PORT recording
 * the run's Redis key prefix (E2E_PREFIX, which the specs' fixtures seed under; no demo traffic), and
 * cleanup when Playwright stops it. Its admin comes from EVENTLENS_ADMIN_*; a viewer is added beside it.
 */
import { createTestDatabase } from '@/db/testing/test-database';
import { createAccounts } from '@/server/testing/accounts';
import { deletePrefix, testRedis } from '@/server/testing/redis';
import { E2E_ADMIN, E2E_APPROVER, E2E_OPERATOR, E2E_VIEWER } from './accounts';
import { startServer } from './server';

const database = await createTestDatabase('e2e');
const prefix = process.env.E2E_PREFIX;
if (!prefix) throw new Error('E2E_PREFIX is not set: start the e2e server through playwright.config.ts');
const server = await startServer({
  port: Number(process.env.E2E_PORT ?? 3100),
  env: {
    DATABASE_URL: database.url,
    EVENTLENS_PREFIX: prefix,
    // specs seed what they assert (support/fixtures.ts); only first-run.spec.ts starts a demo
    EVENTLENS_DEMO: '0',
    // the recorder reads only this run's streams (foreign ones too, named `${prefix}-…`), not the
    // rest of a Redis that other suites share
    EVENTLENS_STREAMS: `${prefix}*`,
    // the documented bootstrap: the first admin from the environment (specs sign in as it)
    EVENTLENS_ADMIN_EMAIL: E2E_ADMIN.email,
    EVENTLENS_ADMIN_PASSWORD: E2E_ADMIN.password,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  },
});
// lesser roles beside the admin, for the specs that compare what each may see and do, and a second
// admin for four-eyes approvals
await createAccounts(database.url, [E2E_VIEWER, E2E_OPERATOR, E2E_APPROVER]);

let stopping = false;
const shutdown = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await database.drop();
  const redis = await testRedis(process.env.REDIS_URL);
  await deletePrefix(redis, prefix);
  redis.disconnect();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
server.process.on('exit', () => void shutdown());
