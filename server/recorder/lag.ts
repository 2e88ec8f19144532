/**
 * Lag of the recorder's group on each stream, sampled from Redis in two pipelined round trips:
 * XINFO GROUPS + XPENDING (summary), then the first undelivered entry of the streams that have one.
 * `lagMs` is the age of the oldest entry not yet recorded (pending or undelivered): 0 when caught up.
 * The same XINFO GROUPS gives the other groups' lag, which the recorder writes into the group rollups.
 */
import type { Redis } from 'ioredis';
import { flatToRecord } from '@/server/bus/presence';
import { entryMs, type StreamKind } from './project';
import type { StreamState } from './streams';
import type { LagSample } from './lag-samples';

export interface StreamStatus {
  stream: string;
  kind: StreamKind;
  topic: string;
  /** Entries read by a recorder and not yet acked (being written, or held by a recorder that died). */
  pending: number;
  /** Entries not yet read by the group; null when Redis cannot tell. */
  undelivered: number | null;
  /** Age of the oldest entry not yet recorded; 0 when caught up. */
  lagMs: number;
}

export interface LagSnapshot {
  streams: StreamStatus[];
  /** Lag of the application's groups (not the recorder's) on topic and foreign streams. */
  groups: LagSample[];
}

type PipelineResults = [Error | null, unknown][] | null;

export async function sampleLag(
  redis: Redis,
  group: string,
  streams: readonly StreamState[],
  now = Date.now(),
): Promise<LagSnapshot> {
  if (streams.length === 0) return { streams: [], groups: [] };
  const first = redis.pipeline();
  for (const stream of streams) {
    first.xinfo('GROUPS', stream.key);
    first.xpending(stream.key, group);
  }
  const results = ((await first.exec()) as PipelineResults) ?? [];
  const groups: LagSample[] = [];
  const pending: { stream: StreamState; info: Record<string, unknown> | null; minPending: string | null }[] =
    [];
  streams.forEach((stream, i) => {
    const [infoError, infoReply] = results[i * 2] ?? [null, null];
    const [, summary] = results[i * 2 + 1] ?? [null, null];
    const all = infoError || !Array.isArray(infoReply) ? [] : (infoReply as unknown[][]).map(flatToRecord);
    const info = all.find((g) => String(g.name) === group) ?? null;
    if (stream.kind === 'topic' || stream.kind === 'foreign') {
      for (const other of all) {
        const lag = nullableCount(other.lag);
        if (String(other.name) !== group && lag !== null)
          groups.push({ key: `${stream.topic}/${String(other.name)}`, lag });
      }
    }
    const minPending = Array.isArray(summary) && summary[1] ? String(summary[1]) : null;
    pending.push({ stream, info, minPending });
  });

  // the first entry the group has not read yet, where there is one (or Redis cannot tell)
  const behind = pending.filter(({ info }) => info !== null && nullableCount(info.lag) !== 0);
  const firstUndelivered = new Map<string, string>();
  if (behind.length > 0) {
    const second = redis.pipeline();
    for (const { stream, info } of behind) {
      second.xrange(stream.key, `(${String(info!['last-delivered-id'] ?? '0-0')}`, '+', 'COUNT', 1);
    }
    const replies = ((await second.exec()) as PipelineResults) ?? [];
    behind.forEach(({ stream }, i) => {
      const [error, reply] = replies[i] ?? [null, null];
      const entry = !error && Array.isArray(reply) ? (reply as [string, string[]][])[0] : undefined;
      if (entry) firstUndelivered.set(stream.key, entry[0]);
    });
  }

  return {
    streams: pending.map(({ stream, info, minPending }) => {
      const oldest = [minPending, firstUndelivered.get(stream.key) ?? null]
        .filter((id): id is string => id !== null)
        .map((id) => entryMs(id, now));
      return {
        stream: stream.key,
        kind: stream.kind,
        topic: stream.topic,
        pending: info ? Number(info.pending ?? 0) : 0,
        undelivered: info ? nullableCount(info.lag) : null,
        lagMs: oldest.length === 0 ? 0 : Math.max(0, now - Math.min(...oldest)),
      };
    }),
    groups,
  };
}

function nullableCount(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}
