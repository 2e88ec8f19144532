/**
 * Where EventLens connects and what to check when a dependency does not answer: the variable that sets
 * it, the value in use and what follows when it is unset. Texts may hold URLs: they leave the server
 * only through the presenter (server/access), which hides passwords.
 */
import { join } from 'node:path';
import type { ProbeWhere } from './health';
import type { Env } from './env';
import type { RedisTarget } from './redis-target';

export function redisWhere(env: Env, target: RedisTarget): ProbeWhere {
  const hostPort = hostAndPort(target.url);
  if (target.local) {
    return {
      target: `${target.url} (private redis-server started by demo mode)`,
      check: `The private redis-server (data in ${join(env.EVENTLENS_DATA_DIR, 'redis')}) stopped answering: restart EventLens, or set REDIS_URL to a Redis of your own.`,
    };
  }
  if (env.REDIS_URL) {
    return {
      target: target.url,
      check: `Is Redis running and reachable at ${hostPort}? REDIS_URL sets the address (and password).`,
    };
  }
  return {
    target: `${target.url} (REDIS_URL unset)`,
    check: `REDIS_URL is unset, so EventLens connects to ${hostPort}: start Redis there, or set REDIS_URL to your Redis.`,
  };
}

export function storeWhere(env: Env): ProbeWhere {
  if (env.DATABASE_URL) {
    return {
      target: env.DATABASE_URL,
      check: `Is PostgreSQL running and reachable at ${hostAndPort(env.DATABASE_URL)}, and may its user connect to the database? DATABASE_URL sets the address.`,
    };
  }
  const dir = join(env.EVENTLENS_DATA_DIR, 'pglite');
  return {
    target: `embedded PGlite in ${dir} (DATABASE_URL unset)`,
    check: `The embedded store in ${dir} does not answer: check the disk (space, permissions) and the server log, or set DATABASE_URL to a PostgreSQL.`,
  };
}

function hostAndPort(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.port ? `${parsed.hostname}:${parsed.port}` : parsed.hostname;
  } catch {
    return url;
  }
}
