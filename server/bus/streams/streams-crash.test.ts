import { describe, expect, it } from 'vitest';
import { useCrashHarness } from '@/server/testing/crash-harness';
import { waitForExit } from '@/server/testing/child';
import { eventually } from '@/server/testing/redis';
import type { WindowResult } from './types';

const CHILD = 'server/testing/stream-process.ts';
const BASE = Date.UTC(2026, 0, 1);
const at = (ms: number): Date => new Date(BASE + ms);

describe('stream processor crash (kill -9)', () => {
  const h = useCrashHarness('streams-crash', 'streams-crash-test');

  it('window state outlives a killed process; redelivered events are not counted twice', async () => {
    const victim = await h.start(CHILD, { PREFIX: h.prefix });
    const read = (v: number, ms: number) =>
      h.bus.publish('meter', { type: 'meter.read', subject: 'm', time: at(ms), data: { v } });
    await read(5, 100);
    await read(7, 300);
    await eventually(async () => (await h.bus.streams.stats('meter')).applied === 2);
    victim.kill('SIGKILL');
    await waitForExit(victim);

    // the survivor takes over the group (entries the victim had not acked come back after claimIdleMs)
    const survivor = h.bus.streams
      .from<{ v: number }>('meter', { name: 'meter', blockMs: 100, pollMs: 50, claimIdleMs: 300 })
      .window({ kind: 'tumbling', sizeMs: 1_000, value: (event) => event.data.v })
      .to('meter-windows');
    await survivor.ready;
    await read(1, 1_500);

    const result = await eventually(async () => {
      const entries = await h.redis.xrange(h.bus.keys.stream('meter-windows'), '-', '+');
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
      const pending = (await h.redis.xpending(h.bus.keys.stream('meter'), 'streams.meter')) as [
        number,
        ...unknown[],
      ];
      return pending[0] === 0;
    });
    expect(await survivor.stats()).toMatchObject({ applied: 3, emitted: 1 });
    expect(await h.redis.xlen(h.bus.keys.stream('meter-windows'))).toBe(1);
  });
});
