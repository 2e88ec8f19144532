import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { MIGRATIONS_FOLDER } from '@/db/migrate';
import { createTestStore } from '@/db/testing/test-database';
import { createBus, createKeys, type Bus } from '@/server/bus';
import { touchInstance } from '@/server/services/instances';
import { count, sql } from '@/server/testing/recorder';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { loadEnv } from '@/server/env';
import { recorderOptionsFromEnv } from './config';
import { startRecorder, type Recorder } from './recorder';
import { recorderGroup } from './recorder-group';

const OWN_GROUP = /^eventlens-recorder-[0-9a-f]{8}$/;

describe('the recorder group of a database', () => {
  const stores: { store: Store; cleanup(): Promise<void> }[] = [];
  let redis: Redis;
  let bus: Bus;
  const prefix = uniquePrefix('group');

  beforeAll(async () => {
    stores.push(await createTestStore('postgres', 'group-a'), await createTestStore('postgres', 'group-b'));
    redis = await testRedis();
    bus = createBus({ redis, service: 'shop', prefix, telemetry: false });
  });
  afterAll(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await Promise.all(stores.map((s) => s.cleanup()));
  });

  const [a, b] = [() => stores[0]!.store, () => stores[1]!.store];

  it('is a name of its own for each new database, unless EVENTLENS_RECORDER_GROUP names one', async () => {
    const first = await recorderGroup(a().db, undefined);
    const second = await recorderGroup(b().db, undefined);
    expect(first).toEqual({
      name: expect.stringMatching(OWN_GROUP),
      from: 'store',
      storeTag: first.name.slice(-8),
    });
    expect(second.name).toMatch(OWN_GROUP);
    expect(second.name).not.toBe(first.name);
    // read again, it is the same: recorders of one database share it
    expect(await recorderGroup(a().db, undefined)).toEqual(first);
    expect(await recorderGroup(a().db, 'billing-recorders')).toEqual({
      name: 'billing-recorders',
      from: 'environment',
      storeTag: first.storeTag,
    });
  });

  it('two deployments on one Redis each record every entry, instead of splitting the streams', async () => {
    const published = 2_000;
    for (let i = 0; i < published; i += 500) {
      await bus.publishBatch(
        'orders',
        Array.from({ length: 500 }, (_, j) => ({ type: 'order.placed', data: { n: i + j } })),
      );
    }
    const recorders = await startBoth(undefined);
    try {
      const stored = (store: Store) => count(store, 'select count(*) as n from events');
      await eventually(async () => (await stored(a())) === published && (await stored(b())) === published);
      // each group took every entry: none is left to the other
      const groups = (await redis.xinfo('GROUPS', bus.keys.stream('orders'))) as unknown[][];
      expect(groups).toHaveLength(2);
      await new Promise((resolve) => setTimeout(resolve, 500)); // a few consumer sweeps
      expect(recorders.map((r) => r.status().state)).toEqual(['running', 'running']);
    } finally {
      await Promise.all(recorders.map((r) => r.stop()));
    }
  });

  it('says so when two databases are told to share one group: each records only part', async () => {
    await bus.publish('orders', { type: 'order.placed', data: { n: -1 } });
    const recorders = await startBoth('shared-recorders');
    try {
      const [first, second] = recorders;
      const reasons = await eventually(() => {
        const [x, y] = recorders.map((r) => r.status());
        return x!.state === 'degraded' && y!.state === 'degraded' ? [x!.reason, y!.reason] : null;
      });
      // each names the other's consumer, and what to do
      expect(reasons[0]).toContain(`shared with ${second!.consumer}`);
      expect(reasons[1]).toContain(`shared with ${first!.consumer}`);
      expect(reasons[0]).toMatch(/^records only part of the streams: .*own EVENTLENS_RECORDER_GROUP/);
    } finally {
      await Promise.all(recorders.map((r) => r.stop()));
    }
  });

  /** A recorder per database on the test's streams, as the entry points start them; `group` as if set. */
  async function startBoth(group: string | undefined): Promise<Recorder[]> {
    const recorders: Recorder[] = [];
    for (const store of [a(), b()]) {
      const resolved = await recorderGroup(store.db, group);
      recorders.push(
        startRecorder({
          redis,
          store,
          keys: createKeys(prefix),
          options: {
            ...recorderOptionsFromEnv(loadEnv({ EVENTLENS_STREAMS: `${prefix}*` }), resolved),
            blockMs: 100,
            readCount: 100,
            batchSize: 100,
            sweepEveryMs: 100,
            maintenanceEveryMs: 0,
          },
        }),
      );
    }
    return recorders;
  }

  it('stays the shared eventlens-recorder in a database that recorded before it had an identity', async () => {
    // replays the migration's choice on a database with a recorder on record, as an upgrade meets it
    const statements = readFileSync(join(MIGRATIONS_FOLDER, '0013_store_identity.sql'), 'utf8').split(
      '--> statement-breakpoint',
    );
    const insert = statements.at(-1)!;
    await sql(a(), 'delete from store_identity');
    await touchInstance(a().db, {
      id: 'recorder-upgraded',
      role: 'recorder',
      host: 'vm',
      pid: 1,
      version: '0.0.0',
      startedAt: new Date(),
    });
    await sql(a(), insert);
    expect(await recorderGroup(a().db, undefined)).toMatchObject({
      name: 'eventlens-recorder',
      from: 'store',
    });

    await sql(a(), 'delete from store_identity');
    await sql(a(), 'truncate events, dead_letters, dead_letter_states, instances');
    await sql(a(), insert);
    expect((await recorderGroup(a().db, undefined)).name).toMatch(OWN_GROUP);
  });
});
