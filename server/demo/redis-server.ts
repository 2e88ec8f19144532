import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { redisAnswers } from '../bus/connection';
import { freePort } from './free-port';

export class RedisServerMissingError extends Error {
  readonly code = 'REDIS_SERVER_MISSING';
  constructor() {
    super(
      'redis-server is not on PATH and nothing answers on 127.0.0.1:6379: install Redis 7 (apt install redis-server, brew install redis) or set REDIS_URL',
    );
    this.name = 'RedisServerMissingError';
  }
}

export interface LocalRedis {
  url: string;
  port: number;
  pid: number;
  /** Stops this redis-server by its own PID and waits for it to exit. */
  stop(): Promise<void>;
}

export interface LocalRedisOptions {
  dataDir: string;
  port?: number;
  /** Demo data survives restarts; tests pass false. */
  appendOnly?: boolean;
  startTimeoutMs?: number;
}

/** Starts a private `redis-server` from PATH on a free port and waits until it answers PING. */
export async function startLocalRedis(options: LocalRedisOptions): Promise<LocalRedis> {
  mkdirSync(options.dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', options.dataDir, '--save', ''];
  args.push('--appendonly', options.appendOnly === false ? 'no' : 'yes', '--daemonize', 'no');
  const child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });

  const spawnFailure = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new RedisServerMissingError() : error),
    );
    child.once('exit', (code) => reject(new Error(`redis-server exited with code ${code} on port ${port}`)));
  });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 5_000);
  const ready = (async () => {
    while (Date.now() < deadline) {
      if (await redisAnswers(url, 200)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server on port ${port} did not answer within the start timeout`);
  })();
  try {
    await Promise.race([ready, spawnFailure]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  spawnFailure.catch(() => {
    // after start-up an exit is expected (stop()) or surfaces through the health check
  });

  return {
    url,
    port,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
