import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@/db/client';
import { createTestStore } from '@/db/testing/test-database';
import { createBus } from '@/server/bus';
import { waitForExit } from '@/server/testing/child';
import { count } from '@/server/testing/recorder';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';

const ENTRY = 'server/recorder/main.ts';

describe('npm run recorder (server/recorder/main.ts)', () => {
  let store: Store;
  let url: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const test = await createTestStore('postgres', 'recorder_main');
    ({ store, cleanup } = test);
    url = test.url!;
  });
  afterAll(() => cleanup());

  it('records what is published, then stops on SIGTERM with exit code 0', { timeout: 120_000 }, async () => {
    const redis = await testRedis();
    const prefix = uniquePrefix('main');
    const bus = createBus({ redis, service: 'shop', prefix, telemetry: false });
    let child: ChildProcess | null = null;
    try {
      child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
        env: {
          ...process.env,
          DATABASE_URL: url,
          EVENTLENS_PREFIX: prefix,
          EVENTLENS_STREAMS: `${prefix}*`,
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await eventually(() => stdout.includes('recorder ready'), 60_000, 50);
      await bus.publishBatch(
        'orders',
        Array.from({ length: 100 }, (_, n) => ({ type: 'order.placed', data: { n } })),
      );
      // a liveness wait, as generous as the start's: new topics are found every 5 s, and beside the
      // whole suite on two cores this child once needed more than 15 s to find and store 100 events
      // a timeout says how far it got and what the child said (once, beside the suite, none of the 100
      // arrived within 60 s, and the bare timeout left nothing to go on)
      await eventually(
        async () => {
          const stored = await count(store, 'select count(*) as n from events');
          if (stored === 100) return true;
          throw new Error(
            `${stored} of 100 events stored; recorder stdout: ${stdout.slice(-1_500)} stderr: ${stderr.slice(-1_500)}`,
          );
        },
        60_000,
        100,
      );
      expect(await count(store, `select count(*) as n from instances where role = 'recorder'`)).toBe(1);
      child.kill('SIGTERM');
      expect(await waitForExit(child)).toBe(0);
    } finally {
      await bus.close({ timeoutMs: 500 });
      await deletePrefix(redis, prefix);
      redis.disconnect();
    }
  });

  it.each([
    [
      { EVENTLENS_RETENTION_DAYS: 'forever' },
      /^eventlens-recorder: invalid EVENTLENS_RETENTION_DAYS="forever": expected/,
    ],
    [{ DATABASE_URL: '' }, /^eventlens-recorder: DATABASE_URL is required/],
  ])('refuses %o with one line and exit code 2', (env, message) => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', ENTRY], {
      env: { ...process.env, DATABASE_URL: url, ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });
});
