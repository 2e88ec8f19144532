import { isStoreUnreachable, storeCause } from '@/db/store-cause';
import { maskCredentials } from './access/mask';
import { startApp } from './app';
import { storeWhere } from './dependency-hints';
import { RedisServerMissingError } from './demo/redis-server';
import { EnvError, loadEnv, type Env } from './env';
import { createLogger } from './log';
import { nextHandlers } from './next-handlers';

const SHUTDOWN_DEADLINE_MS = 10_000;

function readEnv(): Env {
  try {
    return loadEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    process.stderr.write(`eventlens: ${error.message}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const env = readEnv();
  const log = createLogger(env.LOG_LEVEL, { service: 'eventlens' }, env.LOG_FORMAT);
  let app;
  try {
    app = await startApp({ env, log, web: nextHandlers });
  } catch (error) {
    if (error instanceof RedisServerMissingError) {
      process.stderr.write(`eventlens: ${error.message}\n`);
      process.exit(1);
    }
    log.fatal({ err: maskCredentials(storeCause(error)) }, startupFailure(error, env));
    process.exit(1);
  }
  log.info(
    { url: app.url, store: app.store.kind, mode: env.NODE_ENV, demo: env.EVENTLENS_DEMO },
    `EventLens is up: open ${app.url} in a browser`,
  );

  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took longer than 10 s; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    app.close().then(
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

/** One line saying why the server could not start and what to check (the store is the usual cause). */
function startupFailure(error: unknown, env: Env): string {
  const cause = storeCause(error);
  const line = isStoreUnreachable(error)
    ? `start-up failed: the store is unreachable (${cause}). ${storeWhere(env).check}`
    : `start-up failed: ${cause}`;
  return maskCredentials(line);
}

void main();
