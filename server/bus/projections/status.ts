import type { Redis } from 'ioredis';
import type { Keys } from '../keys';
import { flatToRecord } from '../presence';
import { ProjectionNotFoundError } from './definition';

export interface StreamInfo {
  length: number;
  /** Entries ever appended (Redis ≥ 7): trimming and deleting do not lower it. */
  entriesAdded: number;
}

/** XINFO STREAM's counters; null when the stream does not exist yet. */
export async function streamInfo(redis: Redis, key: string): Promise<StreamInfo | null> {
  let flat: unknown[];
  try {
    flat = (await redis.xinfo('STREAM', key)) as unknown[];
  } catch (error) {
    if (/no such key/i.test((error as Error).message)) return null;
    throw error;
  }
  const info = flatToRecord(flat);
  return {
    length: Number(info.length ?? 0),
    entriesAdded: Number(info['entries-added'] ?? info.length ?? 0),
  };
}

export interface TopicPosition {
  topic: string;
  /** Id of the last entry applied (or skipped); null before the first. */
  position: string | null;
  /** Entries after the position. */
  lag: number;
  /** Entries were trimmed from the stream before the projection read them (lost to this generation). */
  trimmedUnread: boolean;
}

export interface GenerationStatus {
  generation: number;
  topics: TopicPosition[];
  /** Sum of the topics' lags. */
  lag: number;
  /** Events applied by handlers, duplicates skipped (same source + id), entries skipped (not envelopes). */
  applied: number;
  duplicates: number;
  skipped: number;
  /** Failed batches (each retried from its checkpoint) and the latest failure. */
  errors: number;
  lastError: string | null;
  /** Last commit, Redis time (ms); null before the first. */
  committedAt: number | null;
}

export interface ProjectionStatus {
  name: string;
  topics: string[];
  paused: boolean;
  /** The generation reads are served from. */
  active: GenerationStatus;
  /** A rebuild in progress (it swaps in once caught up); null when none. */
  building: GenerationStatus | null;
  /** When the latest rebuild started (Redis time, ms); null when it was never rebuilt. */
  rebuildStartedAt: number | null;
  /**
   * When the latest swap made a rebuilt generation the active one (Redis time, ms); null before the
   * first. Earlier than `rebuildStartedAt` while a rebuild is building.
   */
  rebuiltAt: number | null;
}

/**
 * A projection's generations, positions and lag, from Redis only (any process can ask). Lag per topic
 * is `entries-added` minus the entries the generation read, both counted by Redis and the commit
 * script (O(1), no scan); when that exceeds the stream's length, entries were trimmed unread and
 * the lag is the length. An entry deleted (XDEL) from the middle of a stream stays counted as lag.
 */
export async function projectionStatus(redis: Redis, keys: Keys, name: string): Promise<ProjectionStatus> {
  const meta = await redis.hgetall(keys.projectionMeta(name));
  if (meta.active === undefined) throw new ProjectionNotFoundError(name);
  const topics = parseTopics(meta.topics);
  const infos = new Map(
    await Promise.all(topics.map(async (t) => [t, await streamInfo(redis, keys.stream(t))] as const)),
  );
  const generation = async (gen: number): Promise<GenerationStatus> =>
    generationStatus(await redis.hgetall(keys.projectionState(name, gen)), gen, topics, infos);
  return {
    name,
    topics,
    paused: meta.paused === '1',
    active: await generation(Number(meta.active)),
    building: meta.building === undefined ? null : await generation(Number(meta.building)),
    rebuildStartedAt: meta.rebuildStartedAt === undefined ? null : Number(meta.rebuildStartedAt),
    rebuiltAt: meta.rebuiltAt === undefined ? null : Number(meta.rebuiltAt),
  };
}

export function generationStatus(
  state: Record<string, string>,
  generation: number,
  topics: readonly string[],
  infos: ReadonlyMap<string, StreamInfo | null>,
): GenerationStatus {
  const positions = topics.map((topic): TopicPosition => {
    const position = state[`pos:${topic}`] ?? null;
    const info = infos.get(topic) ?? null;
    if (!info || info.length === 0) return { topic, position, lag: 0, trimmedUnread: false };
    if (position === null) return { topic, position, lag: info.length, trimmedUnread: false };
    // entries gone before being read (trimmed unread) are in entries-added but not in the stream
    const unread = info.entriesAdded - Number(state[`n:${topic}`] ?? 0);
    return {
      topic,
      position,
      lag: Math.max(0, Math.min(info.length, unread)),
      trimmedUnread: unread > info.length,
    };
  });
  const number = (field: string): number => Number(state[field] ?? 0);
  return {
    generation,
    topics: positions,
    lag: positions.reduce((sum, p) => sum + p.lag, 0),
    applied: number('applied'),
    duplicates: number('duplicates'),
    skipped: number('skipped'),
    errors: number('errors'),
    lastError: state.lastError ?? null,
    committedAt: state.committedAt === undefined ? null : Number(state.committedAt),
  };
}

function parseTopics(json: string | undefined): string[] {
  try {
    const value: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
