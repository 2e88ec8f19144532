/**
 * `eventlens dlq replay --… [--dry-run] [--wait]`, `dlq jobs`, `dlq cancel` (the CLI's program, run in
 * this process) against a real server process (server/testing/api-server-main.ts) over a real store and
 * Redis, with the replay runner running in this process on the same store.
 */
import { and, eq } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { deliveries, deliveryConsumers, replayJobLetters } from '@/db/schema';
import { createTestStore } from '@/db/testing/test-database';
import { createKeys, type Keys } from '@/server/bus/keys';
import { startReplayRunner, type ReplayRunner } from '@/server/replays/runner';
import { cliTokens, startApiServer, type ApiServer } from '@/server/testing/api-server';
import { runCli, type CliResult } from '@/server/testing/cli-in-process';
import { deletePrefix, eventually, TEST_REDIS_URL, testRedis, uniquePrefix } from '@/server/testing/redis';
import { seedDeadLetters } from '@/server/testing/replay-letters';

const CLI_TEST_MS = 90_000;

describe('eventlens dlq replay jobs through the server API', () => {
  let store: Store;
  let dropStore: () => Promise<void>;
  let redis: Redis;
  let keys: Keys;
  let prefix: string;
  let server: ApiServer;
  let runner: ReplayRunner;
  let env: Record<string, string>;

  /** Runs the CLI's program in this process; the runner and the test's telemetry keep going meanwhile. */
  const cli = (args: string[]): Promise<CliResult> =>
    runCli(args, { REDIS_URL: TEST_REDIS_URL, EVENTLENS_PREFIX: prefix, ...env });

  /** The consumers of `topic` handle the replayed events: their telemetry, as the recorder writes it. */
  async function handledTelemetry(topic: string): Promise<NodeJS.Timeout> {
    const [consumer] = await store.db
      .insert(deliveryConsumers)
      .values({ topic, group: 'payers', consumer: 'c1', service: 'payments' })
      .returning();
    return setInterval(() => {
      void store.db
        .select()
        .from(replayJobLetters)
        .where(eq(replayJobLetters.state, 'replayed'))
        .then(async (rows) => {
          for (const row of rows)
            await store.db
              .insert(deliveries)
              .values({
                consumerId: consumer!.id,
                entryId: row.entryId ?? '0-0',
                eventId: row.eventId,
                outcome: 'handled',
                attempt: 1,
                at: new Date(),
              })
              .onConflictDoNothing();
        })
        .catch(() => undefined); // the next tick tries again
    }, 50);
  }

  beforeAll(async () => {
    const created = await createTestStore('postgres', 'cli-dlq-replay');
    store = created.store;
    dropStore = created.cleanup;
    redis = await testRedis();
    prefix = uniquePrefix('cli-replay');
    keys = createKeys(prefix);
    const tokens = await cliTokens(store.db, ['operator'], 'cli-replay.test');
    server = await startApiServer(created.url!, prefix);
    env = { EVENTLENS_URL: server.url, EVENTLENS_TOKEN: tokens.get('operator')! };
  }, 60_000);

  afterAll(async () => {
    await runner?.stop();
    await server?.stop();
    if (redis) {
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
    await dropStore?.();
  });

  it(
    'previews with --dry-run, then replays with --wait and exits 0 once every letter succeeded',
    async () => {
      await seedDeadLetters({ db: store.db, redis, keys }, 'cli-a', 3, { fingerprint: 'fp-cli-a' });
      const dry = await cli(['dlq', 'replay', '--fingerprint', 'fp-cli-a', '--dry-run']);
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/^would replay 3 letters/);

      runner = startReplayRunner({
        db: store.db,
        redis,
        keys,
        pollMs: 50,
        settleEveryMs: 50,
        rampStepMs: 50,
      });
      const handled = await handledTelemetry('cli-a');
      try {
        const run = await cli(['dlq', 'replay', '--filter-topic', 'cli-a', '--rate', '100', '--wait']);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const lines = run.stdout.trim().split('\n');
        expect(lines[0]).toMatch(/^replay job \S+: queued, 3 letters$/);
        expect(lines.at(-1)).toMatch(/^completed: replayed 3\/3, succeeded 3, failed again 0, remaining 0/);
      } finally {
        clearInterval(handled);
      }
    },
    CLI_TEST_MS,
  );

  it(
    'replays ids given as arguments as a job too, and --wait exits 1 when the job fails',
    async () => {
      const handled = await handledTelemetry('cli-c');
      try {
        // ids as arguments make a job (never a direct replay), followed the same way
        const [one, two] = await seedDeadLetters({ db: store.db, redis, keys }, 'cli-c', 2);
        const byId = await cli(['dlq', 'replay', one!.id, '--wait']);
        expect(byId.stderr).toBe('');
        expect(byId.code).toBe(0);
        const idLines = byId.stdout.trim().split('\n');
        expect(idLines[0]).toMatch(/^replay job \S+: queued, 1 letters$/);
        expect(idLines.at(-1)).toMatch(/^completed: replayed 1\/1, succeeded 1, failed again 0, remaining 0/);
        // a job that cannot go on (its target group does not exist) fails: exit 1, the letter stays
        const failed = await cli(['dlq', 'replay', two!.id, '--group', 'nobody', '--wait']);
        expect(failed.code).toBe(1);
        expect(failed.stdout.trim().split('\n').at(-1)).toMatch(/^failed: replayed 0\/1/);
        expect(failed.stderr.trim()).toMatch(
          /^eventlens: not every letter succeeded: job failed, 0 of 1 succeeded, .*consumer group "nobody" does not exist/,
        );
        expect(await redis.xlen(keys.deadLetters('cli-c'))).toBe(1);
      } finally {
        clearInterval(handled);
      }
    },
    CLI_TEST_MS,
  );

  it(
    'replays each letter to the group that failed it with --failed-group',
    async () => {
      await seedDeadLetters({ db: store.db, redis, keys }, 'cli-d', 2, { group: 'payers' });
      await seedDeadLetters({ db: store.db, redis, keys }, 'cli-d', 1, { group: 'shippers' });
      for (const group of ['payers', 'shippers'])
        await redis.xgroup('CREATE', keys.stream('cli-d'), group, '$', 'MKSTREAM');
      const dry = await cli(['dlq', 'replay', '--filter-topic', 'cli-d', '--failed-group', '--dry-run']);
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/receiving groups: +cli-d\/payers \(.*\), cli-d\/shippers \(/);
      const both = await cli([
        'dlq',
        'replay',
        '--filter-topic',
        'cli-d',
        '--failed-group',
        '--group',
        'payers',
      ]);
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/give one of --failed-group, --group or --topic/);

      const run = await cli(['dlq', 'replay', '--filter-topic', 'cli-d', '--failed-group', '--rate', '100']);
      expect(run.code).toBe(0);
      await eventually(async () => (await redis.xlen(keys.deadLetters('cli-d'))) === 0);
      expect(await redis.xlen(keys.redelivery('cli-d', 'payers'))).toBe(2);
      expect(await redis.xlen(keys.redelivery('cli-d', 'shippers'))).toBe(1);
      expect(await redis.xlen(keys.stream('cli-d'))).toBe(0);
    },
    CLI_TEST_MS,
  );

  it(
    'lists jobs and cancels one: its letters are free again',
    async () => {
      await runner?.stop();
      const [letter] = await seedDeadLetters({ db: store.db, redis, keys }, 'cli-b', 1);
      const made = await cli(['dlq', 'replay', '--id', letter!.id]);
      expect(made.code).toBe(0);
      const jobId = /^replay job (\S+): queued/.exec(made.stdout)?.[1];
      expect(jobId).toBeTruthy();
      const cancelled = await cli(['dlq', 'cancel', jobId!]);
      expect(cancelled.code).toBe(0);
      expect(cancelled.stdout.trim()).toBe(`cancelled replay job ${jobId}: 0 of 1 replayed, 1 not replayed`);
      const jobs = await cli(['dlq', 'jobs']);
      expect(jobs.stdout).toMatch(new RegExp(`${jobId}\\s+cancelled`));
      const live = await store.db
        .select()
        .from(replayJobLetters)
        .where(and(eq(replayJobLetters.letterId, letter!.id), eq(replayJobLetters.state, 'pending')));
      expect(live).toHaveLength(0);
    },
    CLI_TEST_MS,
  );
});
