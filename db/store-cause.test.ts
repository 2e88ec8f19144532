/** Real drivers: Postgres on a port nothing listens on, and a real Postgres refusing a statement. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@/server/demo/free-port';
import { describeInstance, touchInstance } from '@/server/services/instances';
import { createStore, type Store } from './client';
import { isStoreUnreachable, storeCause } from './store-cause';
import { createTestStore } from './testing/test-database';

const failureOf = (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => null,
    (error: unknown) => error,
  );

describe('the real cause of a store failure', () => {
  let closed: { store: Store; port: number };
  let live: Awaited<ReturnType<typeof createTestStore>>;

  beforeAll(async () => {
    const port = await freePort();
    closed = {
      store: await createStore({ url: `postgres://eventlens:sekret@127.0.0.1:${port}/eventlens`, max: 1 }),
      port,
    };
    live = await createTestStore('postgres', 'store-cause');
  });
  afterAll(async () => {
    await closed.store.close();
    await live.cleanup();
  });

  it('names the socket\'s error, not drizzle\'s "Failed query: …" with its statement and values', async () => {
    const failure = await failureOf(touchInstance(closed.store.db, describeInstance('server', 'test')));
    expect((failure as Error).message).toMatch(/^Failed query: insert into "instances"/);
    expect(storeCause(failure)).toBe(`connect ECONNREFUSED 127.0.0.1:${closed.port}`);
    expect(isStoreUnreachable(failure)).toBe(true);
  });

  it("keeps the database's own message when it answered, and does not call that unreachable", async () => {
    const failure = await failureOf(live.store.pg!`select * from no_such_table`);
    expect(storeCause(failure)).toBe('relation "no_such_table" does not exist');
    expect(isStoreUnreachable(failure)).toBe(false);
  });
});
