import type { Redis } from 'ioredis';
import type { z } from 'zod';
import {
  ConsumerPresence,
  ProcessorPresence,
  ServicePresence,
  type PresenceSnapshot,
} from '@/server/contracts/bus-state';
import type { Keys } from '../keys';
import { exec, reading } from './reading';

/** Service, consumer and stream-processor heartbeats; entries that do not parse are counted, not thrown. */
export async function readPresence(redis: Redis, keys: Keys): Promise<PresenceSnapshot> {
  const [services, consumers, processors] = await reading(redis, 'reading presence', async () => {
    const results = await exec(
      redis.pipeline().hgetall(keys.services()).hgetall(keys.consumers()).hgetall(keys.streamProcessors()),
    );
    return results.map(([error, value]) => {
      if (error) throw error;
      return (value ?? {}) as Record<string, string>;
    });
  });
  let invalid = 0;
  function parseEach<T>(values: Record<string, string>, schema: z.ZodType<T>): T[] {
    const out: T[] = [];
    for (const json of Object.values(values)) {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch {
        value = undefined; // not JSON: counted as invalid below
      }
      const parsed = schema.safeParse(value);
      if (parsed.success) out.push(parsed.data);
      else invalid += 1;
    }
    return out;
  }
  const serviceList = parseEach(services ?? {}, ServicePresence).sort((a, b) =>
    a.service.localeCompare(b.service),
  );
  const consumerList = parseEach(consumers ?? {}, ConsumerPresence).sort(
    (a, b) => a.group.localeCompare(b.group) || a.consumer.localeCompare(b.consumer),
  );
  const processorList = parseEach(processors ?? {}, ProcessorPresence).sort(
    (a, b) => a.name.localeCompare(b.name) || a.consumer.localeCompare(b.consumer),
  );
  return { services: serviceList, consumers: consumerList, processors: processorList, invalid };
}
