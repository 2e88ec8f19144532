/**
 * A replay runner alone in a process, for the crash phase of `bench:replay`: the parent kills it with
 * SIGKILL in the middle of a job and a second runner must take the job over. Prints `ready`.
 */
import { createStore } from '@/db/client';
import { createKeys, createRedis } from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';
import { startBenchRunner } from './replay-job';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const redis = createRedis(env('REDIS_URL'), { name: 'eventlens:bench-runner' });
  await waitForReady(redis, 5_000);
  const store = await createStore({ url: env('DATABASE_URL'), max: 4 });
  startBenchRunner(
    { db: store.db, redis, keys: createKeys(env('PREFIX')) },
    { leaseMs: Number(env('LEASE_MS')), owner: 'bench-runner-child' },
  );
  process.stdout.write('ready\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error).stack ?? error)}\n`);
  process.exit(1);
});
