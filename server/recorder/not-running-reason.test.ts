/** A recorder pointed at a Redis that is not there says why it is not recording (real store, real client). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestStore } from '@/db/testing/test-database';
import { createRedis } from '@/server/bus/connection';
import { createKeys } from '@/server/bus/keys';
import { freePort } from '@/server/demo/free-port';
import { reportRecorderStall } from '@/server/recorder-stall';
import { eventually } from '@/server/testing/redis';
import { startRecorder, type Recorder } from './recorder';

describe('a recorder that cannot start', () => {
  let recorder: Recorder;
  let port: number;
  let cleanup: () => Promise<void>;
  let redis: ReturnType<typeof createRedis>;

  beforeAll(async () => {
    port = await freePort();
    const test = await createTestStore('postgres', 'recorder-reason');
    cleanup = test.cleanup;
    redis = createRedis(`redis://127.0.0.1:${port}`, { name: 'eventlens:test' });
    redis.on('error', () => {
      // expected: nothing listens there
    });
    recorder = startRecorder({ redis, store: test.store, keys: createKeys('hon-reason') });
  });
  afterAll(async () => {
    await recorder.stop();
    redis.disconnect();
    await cleanup();
  });

  it('reports the socket error as the reason while it waits for Redis', async () => {
    const status = await eventually(() => {
      const now = recorder.status();
      return now.reason?.includes('ECONNREFUSED') ? now : null;
    }, 10_000);
    expect(status.state).toBe('starting');
    expect(status.reason).toBe(`waiting for Redis: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('logs one line saying why it cannot start and what to check', async () => {
    const lines: string[] = [];
    reportRecorderStall(
      recorder,
      { warn: (_details: object, message?: string) => void lines.push(message ?? '') },
      { redis: 'Is Redis running? REDIS_URL sets the address.', store: 'check DATABASE_URL' },
      50,
    );
    await eventually(() => lines.length > 0, 2_000);
    expect(lines).toEqual([
      `recorder cannot start: waiting for Redis: connect ECONNREFUSED 127.0.0.1:${port}. Is Redis running? REDIS_URL sets the address.`,
    ]);
  });
});
