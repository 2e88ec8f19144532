import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { deadLetters } from '@/db/schema';
import { createTestStore } from '@/db/testing/test-database';
import { createKeys } from '@/server/bus';
import type { DeadLettersChanged } from '@/server/contracts/live';
import { deadLetterPulse } from '@/server/queries/dead-letter-pulse';
import { setLetterState } from '@/server/testing/letter-states';
import { connectLiveClient, startLiveTestServer, type LiveTestServer } from '@/server/testing/live';
import { eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { deadLetterRow } from '@/server/testing/store-rows';
import { changeBetween } from './dead-letters-notifier';

describe('deadLetters:changed (real store, real socket.io)', () => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let redis: Redis;
  let server: LiveTestServer;
  let reads = 0;

  beforeAll(async () => {
    const store = await createTestStore('postgres', 'live_dlq');
    db = store.store.db;
    cleanup = store.cleanup;
    redis = await testRedis();
    server = await startLiveTestServer({
      redis,
      keys: createKeys(uniquePrefix('live-dlq')),
      snapshots: {
        topology: async () => ({ nodes: [], edges: [] }),
        metrics: async () => ({}),
        deadLetters: async () => {
          reads += 1;
          return deadLetterPulse(db);
        },
      },
    });
  });
  afterAll(async () => {
    await server.close();
    redis.disconnect();
    await cleanup();
  });

  it('tells connected sockets when letters are recorded and when they change status', async () => {
    expect(reads).toBe(0); // nobody connected: the store is not read
    const client = await connectLiveClient(server.url);
    const notices: DeadLettersChanged[] = [];
    client.on('deadLetters:changed', (change) => notices.push(change));
    try {
      await eventually(() => reads >= 1, 20_000); // the baseline
      await db
        .insert(deadLetters)
        .values([
          deadLetterRow({ id: 'orders/1-0', topic: 'orders', group: 'g' }),
          deadLetterRow({ id: 'orders/2-0', topic: 'orders', group: 'g' }),
        ]);
      await eventually(() => notices.length >= 1, 20_000);
      expect(notices[0]).toEqual({ recorded: 2, changed: 0, pending: 2 });

      await setLetterState(db, 'orders/1-0', 'discarded');
      await eventually(() => notices.length >= 2, 20_000);
      expect(notices[1]).toEqual({ recorded: 0, changed: 1, pending: 1 });
    } finally {
      client.disconnect();
    }
  }, 60_000);

  it('says nothing when nothing moved', () => {
    const pulse = { total: 3, pending: 2, replaying: 0, replayed: 1, discarded: 0, lastRecordedMs: 10 };
    expect(changeBetween(pulse, { ...pulse })).toBeNull();
    expect(changeBetween(pulse, { ...pulse, pending: 1, replaying: 1 })).toEqual({
      recorded: 0,
      changed: 1,
      pending: 1,
    });
  });
});
