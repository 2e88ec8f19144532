/**
 * A bounded look at a projection's read model for the console: the keys of the active generation
 * (through the SDK's ProjectionView, so a swap mid-read still reads one generation) and a sample of
 * each. Bounded everywhere: SCAN (never KEYS) for at most SCAN_ROUNDS rounds, the first MAX_KEYS
 * names in order, MAX_ENTRIES per key, values cut at MAX_VALUE characters; what is left out sets
 * `truncated`. Values leave through present-projection.ts.
 *
 * The scan runs to its end (or its bound) before choosing: SCAN's order follows the hash table, so
 * stopping at the first MAX_KEYS found would show a different sample of the same model after a
 * rebuild, and an operator comparing the two would see a change that is not there.
 */
import type { Redis } from 'ioredis';
import { reading } from '@/server/bus/inspect/reading';
import type { Keys } from '@/server/bus/keys';
import { ProjectionView } from '@/server/bus/projections';
import type { ReadModel, ReadModelKey } from '@/server/contracts/projections';

export const MAX_KEYS = 50;
export const MAX_ENTRIES = 50;
const MAX_VALUE = 500;
const SCAN_COUNT = 1_000;
const SCAN_ROUNDS = 100;

export async function readModelSample(
  clients: { redis: Redis; keys: Keys },
  name: string,
  generation: number,
): Promise<ReadModel> {
  const { redis, keys } = clients;
  const view = new ProjectionView(redis, keys, name, generation);
  return reading(redis, `projection ${name} read model`, async () => {
    const { names, more } = await firstKeyNames(redis, view.key(''));
    let truncated = more;
    const sampled = await Promise.all(names.map((key) => sample(redis, view, key)));
    const out: ReadModelKey[] = [];
    for (const item of sampled) {
      if (!item) continue; // gone between SCAN and read (a swap's drop)
      if (item.size > item.entries.length) truncated = true;
      out.push(item);
    }
    return { generation, keys: out, truncated };
  });
}

/** The first MAX_KEYS names under `prefix` in order, holding no more than a few times that many. */
async function firstKeyNames(redis: Redis, prefix: string): Promise<{ names: string[]; more: boolean }> {
  let names: string[] = [];
  let more = false;
  const keepFirst = () => {
    names = [...new Set(names)].sort();
    if (names.length > MAX_KEYS) more = true;
    names = names.slice(0, MAX_KEYS);
  };
  let cursor = '0';
  let rounds = 0;
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', SCAN_COUNT);
    for (const key of batch) names.push(key.slice(prefix.length));
    if (names.length > 4 * MAX_KEYS) keepFirst();
    cursor = next;
    rounds += 1;
  } while (cursor !== '0' && rounds < SCAN_ROUNDS);
  keepFirst();
  return { names, more: more || cursor !== '0' };
}

async function sample(redis: Redis, view: ProjectionView, key: string): Promise<ReadModelKey | null> {
  const full = view.key(key);
  const type = await redis.type(full);
  const cut = (text: string) => (text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}…` : text);
  switch (type) {
    case 'string': {
      const value = await view.get(key);
      return value === null ? null : { key, type, entries: [{ field: '', value: cut(value) }], size: 1 };
    }
    case 'hash': {
      const size = await redis.hlen(full);
      const [, flat] = await redis.hscan(full, '0', 'COUNT', MAX_ENTRIES);
      const entries: ReadModelKey['entries'] = [];
      for (let i = 0; i + 1 < flat.length && entries.length < MAX_ENTRIES; i += 2)
        entries.push({ field: flat[i]!, value: cut(flat[i + 1]!) });
      entries.sort((a, b) => a.field.localeCompare(b.field));
      return { key, type, entries, size };
    }
    case 'zset': {
      const size = await redis.zcard(full);
      const members = await view.zrange(key, 0, MAX_ENTRIES - 1, { rev: true });
      return {
        key,
        type,
        entries: members.map((m) => ({ field: m.member, value: String(m.score) })),
        size,
      };
    }
    case 'set': {
      const size = await redis.scard(full);
      const [, members] = await redis.sscan(full, '0', 'COUNT', MAX_ENTRIES);
      return {
        key,
        type,
        entries: members
          .slice(0, MAX_ENTRIES)
          .sort()
          .map((m) => ({ field: '', value: cut(m) })),
        size,
      };
    }
    case 'none':
      return null;
    default:
      // the SDK's model writes no lists or streams; one written by hand is named, not read
      return { key, type: type === 'list' ? 'list' : 'other', entries: [], size: 0 };
  }
}
