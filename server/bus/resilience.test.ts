import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startLocalRedis, type LocalRedis } from '@/server/demo/redis-server';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus } from './bus';
import { createRedis } from './connection';
import { BusError, BusUnavailableError } from './errors';

/** Each test owns a private redis-server it can stop and start. */
describe('Redis going away', () => {
  let dataDir: string;
  let server: LocalRedis;
  const clients: Redis[] = [];

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'eventlens-resilience-'));
    server = await startLocalRedis({ dataDir, appendOnly: true });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const client = (url = server.url): Redis => {
    const redis = createRedis(url, { name: 'eventlens:test' });
    redis.on('error', () => {
      // outages are the point of these tests
    });
    clients.push(redis);
    return redis;
  };

  it('restarted during a publish burst: every publish either succeeded or raised, none vanished', async () => {
    const redis = client();
    await eventually(() => redis.status === 'ready');
    const bus = createBus({
      redis,
      service: 'burst',
      offlineTimeoutMs: 3_000,
      offlineQueueMax: 200,
      telemetry: false,
    });
    const succeeded = new Map<string, string>();
    const failed: unknown[] = [];
    const port = server.port;
    let restarted = false;

    const publishing = (async () => {
      for (let i = 0; i < 3_000; i++) {
        const batch = Array.from({ length: 10 }, (_, j) =>
          bus.publish('burst', { type: 'burst.item', data: { n: i * 10 + j } }).then(
            (p) => void succeeded.set(p.id, p.entryId),
            (error: unknown) => void failed.push(error),
          ),
        );
        await Promise.all(batch);
        if (i === 500 && !restarted) {
          restarted = true;
          void (async () => {
            await server.stop();
            await new Promise((r) => setTimeout(r, 300));
            server = await startLocalRedis({ dataDir, port, appendOnly: true });
          })();
        }
      }
    })();
    await publishing;
    await eventually(() => redis.status === 'ready', 10_000);

    const stored = new Set(
      (await redis.xrange(bus.keys.stream('burst'), '-', '+')).map(
        ([, flat]) => JSON.parse(flat[1]!).id as string,
      ),
    );
    const vanished = [...succeeded.keys()].filter((id) => !stored.has(id));
    expect(vanished).toEqual([]);
    expect(succeeded.size + failed.length).toBe(30_000);
    expect(failed.every((error) => error instanceof Error)).toBe(true);
    expect(restarted).toBe(true);
    await bus.close();
  }, 60_000);

  it('publish fails fast with a typed error once the bounded offline queue is full', async () => {
    const redis = client();
    await eventually(() => redis.status === 'ready');
    const bus = createBus({
      redis,
      service: 'offline',
      offlineQueueMax: 2,
      offlineTimeoutMs: 400,
      telemetry: false,
    });
    await bus.publish('t', { type: 'x' });
    await server.stop();
    await eventually(() => redis.status !== 'ready');

    const queued = [bus.publish('t', { type: 'x' }), bus.publish('t', { type: 'x' })];
    const started = Date.now();
    await expect(bus.publish('t', { type: 'x' })).rejects.toBeInstanceOf(BusUnavailableError);
    expect(Date.now() - started).toBeLessThan(100);
    for (const publish of queued) await expect(publish).rejects.toBeInstanceOf(BusUnavailableError);
    await bus.close();
  });

  it('a publish waiting in the offline queue goes through when Redis returns in time', async () => {
    const redis = client();
    await eventually(() => redis.status === 'ready');
    const bus = createBus({ redis, service: 'offline', offlineTimeoutMs: 8_000, telemetry: false });
    await bus.publish('t', { type: 'x' });
    const port = server.port;
    await server.stop();
    await eventually(() => redis.status !== 'ready');
    const waiting = bus.publish('t', { type: 'while-down' });
    server = await startLocalRedis({ dataDir, port, appendOnly: true });
    const published = await waiting;
    const [entry] = await redis.xrange(bus.keys.stream('t'), published.entryId, published.entryId);
    expect(JSON.parse(entry![1][1]!).type).toBe('while-down');
    await bus.close();
  });

  it('a consumer started while Redis is down waits and becomes ready when it appears', async () => {
    const port = server.port;
    await server.stop();
    const redis = client(`redis://127.0.0.1:${port}`);
    const bus = createBus({ redis, service: 'late', telemetry: false });
    const seen: string[] = [];
    const sub = bus.subscribe('g', 'late', (event) => void seen.push(event.type), { blockMs: 50 });
    let ready = false;
    void sub.ready.then(() => (ready = true));
    await new Promise((r) => setTimeout(r, 500));
    expect(ready).toBe(false);

    server = await startLocalRedis({ dataDir, port, appendOnly: true });
    await sub.ready;
    await eventually(() => redis.status === 'ready');
    await bus.publish('late', { type: 'hello' });
    await eventually(() => seen.includes('hello'));
    await bus.close({ timeoutMs: 1_000 });
  });
});

describe('errors', () => {
  it('carry stable codes', async () => {
    const redis = await testRedis();
    const prefix = uniquePrefix('errors');
    const bus = createBus({ redis, service: 'x', prefix, telemetry: false });
    await expect(bus.publish('bad topic!', { type: 'x' })).rejects.toMatchObject({ code: 'INVALID_TOPIC' });
    await expect(bus.publish('ok', { type: '' })).rejects.toSatisfy(
      (e) => e instanceof BusError && e.code === 'INVALID_EVENT',
    );
    await bus.close();
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });
});
