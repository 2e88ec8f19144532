/**
 * The Playwright web server: a fresh Postgres database and Redis key prefix for this run, the
 * production server on E2E_PORT, and cleanup when Playwright stops it.
 */
import { randomBytes } from 'node:crypto';
import { createTestDatabase } from '@/db/testing/test-database';
import { startServer } from './server';

const database = await createTestDatabase('e2e');
const server = await startServer({
  port: Number(process.env.E2E_PORT ?? 3100),
  env: {
    DATABASE_URL: database.url,
    EVENTLENS_PREFIX: `e2e${randomBytes(3).toString('hex')}`,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  },
});

let stopping = false;
const shutdown = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await database.drop();
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
server.process.on('exit', () => void shutdown());
