/**
 * kill -9 of the server in the middle of a replay job: the server (server/app.ts without Next's pages)
 * runs in a child process over a real Postgres and Redis; when the job is a third through, the child
 * gets SIGKILL. At that moment every letter is either moved or still a dead letter; a second server
 * takes the job over when the lease expires, and every letter ends on the topic exactly once.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Store } from '@/db/client';
import { migrateStore } from '@/db/migrate';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import type { Redis } from 'ioredis';
import type { Principal } from '@/server/access/principal';
import { createKeys, type Keys } from '@/server/bus/keys';
import { createReplay } from '@/server/services/replays';
import { approveReplay } from '@/server/services/replays-control';
import { getReplay } from '@/server/services/replays-read';
import { seedLetters } from '@/server/testing/bulk-dead-letters';
import { startChild, waitForExit } from '@/server/testing/child';
import { deletePrefix, eventually, testRedis, TEST_REDIS_URL, uniquePrefix } from '@/server/testing/redis';

const LETTERS = 2_000;
const CREATOR: Principal = { kind: 'user', userId: 'crash-creator', name: 'crash creator', role: 'admin' };
const APPROVER: Principal = { kind: 'user', userId: 'crash-approver', name: 'crash approver', role: 'admin' };

describe('a replay job when its server is killed with SIGKILL', () => {
  let database: TestDatabase;
  let store: Store;
  let redis: Redis;
  let keys: Keys;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    database = await createTestDatabase('replay-crash');
    store = await createStore({ url: database.url, max: 4 });
    await migrateStore(store, database.url);
    redis = await testRedis();
    keys = createKeys(uniquePrefix('replay-crash'));
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await deletePrefix(redis, keys.prefix);
    redis.disconnect();
    await store.close();
    await database.drop();
  });

  const startServer = async (): Promise<ChildProcess> => {
    const child = await startChild('server/testing/server-child.ts', {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: database.url,
      PREFIX: keys.prefix,
      EVENTLENS_REPLAY_LEASE_SECONDS: '2',
    });
    children.add(child);
    return child;
  };

  it('leaves every letter moved or pending at the kill, and the next server finishes it once each', async () => {
    const clients = { db: store.db, redis, keys };
    await seedLetters(clients, { topic: 'crash', group: 'billing', fingerprint: 'fp-crash', count: LETTERS });
    const made = await createReplay(
      { ...clients, caller: CREATOR },
      { selection: { fingerprint: 'fp-crash' }, rate: { start: 1_000, max: 1_000 } },
    );
    expect(made.state).toBe('awaiting-approval'); // above the four-eyes threshold
    await approveReplay({ db: store.db, caller: APPROVER }, { id: made.id });

    const first = await startServer();
    const stream = keys.stream('crash');
    await eventually(async () => (await redis.xlen(stream)) >= LETTERS / 3, 30_000);
    first.kill('SIGKILL');
    await waitForExit(first);
    children.delete(first);
    const [moved, remaining] = await Promise.all([redis.xlen(stream), redis.xlen(keys.deadLetters('crash'))]);
    expect(moved).toBeLessThan(LETTERS);
    expect(moved + remaining).toBe(LETTERS);

    const second = await startServer();
    const done = await eventually(async () => {
      const job = await getReplay(store.db, made.id);
      return job.replayed + job.skipped === LETTERS ? job : null;
    }, 60_000);
    second.kill('SIGTERM');
    await waitForExit(second);
    children.delete(second);

    const entries = await redis.xrange(stream, '-', '+');
    const ids = new Set(entries.map(([, flat]) => JSON.parse(flat[flat.indexOf('event') + 1]!).id as string));
    expect(entries).toHaveLength(LETTERS);
    expect(ids.size).toBe(LETTERS);
    expect(await redis.xlen(keys.deadLetters('crash'))).toBe(0);
    expect(done.remaining).toBe(0);
  }, 120_000);
});
