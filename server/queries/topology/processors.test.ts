import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { createTestStore } from '@/db/testing/test-database';
import { createBus, type Bus } from '@/server/bus/bus';
import { Topology } from '@/server/contracts/topology';
import { readBusState } from '@/server/services/bus-state';
import { deletePrefix, eventually, testRedis, uniquePrefix } from '@/server/testing/redis';
import { getTopology } from '../topology';

describe('topology: stream processors', () => {
  let redis: Redis;
  let prefix: string;
  let bus: Bus;
  let db: Db;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    redis = await testRedis();
    prefix = uniquePrefix('topo-proc');
    bus = createBus({ redis, service: 'router', prefix, telemetry: false });
    const store = await createTestStore('postgres', 'topo_proc');
    db = store.store.db;
    cleanup = store.cleanup;
  });
  afterAll(async () => {
    await bus.close({ timeoutMs: 1_000 });
    await deletePrefix(redis, prefix);
    redis.disconnect();
    await cleanup();
  });

  it('a running processor is a node between its input and output topics, its group folded in', async () => {
    const processor = bus.streams
      .from<{ severity: string }>(['signals', 'legacy-signals'], {
        name: 'route-high',
        description: 'high-severity signals to signals.high',
        blockMs: 100,
        pollMs: 50,
      })
      .filter((e) => e.data.severity === 'high')
      .to('signals.high');
    await processor.ready;
    await bus.publish('signals', { type: 'signal.raised', subject: 'a', data: { severity: 'high' } });

    const topology = await eventually(async () => {
      const state = await readBusState({ redis, keys: bus.keys });
      const t = await getTopology(db, state);
      return t.nodes.some((n) => n.kind === 'processor') ? t : null;
    });
    expect(Topology.safeParse(topology).success).toBe(true);
    const node = topology.nodes.find((n) => n.id === 'processor:route-high');
    expect(node).toMatchObject({
      kind: 'processor',
      processorKind: 'forward',
      group: 'streams.route-high',
      topics: ['legacy-signals', 'signals'],
      output: 'signals.high',
      description: 'high-severity signals to signals.high',
      services: ['router'],
      processes: 1,
      errors: 0,
    });
    // its consumer group is the processor node, not a second node
    expect(topology.nodes.some((n) => n.id === 'group:streams.route-high')).toBe(false);
    expect(topology.nodes.some((n) => n.id === 'topic:signals.high')).toBe(true);
    const edges = topology.edges.map((e) => e.id);
    expect(edges).toEqual(
      expect.arrayContaining([
        'delivers:topic:signals->processor:route-high',
        'delivers:topic:legacy-signals->processor:route-high',
        'publishes:processor:route-high->topic:signals.high',
      ]),
    );
    expect(edges.some((id) => id.includes('group:streams.route-high'))).toBe(false);
    await processor.stop();
  });
});
