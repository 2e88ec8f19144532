import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBus, createKeys, createRedis, waitForReady, type Bus } from '@/server/bus';
import { startLocalRedis, type LocalRedis } from '@/server/demo/redis-server';
import {
  connectLiveClient,
  recordTails,
  startLiveTestServer,
  type LiveClient,
  type LiveTestServer,
} from '@/server/testing/live';
import { eventually } from '@/server/testing/redis';

describe('live relay across a Redis restart (a private redis-server)', () => {
  let dataDir: string;
  let local: LocalRedis;
  let redis: Redis;
  let bus: Bus;
  let server: LiveTestServer;
  let client: LiveClient;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'eventlens-live-'));
    local = await startLocalRedis({ dataDir, appendOnly: true });
    redis = createRedis(local.url, { name: 'eventlens:test' });
    redis.on('error', () => {
      // expected while the server is down; the relay's status is what the test checks
    });
    await waitForReady(redis, 5_000);
    const keys = createKeys('restart');
    bus = createBus({ redis, service: 'restart-test', prefix: 'restart', telemetry: false });
    server = await startLiveTestServer({ redis, keys, options: { backoffMaxMs: 400, blockMs: 500 } });
    client = await connectLiveClient(server.url);
  });

  afterAll(async () => {
    client?.disconnect();
    await server?.close();
    await bus?.close({ timeoutMs: 500 });
    redis?.disconnect();
    await local?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('backs off while Redis is down, surfaces the error, and resumes from its cursors', async () => {
    const recording = recordTails(client);
    const ack = await client.emitWithAck('tail:subscribe', { filter: { topics: ['orders.*'] } });
    expect(ack.ok).toBe(true);
    const before = [];
    for (let i = 0; i < 5; i++)
      before.push(await bus.publish('orders.eu', { type: 'order.placed', data: { i } }));
    await eventually(() => recording.of().length === 5);

    await local.stop();
    const down = await eventually(() => {
      const status = server.layer.status();
      return status.errors > 0 && status.state === 'backing-off' ? status : null;
    }, 10_000);
    expect(down.lastError?.message).toBeTruthy();
    expect(client.connected).toBe(true); // the socket outlives Redis

    local = await startLocalRedis({ dataDir, port: local.port, appendOnly: true });
    await waitForReady(redis, 10_000);
    const after = [];
    for (let i = 5; i < 10; i++)
      after.push(await bus.publish('orders.eu', { type: 'order.placed', data: { i } }));
    // a topic created after the restart is found too
    after.push(await bus.publish('orders.us', { type: 'order.placed', data: { i: 10 } }));
    await eventually(() => recording.of().length >= 11, 15_000);
    expect(recording.of().map((e) => e.id)).toEqual([...before, ...after].map((p) => p.id));
    await eventually(() => server.layer.status().state === 'reading');
  });
});
