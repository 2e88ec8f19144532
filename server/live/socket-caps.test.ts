/** The default per-address socket cap, at full size: 1,000 real socket.io clients hold, the 1,001st is refused. */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeys } from '@/server/bus/keys';
import {
  connectLiveClient,
  startLiveTestServer,
  type LiveClient,
  type LiveTestServer,
} from '@/server/testing/live';
import { testRedis, uniquePrefix } from '@/server/testing/redis';
import { DEFAULT_SOCKETS_PER_IP } from './socket-guard';

describe('socket caps', () => {
  let redis: Redis;
  let server: LiveTestServer;
  const clients: LiveClient[] = [];
  beforeAll(async () => {
    redis = await testRedis();
    // one user for every socket, allowed more than the address: the address' cap is what refuses
    server = await startLiveTestServer({
      redis,
      keys: createKeys(uniquePrefix('caps')),
      guard: { maxPerUser: 100_000 },
    });
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await server.close();
    redis.disconnect();
  });

  it('refuses the 1,001st socket from one address by default', { timeout: 120_000 }, async () => {
    expect(DEFAULT_SOCKETS_PER_IP).toBe(1_000);
    for (let i = 0; i < DEFAULT_SOCKETS_PER_IP; i += 50) {
      clients.push(...(await Promise.all(Array.from({ length: 50 }, () => connectLiveClient(server.url)))));
    }
    expect(clients.filter((c) => c.connected)).toHaveLength(1_000);
    const refused = await connectLiveClient(server.url).then(
      (extra) => {
        clients.push(extra);
        return 'connected';
      },
      (error: Error & { data?: { code?: string } }) => error.data?.code,
    );
    expect(refused).toBe('TOO_MANY_SOCKETS');
  });
});
