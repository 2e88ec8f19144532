import { describe, expect, it } from 'vitest';
import { useCrashHarness } from '@/server/testing/crash-harness';
import { waitForExit } from '@/server/testing/child';
import { eventually } from '@/server/testing/redis';
import { decodeTelemetryEntry } from './telemetry-format';

const CHILD = 'server/testing/consumer-process.ts';

describe('crash recovery (consumers in their own processes)', () => {
  const h = useCrashHarness('recovery', 'test');

  const handledList = (): Promise<string[]> => h.redis.lrange(`${h.prefix}:test:handled`, 0, -1);
  const pendingOf = async (consumer: string): Promise<string[]> => {
    const stream = h.bus.keys.stream('work');
    const pending = (await h.redis.xpending(stream, 'workers', '-', '+', 100_000, consumer)) as [string][];
    return pending.map(([id]) => id);
  };

  it('kill -9 in the middle of 10,000 events: all handled, none lost, duplicates only among the in-flight', async () => {
    const total = 10_000;
    const inputs = Array.from({ length: total }, (_, i) => ({ type: 'work.item', data: { i } }));
    for (let i = 0; i < total; i += 1_000) await h.bus.publishBatch('work', inputs.slice(i, i + 1_000));
    const eventIdByEntry = new Map(
      (await h.redis.xrange(h.bus.keys.stream('work'), '-', '+')).map(([entryId, flat]) => [
        entryId,
        JSON.parse(flat[1]!).id as string,
      ]),
    );

    const base = {
      PREFIX: h.prefix,
      GROUP: 'workers',
      TOPIC: 'work',
      HANDLER_DELAY_MS: '2',
      CONCURRENCY: '50',
    };
    const victim = await h.start(CHILD, { ...base, CONSUMER: 'victim', CLAIM_IDLE_MS: '60000' });
    await eventually(async () => (await h.redis.llen(`${h.prefix}:test:handled`)) >= 2_000, 30_000);
    victim.kill('SIGKILL');
    await waitForExit(victim);
    const inFlightAtKill = new Set((await pendingOf('victim')).map((entryId) => eventIdByEntry.get(entryId)));
    expect(inFlightAtKill.size).toBeGreaterThan(0);

    await h.start(CHILD, { ...base, CONSUMER: 'survivor', CLAIM_IDLE_MS: '500' });
    await eventually(
      async () => new Set((await handledList()).map((r) => r.split('|')[1])).size === total,
      60_000,
      200,
    );
    await eventually(
      async () => (await h.redis.xpending(h.bus.keys.stream('work'), 'workers'))[0] === 0,
      10_000,
    );

    const ids = (await handledList()).map((r) => r.split('|')[1]!);
    const counts = new Map<string, number>();
    for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
    const duplicates = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
    expect(counts.size).toBe(total);
    expect(duplicates.every((id) => inFlightAtKill.has(id))).toBe(true);
    expect(await h.redis.xlen(h.bus.keys.deadLetters('work'))).toBe(0);
  }, 120_000);

  it('a paused (SIGSTOP) consumer whose entries were reclaimed cannot ack them when it wakes', async () => {
    const slow = await h.start(CHILD, {
      PREFIX: h.prefix,
      GROUP: 'workers',
      TOPIC: 'work',
      CONSUMER: 'sleeper',
      HANDLER_DELAY_MS: '1500',
      CONCURRENCY: '5',
      CLAIM_IDLE_MS: '60000',
    });
    await h.bus.publishBatch(
      'work',
      Array.from({ length: 5 }, (_, i) => ({ type: 'work.item', data: { i } })),
    );
    await eventually(async () => (await pendingOf('sleeper')).length === 5);
    slow.kill('SIGSTOP');

    const handledByRescuer: string[] = [];
    const rescuer = h.bus.subscribe('workers', 'work', (event) => void handledByRescuer.push(event.id), {
      consumer: 'rescuer',
      claimIdleMs: 300,
      blockMs: 50,
    });
    await rescuer.ready;
    await eventually(() => handledByRescuer.length === 5, 15_000);
    await eventually(async () => (await h.redis.xpending(h.bus.keys.stream('work'), 'workers'))[0] === 0);

    slow.kill('SIGCONT');
    // the sleeper's handlers finish (the effect happens twice: at-least-once) but its acks are refused
    await eventually(
      async () => (await handledList()).filter((r) => r.startsWith('sleeper|')).length === 5,
      10_000,
    );
    const telemetry = async (): Promise<{ outcome: string; consumer: string }[]> =>
      (await h.redis.xrange(h.bus.keys.telemetry(), '-', '+')).flatMap(
        ([, flat]) => decodeTelemetryEntry(flat).records,
      );
    const refused = await eventually(async () => {
      const records = (await telemetry()).filter(
        (r) => r.consumer === 'sleeper' && r.outcome === 'ack-refused',
      );
      return records.length === 5 ? records : null;
    });
    expect(refused).toHaveLength(5);
    expect(
      (await telemetry()).filter((r) => r.consumer === 'sleeper' && r.outcome === 'handled'),
    ).toHaveLength(0);
    expect(rescuer.stats.handled).toBe(5);
  }, 60_000);

  it('a long handler keeps its entries with heartbeats: nobody reclaims them', async () => {
    const done: string[] = [];
    const owner = h.bus.subscribe(
      'workers',
      'work',
      async (event) => {
        await new Promise((r) => setTimeout(r, 1_500));
        done.push(event.id);
      },
      { consumer: 'owner', claimIdleMs: 400, blockMs: 50 },
    );
    await owner.ready;
    await h.bus.publish('work', { type: 'work.item' });
    await eventually(async () => (await pendingOf('owner')).length === 1);
    const thief = h.bus.subscribe('workers', 'work', () => undefined, {
      consumer: 'thief',
      claimIdleMs: 400,
      blockMs: 50,
    });
    await thief.ready;
    await eventually(() => done.length === 1, 5_000);
    await eventually(() => owner.stats.handled === 1);
    expect(thief.stats.reclaimed).toBe(0);
    expect(owner.stats['ack-refused']).toBe(0);
  }, 20_000);

  it('entries trimmed while pending become "trimmed" dead letters, never a crash', async () => {
    const stream = h.bus.keys.stream('work');
    await h.redis.xgroup('CREATE', stream, 'workers', '0', 'MKSTREAM');
    await h.bus.publishBatch('work', [{ type: 'a' }, { type: 'b' }, { type: 'c' }]);
    await h.redis.xreadgroup('GROUP', 'workers', 'ghost', 'COUNT', 2, 'STREAMS', stream, '>'); // ghost dies holding 2
    await h.redis.xreadgroup('GROUP', 'workers', 'me', 'COUNT', 1, 'STREAMS', stream, '>'); // "me" held 1 before a restart
    await h.redis.xtrim(stream, 'MAXLEN', 0);

    const handled: string[] = [];
    const sub = h.bus.subscribe('workers', 'work', (event) => void handled.push(event.id), {
      consumer: 'me',
      claimIdleMs: 200,
      blockMs: 50,
    });
    const letters = await eventually(async () => {
      const list = await h.bus.deadLetters.list({ topics: ['work'] });
      return list.length === 3 ? list : null;
    }, 10_000);
    expect(letters.every((l) => l.category === 'trimmed')).toBe(true);
    expect(handled).toEqual([]);
    expect((await h.redis.xpending(stream, 'workers'))[0]).toBe(0);
    expect(sub.state).toBe('running');
  });

  it('removes dead consumers from the group once nothing is pending on them', async () => {
    const stream = h.bus.keys.stream('work');
    const sub = h.bus.subscribe('workers', 'work', () => undefined, { consumer: 'short-lived', blockMs: 50 });
    await sub.ready;
    // simulate a crash: a presence record left behind and a consumer still in the group
    await h.redis.hset(
      h.bus.keys.consumers(),
      'workers/zombie',
      JSON.stringify({
        service: 'x',
        group: 'workers',
        consumer: 'zombie',
        topics: ['work'],
        host: 'h',
        pid: 1,
        state: 'running',
        inFlight: 0,
        lastSeen: Date.now() - 120_000,
      }),
    );
    await h.redis.xgroup('CREATECONSUMER', stream, 'workers', 'zombie');
    const presence = (h.bus as unknown as { presence: { sweep(now?: number): Promise<number> } }).presence;
    expect(await presence.sweep()).toBe(1);
    const consumers = (await h.redis.xinfo('CONSUMERS', stream, 'workers')) as unknown[][];
    expect(consumers.map((c) => c[1])).not.toContain('zombie');
    expect(await h.redis.hexists(h.bus.keys.consumers(), 'workers/zombie')).toBe(0);
  });
});
