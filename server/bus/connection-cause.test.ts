/** Real ioredis clients pointed at a port nothing listens on: the cause shown is the socket's, not ioredis'. */
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@/server/demo/free-port';
import { eventually } from '@/server/testing/redis';
import { createRedis, waitForReady } from './connection';
import { errorText, lastConnectionError, redisCause } from './connection-cause';
import { BusUnavailableError } from './errors';
import { inspectStreams } from './inspect/streams';
import { createKeys } from './keys';

describe('the real cause of a Redis failure', () => {
  const clients: { disconnect(): void }[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.disconnect();
  });

  const closedPortClient = async () => {
    const port = await freePort();
    const redis = createRedis(`redis://127.0.0.1:${port}`, { name: 'eventlens:test' });
    clients.push(redis);
    await eventually(() => lastConnectionError(redis), 5_000);
    return { redis, refused: `connect ECONNREFUSED 127.0.0.1:${port}` };
  };

  it("replaces ioredis' generic command error with the socket's error", async () => {
    const { redis, refused } = await closedPortClient();
    const failure = await redis.ping().then(
      () => null,
      (error: unknown) => error,
    );
    expect(errorText(failure)).toMatch(/Stream isn't writeable/);
    expect(redisCause(failure, redis)).toBe(refused);
  });

  it('names the cause in BusUnavailableError from the inspection reads (the 503 message)', async () => {
    const { redis, refused } = await closedPortClient();
    const failure = await inspectStreams(redis, createKeys('hon-cause'), { topics: ['orders'] }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(BusUnavailableError);
    expect((failure as Error).message).toBe(`Redis is unreachable: reading the topic registry: ${refused}`);
  });

  it('says why a client is not ready', async () => {
    const { redis, refused } = await closedPortClient();
    await expect(waitForReady(redis, 300)).rejects.toThrow(`Redis not ready after 300 ms: ${refused}`);
  });

  it('names the address while the first reconnect after a server loss has not failed yet', async () => {
    const port = await freePort();
    const redis = createRedis(`redis://127.0.0.1:${port}`, { name: 'eventlens:test' });
    clients.push(redis);
    const generic = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    expect(redisCause(generic, redis)).toMatch(
      new RegExp(
        `^(connection to 127\\.0\\.0\\.1:${port} lost; reconnecting|connect ECONNREFUSED 127\\.0\\.0\\.1:${port})$`,
      ),
    );
  });

  it('keeps errors that already say what happened', async () => {
    const { redis } = await closedPortClient();
    expect(
      redisCause(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'), redis),
    ).toBe('WRONGTYPE Operation against a key holding the wrong kind of value');
  });

  it('reads every address of an AggregateError (Node reports them with an empty message)', () => {
    const parts = [
      Object.assign(new Error('connect ECONNREFUSED ::1:6390'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6390'), { code: 'ECONNREFUSED' }),
    ];
    expect(errorText(new AggregateError(parts, ''))).toBe(
      'connect ECONNREFUSED ::1:6390; connect ECONNREFUSED 127.0.0.1:6390',
    );
  });
});
