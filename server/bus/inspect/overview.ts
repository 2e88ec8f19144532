import type { Redis } from 'ioredis';
import type { BusState } from '@/server/contracts/bus-state';
import type { Keys } from '../keys';
import { DEFAULT_RETENTION } from '../topics';
import { deadLetterLengths } from './dead-letter-lengths';
import { readPresence } from './presence-snapshot';
import { describeTopics, registeredTopics } from './topics';

/** Every registered topic with groups, consumers, dead-letter lengths and presence: the bus at a glance. */
export async function inspectBus(redis: Redis, keys: Keys): Promise<BusState> {
  const at = Date.now();
  const registry = await registeredTopics(redis, keys);
  const names = [...registry.keys()];
  const [infos, deadLetters, presence] = await Promise.all([
    describeTopics(redis, keys, names),
    deadLetterLengths(redis, keys, names),
    readPresence(redis, keys),
  ]);
  return {
    at,
    topics: infos.map((info) => ({
      ...info,
      retention: registry.get(info.topic) ?? DEFAULT_RETENTION,
      deadLetters: deadLetters.get(info.topic) ?? 0,
    })),
    presence,
  };
}
