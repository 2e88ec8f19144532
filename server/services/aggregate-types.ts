/**
 * `GET /api/aggregates`: the aggregate types processes announce (the SDK's heartbeats in
 * `keys.aggregateTypes()`), merged per type across processes: who writes it, at what rate, with how
 * many conflicts, refused and failed commands and snapshots. Reads Redis only.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { unavailableOr } from '@/server/bus/errors';
import type { Keys } from '@/server/bus/keys';
import type { AggregateTypeList, AggregateTypeSummary } from '@/server/contracts/aggregates';

/** A heartbeat as the SDK writes it (AggregateTypePresence); checked, since anyone can write the hash. */
const Heartbeat = z.object({
  type: z.string(),
  topic: z.string(),
  service: z.string(),
  host: z.string(),
  pid: z.number().int(),
  commandTypes: z.array(z.string()),
  snapshotEvery: z.number().int(),
  eventsPerSec: z.number(),
  appends: z.number().int(),
  events: z.number().int(),
  conflicts: z.number().int(),
  commands: z.number().int(),
  invalid: z.number().int(),
  failed: z.number().int(),
  snapshots: z.number().int(),
  lastSeen: z.number(),
});
type Heartbeat = z.infer<typeof Heartbeat>;

type Counter = 'appends' | 'events' | 'conflicts' | 'commands' | 'invalid' | 'failed' | 'snapshots';

export async function readAggregateHeartbeats(clients: {
  redis: Redis;
  keys: Keys;
}): Promise<{ beats: Heartbeat[]; invalid: number }> {
  let raw: Record<string, string>;
  try {
    raw = await clients.redis.hgetall(clients.keys.aggregateTypes());
  } catch (error) {
    throw unavailableOr(error, clients.redis);
  }
  const beats: Heartbeat[] = [];
  let invalid = 0;
  for (const text of Object.values(raw)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const beat = Heartbeat.safeParse(parsed);
    if (beat.success) beats.push(beat.data);
    else invalid += 1;
  }
  return { beats, invalid };
}

/** Sums one type's heartbeats: counters and rates add up, the newest heartbeat names the topic. */
export function mergeHeartbeats(beats: readonly Heartbeat[]): Omit<AggregateTypeSummary, 'aggregates'>[] {
  const byType = new Map<string, Heartbeat[]>();
  for (const beat of beats) byType.set(beat.type, [...(byType.get(beat.type) ?? []), beat]);
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, list]) => {
      const newest = list.reduce((a, b) => (b.lastSeen > a.lastSeen ? b : a));
      const sum = (key: Counter): number => list.reduce((n, beat) => n + beat[key], 0);
      return {
        type,
        topic: newest.topic,
        writers: list
          .map(({ service, host, pid, eventsPerSec, lastSeen }) => ({
            service,
            host,
            pid,
            eventsPerSec,
            lastSeen,
          }))
          .sort(
            (a, b) => a.service.localeCompare(b.service) || a.host.localeCompare(b.host) || a.pid - b.pid,
          ),
        commandTypes: [...new Set(list.flatMap((beat) => beat.commandTypes))].sort(),
        snapshotEvery: newest.snapshotEvery,
        eventsPerSec: list.reduce((n, beat) => n + beat.eventsPerSec, 0),
        appends: sum('appends'),
        events: sum('events'),
        conflicts: sum('conflicts'),
        commands: sum('commands'),
        invalid: sum('invalid'),
        failed: sum('failed'),
        snapshots: sum('snapshots'),
        lastSeen: newest.lastSeen,
      };
    });
}

export async function listAggregateTypes(clients: { redis: Redis; keys: Keys }): Promise<AggregateTypeList> {
  const { beats, invalid } = await readAggregateHeartbeats(clients);
  const merged = mergeHeartbeats(beats);
  try {
    const pipeline = clients.redis.pipeline();
    for (const t of merged) pipeline.scard(clients.keys.aggregateIds(t.topic, t.type));
    const counts = (await pipeline.exec()) ?? [];
    return {
      items: merged.map((t, i) => ({ ...t, aggregates: Number(counts[i]?.[1] ?? 0) })),
      invalid,
    };
  } catch (error) {
    throw unavailableOr(error, clients.redis);
  }
}
