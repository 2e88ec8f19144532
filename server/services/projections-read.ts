/**
 * Projections as Redis holds them, for route handlers (app/ may not import the bus): every projection
 * registered under the prefix (the SDK's names set, and any a live process announces), its status,
 * the lease of each generation, the presence of the processes running it, and the time lag of its
 * oldest unapplied entry per topic. Throws BusUnavailableError (503) when Redis is unreachable and
 * ProjectionNotFoundError (404) for an unknown name.
 */
import type { Redis } from 'ioredis';
import { reading } from '@/server/bus/inspect/reading';
import type { Keys } from '@/server/bus/keys';
import { DEAD_AFTER_MS } from '@/server/bus/presence';
import {
  ProjectionNotFoundError,
  type ProjectionPresence,
  type ProjectionStatus,
} from '@/server/bus/projections';
import { projectionStatus, streamInfo } from '@/server/bus/projections/status';
import type { ProjectionList, ProjectionSummary } from '@/server/contracts/projections';
import { projectionRow, type GenerationFacts } from './projection-rows';

export interface ProjectionClients {
  redis: Redis;
  keys: Keys;
}

/** Every projection, by name. */
export async function readProjections(clients: ProjectionClients): Promise<ProjectionList> {
  return reading(clients.redis, 'projections', async () => {
    const [names, presence, now] = await Promise.all([
      clients.redis.smembers(clients.keys.projectionNames()),
      livePresence(clients),
      redisNow(clients.redis),
    ]);
    const all = new Set([...names, ...presence.keys()]);
    const rows = await Promise.all(
      [...all].sort().map((name) =>
        summary(clients, name, presence.get(name) ?? [], now).catch((error: unknown) => {
          // announced or named, but its meta is gone (deleted by hand): not a projection any more
          if (error instanceof ProjectionNotFoundError) return null;
          throw error;
        }),
      ),
    );
    return {
      generatedAt: new Date(now).toISOString(),
      items: rows.filter((row): row is ProjectionSummary => row !== null),
    };
  });
}

/** One projection's row; ProjectionNotFoundError when it was never registered. */
export async function readProjection(clients: ProjectionClients, name: string): Promise<ProjectionSummary> {
  return reading(clients.redis, `projection ${name}`, async () => {
    const [presence, now] = await Promise.all([livePresence(clients), redisNow(clients.redis)]);
    return summary(clients, name, presence.get(name) ?? [], now);
  });
}

/** Entries gone (trimmed or deleted) from each topic before a rebuild could read them. */
export async function lostEntries(
  clients: ProjectionClients,
  topics: readonly string[],
): Promise<Map<string, number>> {
  const lost = new Map<string, number>();
  for (const topic of topics) {
    const info = await streamInfo(clients.redis, clients.keys.stream(topic));
    if (info && info.entriesAdded > info.length) lost.set(topic, info.entriesAdded - info.length);
  }
  return lost;
}

async function summary(
  clients: ProjectionClients,
  name: string,
  presence: readonly ProjectionPresence[],
  now: number,
): Promise<ProjectionSummary> {
  const status = await projectionStatus(clients.redis, clients.keys, name);
  const facts = (g: ProjectionStatus['active']) => generationFacts(clients, name, g);
  const [active, building] = await Promise.all([
    facts(status.active),
    status.building ? facts(status.building) : Promise.resolve(null),
  ]);
  return projectionRow({ status, active, building, presence, now });
}

async function generationFacts(
  clients: ProjectionClients,
  name: string,
  status: ProjectionStatus['active'],
): Promise<GenerationFacts> {
  const { redis, keys } = clients;
  const [leaseOwner, ...oldest] = await Promise.all([
    redis.get(keys.projectionLease(name, status.generation)),
    ...status.topics.map(async (t) => {
      if (t.lag === 0) return null;
      // the first entry after the checkpoint (exclusive range), or the stream's first before any
      const [first] = await redis.xrange(
        keys.stream(t.topic),
        t.position ? `(${t.position}` : '-',
        '+',
        'COUNT',
        1,
      );
      return first ? ([t.topic, idMs(first[0])] as const) : null;
    }),
  ]);
  return {
    status,
    leaseOwner,
    oldestUnapplied: new Map(oldest.filter((o): o is readonly [string, number] => o !== null)),
  };
}

/** Announcements newer than DEAD_AFTER_MS (killed processes never say goodbye), by projection name. */
async function livePresence(clients: ProjectionClients): Promise<Map<string, ProjectionPresence[]>> {
  const all = await clients.redis.hgetall(clients.keys.projections());
  const now = Date.now();
  const byName = new Map<string, ProjectionPresence[]>();
  for (const json of Object.values(all)) {
    let doc: ProjectionPresence;
    try {
      doc = JSON.parse(json) as ProjectionPresence;
    } catch {
      continue; // not ours to judge: the SDK's sweep drops it
    }
    if (
      typeof doc.name !== 'string' ||
      typeof doc.lastSeen !== 'number' ||
      now - doc.lastSeen > DEAD_AFTER_MS
    )
      continue;
    byName.set(doc.name, [...(byName.get(doc.name) ?? []), doc]);
  }
  return byName;
}

async function redisNow(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

function idMs(entryId: string): number {
  return Number(entryId.slice(0, entryId.indexOf('-')));
}
