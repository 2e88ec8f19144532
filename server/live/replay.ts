import type { Redis } from 'ioredis';
import type { Keys } from '@/server/bus/keys';
import { compareEntryIds, type TailEntry } from '@/server/bus/tail';
import type { TailResetReason } from '@/server/contracts/live';

/** What a reconnecting tail missed on one topic: entries after `after`, up to and including `upTo`. */
export interface MissedRange {
  topic: string;
  after: string;
  upTo: string;
}

export type Missed =
  | { ok: true; entries: TailEntry[] }
  | { ok: false; reason: Extract<TailResetReason, 'trimmed' | 'too-far-behind'>; missed?: number };

/**
 * Reads what a reconnecting client missed, at most `maxEntries` entries over all ranges (XRANGE with
 * an exclusive start, COUNT one past the remaining budget). A range part of which has been trimmed
 * (or deleted) cannot be replayed: the answer is then a reason, and the client refetches over REST.
 * Entries come back in entry id order across topics.
 */
export async function readMissed(
  redis: Redis,
  keys: Keys,
  ranges: readonly MissedRange[],
  maxEntries: number,
): Promise<Missed> {
  const entries: TailEntry[] = [];
  for (const { topic, after, upTo } of ranges) {
    if (compareEntryIds(after, upTo) >= 0) continue;
    const key = keys.stream(topic);
    const info = await streamInfo(redis, key);
    if (info === null) continue; // no stream: nothing was written since
    if (lostAfter(info, after)) return { ok: false, reason: 'trimmed' };
    const budget = maxEntries - entries.length;
    const read = (await redis.xrange(key, `(${after}`, upTo, 'COUNT', budget + 1)) as [string, string[]][];
    if (read.length > budget)
      return { ok: false, reason: 'too-far-behind', missed: entries.length + read.length };
    for (const [entryId, fields] of read) entries.push({ topic, entryId, fields });
  }
  if (ranges.length > 1) entries.sort((a, b) => compareEntryIds(a.entryId, b.entryId));
  return { ok: true, entries };
}

interface StreamInfo {
  length: number;
  entriesAdded: number | null;
  firstEntryId: string | null;
  lastGeneratedId: string;
  maxDeletedEntryId: string | null;
}

/**
 * Whether entries after `after` may have been removed. Trimming removes from the head, so that is when
 * the oldest entry left is newer than `after` (or the stream is empty) and something was ever removed
 * (Redis >= 7 counts `entries-added`; on older servers any such gap counts), or an XDEL went past it.
 */
function lostAfter(info: StreamInfo, after: string): boolean {
  if (info.maxDeletedEntryId !== null && compareEntryIds(info.maxDeletedEntryId, after) > 0) return true;
  if (info.entriesAdded !== null && info.entriesAdded <= info.length) return false;
  const oldest = info.firstEntryId ?? info.lastGeneratedId;
  return compareEntryIds(oldest, after) > 0;
}

async function streamInfo(redis: Redis, key: string): Promise<StreamInfo | null> {
  let flat: unknown[];
  try {
    flat = (await redis.xinfo('STREAM', key)) as unknown[];
  } catch (error) {
    if (/no such key/i.test((error as Error).message)) return null;
    throw error;
  }
  const info = new Map<string, unknown>();
  for (let i = 0; i + 1 < flat.length; i += 2) info.set(String(flat[i]), flat[i + 1]);
  const first = info.get('first-entry');
  const added = info.get('entries-added');
  const maxDeleted = info.get('max-deleted-entry-id');
  return {
    length: Number(info.get('length') ?? 0),
    entriesAdded: added === undefined ? null : Number(added),
    firstEntryId: Array.isArray(first) && typeof first[0] === 'string' ? first[0] : null,
    lastGeneratedId: String(info.get('last-generated-id') ?? '0-0'),
    maxDeletedEntryId: typeof maxDeleted === 'string' && maxDeleted !== '0-0' ? maxDeleted : null,
  };
}
