/**
 * The EventLens server (server/app.ts, the composition root the real server starts: store, recorder
 * off, socket.io, HTTP, the replay runner) without Next's pages, in a child process that a test or
 * `bench:replay` kills with SIGKILL in the middle of a replay job; another one must take the job over
 * once the dead server's lease expires. Prints `ready` once listening. EVENTLENS_* variables pass
 * through (e.g. EVENTLENS_REPLAY_LEASE_SECONDS).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startApp } from '@/server/app';
import { noPages } from './no-pages';
import { loadEnv } from '@/server/env';
import { createLogger } from '@/server/log';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  await startApp({
    env: loadEnv({
      ...process.env,
      PORT: '0',
      REDIS_URL: env('REDIS_URL'),
      DATABASE_URL: env('DATABASE_URL'),
      EVENTLENS_PREFIX: env('PREFIX'),
      EVENTLENS_DATA_DIR: mkdtempSync(join(tmpdir(), 'bench-replay-server-')),
      EVENTLENS_RECORDER: '0',
    }),
    // warnings to stderr: stdout carries only `ready`
    log: createLogger('warn', {}, 'json', pino.destination(2)),
    web: noPages,
  });
  process.stdout.write('ready\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
