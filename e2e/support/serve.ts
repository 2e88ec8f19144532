/**
 * The Playwright web server: a fresh Postgres database, the production server on E2E_PORT recording
 * the run's Redis key prefix (E2E_PREFIX, which the specs' fixtures seed under; no demo traffic), and
 * cleanup when Playwright stops it.
 */
import { createTestDatabase } from '@/db/testing/test-database';
import { deletePrefix, testRedis } from '@/server/testing/redis';
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
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  },
});

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
