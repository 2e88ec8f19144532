import type { ChildProcess } from 'node:child_process';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChild, waitForExit } from '@/server/testing/child';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { createBus, type Bus } from '../bus';
import type { WindowResult } from './types';

const CHILD = 'server/testing/stream-process.ts';
const BASE = Date.UTC(2026, 0, 1);
const at = (ms: number): Date => new Date(BASE + ms);

describe('stream processor crash (kill -9)', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('streams-crash');
    bus = createBus({ redis, service: 'streams-crash-test', prefix, telemetry: false });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await waitForExit(child);
      }
    }
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('window state outlives a killed process; redelivered events are not counted twice', async () => {
    const victim = await startChild(CHILD, { PREFIX: prefix });
    children.push(victim);
    const read = (v: number, ms: number) =>
      bus.publish('meter', { type: 'meter.read', subject: 'm', time: at(ms), data: { v } });
    await read(5, 100);
    await read(7, 300);
    await eventually(async () => (await bus.streams.stats('meter')).applied === 2);
    victim.kill('SIGKILL');
    await waitForExit(victim);

    // the survivor takes over the group (entries the victim had not acked come back after claimIdleMs)
    const survivor = bus.streams
      .from<{ v: number }>('meter', { name: 'meter', blockMs: 100, pollMs: 50, claimIdleMs: 300 })
      .window({ kind: 'tumbling', sizeMs: 1_000, value: (event) => event.data.v })
      .to('meter-windows');
    await survivor.ready;
    await read(1, 1_500);

    const result = await eventually(async () => {
      const entries = await redis.xrange(bus.keys.stream('meter-windows'), '-', '+');
      return entries.length > 0 ? (JSON.parse(entries[0]![1][1]!) as { data: WindowResult }) : null;
    });
    expect(result.data).toMatchObject({
      key: 'm',
      start: at(0).toISOString(),
      count: 2,
      sum: 12,
      min: 5,
      max: 7,
    });
    await eventually(async () => {
      const pending = (await redis.xpending(bus.keys.stream('meter'), 'streams.meter')) as [
        number,
        ...unknown[],
      ];
      return pending[0] === 0;
    });
    expect(await survivor.stats()).toMatchObject({ applied: 3, emitted: 1 });
    expect(await redis.xlen(bus.keys.stream('meter-windows'))).toBe(1);
  });
});
