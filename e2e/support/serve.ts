/**
 * The Playwright web server: a fresh Postgres database and Redis key prefix for this run, the
 * production server on E2E_PORT with the demo traffic (EVENTLENS_DEMO) under that prefix, and cleanup
 * when Playwright stops it.
 */
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '@/db/testing/test-database';
import { deletePrefix, testRedis } from '@/server/testing/redis';
import { startServer } from './server';

const database = await createTestDatabase('e2e');
const prefix = `e2e${randomBytes(3).toString('hex')}`;
const server = await startServer({
  port: Number(process.env.E2E_PORT ?? 3100),
  env: {
    DATABASE_URL: database.url,
    EVENTLENS_PREFIX: prefix,
    EVENTLENS_DEMO: '1',
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
