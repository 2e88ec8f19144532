/**
 * Foreign streams written by anything (here a raw XADD, as `redis-cli XADD` does) reach History by their
 * correlation id without waiting for the keyspace SCAN, when Redis announces new keys; and EventLens
 * changes `notify-keyspace-events` only when allowed to. Each case runs its own redis-server: the shared
 * one's configuration is not the tests' to change.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { createTestStore } from '@/db/testing/test-database';
import { startLocalRedis, type LocalRedis } from '@/server/demo/redis-server';
import { searchEvents } from '@/server/queries/events';
import { sql, startTestRecorder } from '@/server/testing/recorder';
import { eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import type { Recorder, RecorderSettings } from './index';

const HOUR_MS = 3_600_000;

const hasFlags = (flags: string, wanted: string): boolean =>
  [...wanted].every((flag) => flags.includes(flag));

describe('foreign streams found from keyspace notifications', () => {
  let store: Store;
  let cleanupStore: () => Promise<void>;
  let server: LocalRedis | null = null;
  let dataDir = '';
  const clients: Redis[] = [];
  const recorders: Recorder[] = [];

  beforeAll(async () => {
    ({ store, cleanup: cleanupStore } = await createTestStore('postgres', 'foreign_streams'));
  });
  afterAll(() => cleanupStore());
  afterEach(async () => {
    await Promise.all(recorders.splice(0).map((r) => r.stop()));
    for (const client of clients.splice(0)) client.disconnect();
    await server?.stop();
    server = null;
    rmSync(dataDir, { recursive: true, force: true });
    await sql(
      store,
      'truncate events, deliveries, dead_letters, dead_letter_states, metric_rollups, topology_edges, service_nodes',
    );
  });

  /** A private redis-server with these notify-keyspace-events flags, and a client on it. */
  async function redisWith(flags: string): Promise<Redis> {
    dataDir = mkdtempSync(join(tmpdir(), 'eventlens-foreign-'));
    server = await startLocalRedis({ dataDir, appendOnly: false });
    const redis = await testRedis(server.url);
    clients.push(redis);
    await redis.config('SET', 'notify-keyspace-events', flags);
    return redis;
  }

  async function flagsOf(redis: Redis): Promise<string> {
    return ((await redis.config('GET', 'notify-keyspace-events')) as unknown as string[])[1]!;
  }

  async function startOn(redis: Redis, prefix: string, options: RecorderSettings): Promise<Recorder> {
    const recorder = startTestRecorder(redis, store, prefix, options);
    recorders.push(recorder);
    await recorder.ready;
    return recorder;
  }

  /** What History lists for this correlation id. */
  async function history(correlationId: string): Promise<string[]> {
    const page = await searchEvents(store.db, {
      topics: [],
      types: [],
      sources: [],
      correlationId,
      causationId: null,
      order: 'desc',
      groups: [],
      outcome: null,
      error: null,
      from: null,
      to: null,
      text: null,
      conditions: [],
      cursor: null,
      limit: 10,
    });
    return page.items.map((item) => item.topic);
  }

  /** A stream no SDK registered, written as redis-cli would; the SCAN is an hour away. */
  async function writeForeign(
    redis: Redis,
    prefix: string,
  ): Promise<{ stream: string; correlation: string }> {
    const stream = `${prefix}-payments-${randomBytes(2).toString('hex')}`;
    const correlation = `corr-${randomBytes(4).toString('hex')}`;
    await redis.xadd(stream, '*', 'type', 'payment.captured', 'correlationId', correlation, 'amount', '12');
    return { stream, correlation };
  }

  it('enables new-key events when allowed, keeping the flags already set, and finds the stream at once', async () => {
    const redis = await redisWith('Kx');
    const prefix = uniquePrefix('foreign');
    const recorder = await startOn(redis, prefix, { manageNotifications: 'env', scanEveryMs: HOUR_MS });
    expect(hasFlags(await flagsOf(redis), 'KxEn')).toBe(true);
    expect(recorder.status().discovery).toMatchObject({ mode: 'managed', event: 'new' });

    const { stream, correlation } = await writeForeign(redis, prefix);
    expect(
      await eventually(async () => (await history(correlation)).length > 0 && history(correlation)),
    ).toEqual([stream]);
  });

  it('turns new-key events on again after its Redis restarted without them', async () => {
    const redis = await redisWith('');
    const prefix = uniquePrefix('foreign');
    const recorder = await startOn(redis, prefix, {
      manageNotifications: 'private-server',
      scanEveryMs: HOUR_MS,
    });
    expect(hasFlags(await flagsOf(redis), 'En')).toBe(true);
    await server!.stop();
    server = await startLocalRedis({ dataDir, port: server!.port, appendOnly: false });

    await eventually(async () => hasFlags(await flagsOf(redis).catch(() => ''), 'En'));
    expect(recorder.status().discovery).toMatchObject({ mode: 'managed', event: 'new' });
    const { stream, correlation } = await writeForeign(redis, prefix);
    expect(
      await eventually(async () => (await history(correlation)).length > 0 && history(correlation)),
    ).toEqual([stream]);
  });

  it('uses the notifications a server already publishes, changing nothing', async () => {
    const redis = await redisWith('AKE');
    const before = await flagsOf(redis);
    const prefix = uniquePrefix('foreign');
    const recorder = await startOn(redis, prefix, { scanEveryMs: HOUR_MS });
    expect(recorder.status().discovery).toMatchObject({ mode: 'server', event: 'xadd' });

    const { stream, correlation } = await writeForeign(redis, prefix);
    expect(
      await eventually(async () => (await history(correlation)).length > 0 && history(correlation)),
    ).toEqual([stream]);
    expect(await flagsOf(redis)).toBe(before);
  });

  it('leaves the server config alone without the flag, and the scan still finds the stream', async () => {
    const redis = await redisWith('');
    const prefix = uniquePrefix('foreign');
    const recorder = await startOn(redis, prefix, { scanEveryMs: 300 });
    expect(await flagsOf(redis)).toBe('');
    expect(recorder.status().discovery).toMatchObject({ mode: 'scan', event: null, scanEveryMs: 300 });
    expect(recorder.status().discovery.reason).toMatch(/EVENTLENS_MANAGE_NOTIFICATIONS=1/);

    const { stream, correlation } = await writeForeign(redis, prefix);
    expect(
      await eventually(async () => (await history(correlation)).length > 0 && history(correlation)),
    ).toEqual([stream]);
    expect(await flagsOf(redis)).toBe('');
  });

  it('falls back to the scan when CONFIG is forbidden, and says why', async () => {
    const admin = await redisWith('');
    const password = randomBytes(8).toString('hex');
    await admin.call('ACL', 'SETUSER', 'app', 'on', `>${password}`, '~*', '&*', '+@all', '-config');
    const url = new URL(server!.url);
    url.username = 'app';
    url.password = password;
    const redis = await testRedis(url.toString());
    clients.push(redis);
    const prefix = uniquePrefix('foreign');
    const recorder = await startOn(redis, prefix, { manageNotifications: 'env', scanEveryMs: 300 });
    expect(recorder.status().discovery).toMatchObject({ mode: 'scan', event: null });
    expect(recorder.status().discovery.reason).toMatch(/CONFIG GET is not available \(NOPERM/);

    const { correlation } = await writeForeign(admin, prefix);
    await eventually(async () => (await history(correlation)).length > 0);
    expect(await flagsOf(admin)).toBe('');
  });
});
