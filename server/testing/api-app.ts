/**
 * The real composition root (server/app.ts) over a fresh Postgres database and a Redis prefix of its
 * own, with the API's route handlers where Next would be: every route, socket.io, the recorder and the
 * live layer on one port, as in production, without a Next build.
 */
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { startApp, type RunningApp, type WebHandlers } from '@/server/app';
import { loadEnv } from '@/server/env';
import { createLogger, type Logger } from '@/server/log';
import { deletePrefix, testRedis, TEST_REDIS_URL, uniquePrefix } from './redis';
import { routeListener } from './route-server';

export interface ApiApp {
  app: RunningApp;
  prefix: string;
  database: TestDatabase;
  /** A request to the running app; `path` starts with `/`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  cleanup(): Promise<void>;
}

const routeWeb = async (): Promise<WebHandlers> => {
  const request = await routeListener();
  return {
    request,
    upgrade: (_req, socket) => {
      socket.destroy();
    },
    close: async () => {},
  };
};

export async function startApiApp(
  label: string,
  options: { env?: Record<string, string>; log?: Logger } = {},
): Promise<ApiApp> {
  const database = await createTestDatabase(label);
  const prefix = uniquePrefix(label);
  let app: RunningApp;
  try {
    const env = loadEnv({
      NODE_ENV: 'production',
      PORT: '0',
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: database.url,
      EVENTLENS_PREFIX: prefix,
      EVENTLENS_RECORDER: '0',
      LOG_LEVEL: 'silent',
      ...options.env,
    });
    app = await startApp({ env, log: options.log ?? createLogger('silent'), web: routeWeb });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    app,
    prefix,
    database,
    fetch: (path, init) => fetch(`${app.url}${path}`, init),
    cleanup: async () => {
      await app.close();
      const redis = await testRedis();
      await deletePrefix(redis, prefix);
      redis.disconnect();
      await database.drop();
    },
  };
}
