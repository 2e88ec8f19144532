import type { Redis } from 'ioredis';
import type { Keys } from './keys';
import { flatToRecord, type ConsumerPresence } from './presence';

/** What the consumers of one group declared about themselves. */
export interface GroupTraits {
  /**
   * true when every live consumer of the group declared `idempotent: true`; false when any declared
   * false (or nothing); null when no consumer of the group is live or one runs an SDK that does not
   * publish the flag: unknown, not "no".
   */
  idempotent: boolean | null;
  /** Live consumers of the group on this topic (from presence). */
  consumers: number;
}

/**
 * The consumer groups of a topic and their declared traits, for a replay preview: every group in
 * presence that reads the topic, and every group the topic's stream has (XINFO GROUPS) even when no
 * consumer of it is live (then `idempotent: null`).
 */
export async function readGroupTraits(
  redis: Redis,
  keys: Keys,
  topic: string,
): Promise<Map<string, GroupTraits>> {
  const out = new Map<string, GroupTraits>();
  const [all, groups] = await Promise.all([
    redis.hgetall(keys.consumers()),
    (redis.xinfo('GROUPS', keys.stream(topic)) as Promise<unknown[][]>).catch(() => [] as unknown[][]),
  ]);
  for (const json of Object.values(all)) {
    let presence: ConsumerPresence;
    try {
      presence = JSON.parse(json) as ConsumerPresence;
    } catch {
      continue; // the janitor removes junk; a preview only skips it
    }
    if (!Array.isArray(presence.topics) || !presence.topics.includes(topic)) continue;
    const declared = typeof presence.idempotent === 'boolean' ? presence.idempotent : null;
    const seen = out.get(presence.group);
    out.set(presence.group, {
      idempotent: seen ? combine(seen.idempotent, declared, seen.consumers) : declared,
      consumers: (seen?.consumers ?? 0) + 1,
    });
  }
  for (const group of groups.map(flatToRecord)) {
    const name = String(group.name);
    if (!out.has(name)) out.set(name, { idempotent: null, consumers: 0 });
  }
  return out;
}

/** One consumer that is not idempotent makes the group not idempotent; unknown beats "yes". */
function combine(sofar: boolean | null, next: boolean | null, counted: number): boolean | null {
  if (counted === 0) return next;
  if (sofar === false || next === false) return false;
  if (sofar === null || next === null) return null;
  return true;
}
