/**
 * `npm run recorder`: the recorder alone, in its own process (a composition root like server/main.ts).
 * Several may run against one Redis and one Postgres: they share the consumer group. It needs
 * DATABASE_URL: the embedded PGlite store belongs to the server process, which runs its own recorder.
 */
import { createStore } from '@/db/client';
import { storeCause } from '@/db/store-cause';
import { maskCredentials } from '@/server/access/mask';
import { redisWhere, storeWhere } from '@/server/dependency-hints';
import { reportRecorderStall } from '@/server/recorder-stall';
import { migrateStore } from '@/db/migrate';
import { createKeys, createRedis, DEFAULT_REDIS_URL, waitForReady } from '@/server/bus';
import { EnvError, loadEnv } from '@/server/env';
import { createLogger } from '@/server/log';
import { describeInstance, touchInstance } from '@/server/services/instances';
import { VERSION } from '@/server/version';
import { recorderOptionsFromEnv } from './config';
import { recorderGroup } from './recorder-group';
import { startRecorder } from './recorder';

const SHUTDOWN_DEADLINE_MS = 10_000;
const HEARTBEAT_MS = 15_000;

function fatal(message: string, code: number): never {
  process.stderr.write(`eventlens-recorder: ${message}\n`);
  process.exit(code);
}

function readEnv() {
  try {
    return loadEnv();
  } catch (error) {
    if (error instanceof EnvError) fatal(error.message, 2);
    throw error;
  }
}

async function main(): Promise<void> {
  const env = readEnv();
  if (!env.DATABASE_URL) {
    fatal(
      'DATABASE_URL is required: a standalone recorder writes to Postgres (the embedded PGlite store belongs to the server, which records on its own)',
      2,
    );
  }
  const log = createLogger(env.LOG_LEVEL, { service: 'eventlens-recorder' }, env.LOG_FORMAT);
  const redis = createRedis(env.REDIS_URL ?? DEFAULT_REDIS_URL, { name: 'eventlens:recorder' });
  redis.on('error', (error: Error) => log.debug({ err: error.message }, 'redis connection error'));
  const redisAt = redisWhere(env, { url: env.REDIS_URL ?? DEFAULT_REDIS_URL, local: null });
  await waitForReady(redis, 3_000).catch((error: unknown) =>
    log.warn(
      {},
      maskCredentials(
        `Redis is not answering yet (${(error as Error).message}); the recorder starts anyway and waits for it. ${redisAt.check}`,
      ),
    ),
  );

  let store;
  try {
    store = await createStore({ url: env.DATABASE_URL, max: 6 });
    await migrateStore(store, env.DATABASE_URL);
  } catch (error) {
    log.fatal(
      {},
      maskCredentials(`could not open the store: ${storeCause(error)}. ${storeWhere(env).check}`),
    );
    process.exit(1);
  }

  const recorder = startRecorder({
    redis,
    store,
    keys: createKeys(env.EVENTLENS_PREFIX),
    log: log.child({ component: 'recorder' }),
    options: recorderOptionsFromEnv(env, await recorderGroup(store.db, env.EVENTLENS_RECORDER_GROUP)),
  });
  const self = describeInstance('recorder', VERSION);
  const heartbeat = async () => {
    await touchInstance(store.db, self).catch((error: unknown) =>
      log.debug({ err: (error as Error).message }, 'instance heartbeat failed'),
    );
  };
  await heartbeat();
  const timer = setInterval(() => void heartbeat(), HEARTBEAT_MS);

  reportRecorderStall(recorder, log, { redis: redisAt.check, store: storeWhere(env).check });
  void recorder.ready.then(() =>
    log.info(
      { group: recorder.group, consumer: recorder.consumer, streams: env.EVENTLENS_STREAMS },
      'recorder ready',
    ),
  );

  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({}, 'shutdown took longer than 10 s; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    clearInterval(timer);
    recorder
      .stop()
      .then(async () => {
        redis.disconnect();
        await store.close();
      })
      .then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
