import type { Db } from '@/db/client';
import type { StreamState } from '@/server/contracts/bus-state';
import type { StreamsResponse } from '@/server/contracts/streams';
import { lastMinuteSums, perSecond, RATE_WINDOW_MS } from './rollup-window';

/** Each topic's stream as Redis holds it (from server/bus/inspect), with its recorded publish rate. */
export async function getStreams(
  db: Db,
  streams: readonly StreamState[],
  now = new Date(),
): Promise<StreamsResponse> {
  const sums = await lastMinuteSums(db, now);
  return {
    generatedAt: now.toISOString(),
    windowSeconds: RATE_WINDOW_MS / 1000,
    streams: streams.map((stream) => ({
      ...stream,
      firstAt: idTime(stream.firstId),
      lastAt: idTime(stream.lastId),
      eventsPerSec: perSecond(sums.topics.get(stream.topic)?.count ?? 0),
    })),
  };
}

/** The milliseconds part of a stream entry id. */
export function idTime(id: string | null): number | null {
  if (!id) return null;
  const ms = Number(id.split('-')[0]);
  return Number.isFinite(ms) ? ms : null;
}
