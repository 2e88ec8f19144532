import type { Redis } from 'ioredis';
import type { Keys } from '../keys';

export interface BatchEntry {
  topic: string;
  entryId: string;
  fields: string[];
}

export interface TopicRead {
  topic: string;
  entries: [entryId: string, fields: string[]][];
  /** The read returned as many entries as it asked for: the topic may hold more. */
  full: boolean;
}

export interface Batch {
  /** In entry id order across topics. */
  entries: BatchEntry[];
  /** topic -> last entry id taken and how many were taken; topics with none taken are absent. */
  taken: Map<string, { last: string; count: number }>;
  /** Some topic may hold more entries right after this batch. */
  more: boolean;
}

/**
 * One read per topic from its checkpoint (exclusive), plain XRANGE: a projection is a reader with its
 * own positions, not a consumer group. Separate commands, so topics may live in different slots.
 */
export function readTopics(
  redis: Redis,
  keys: Keys,
  positions: ReadonlyMap<string, string>,
  topics: readonly string[],
  count: number,
): Promise<TopicRead[]> {
  return Promise.all(
    topics.map(async (topic) => {
      const position = positions.get(topic) ?? '';
      const entries = (await redis.xrange(
        keys.stream(topic),
        position === '' ? '-' : `(${position}`,
        '+',
        'COUNT',
        count,
      )) as [string, string[]][];
      return { topic, entries, full: entries.length >= count };
    }),
  );
}

/**
 * Merges the topics' reads in entry id order. A topic whose read was full may hold entries below
 * another topic's last one, so entries above the smallest last id of the full reads wait for the next
 * batch: the order across topics is then the same in a live run and in a rebuild from the start.
 */
export function mergeReads(reads: readonly TopicRead[]): Batch {
  let bound: [number, number] | null = null;
  for (const read of reads) {
    const last = read.entries.at(-1)?.[0];
    if (!read.full || last === undefined) continue;
    const key = idKey(last);
    if (bound === null || lessThan(key, bound)) bound = key;
  }
  const taken = new Map<string, { last: string; count: number }>();
  const lists: BatchEntry[][] = [];
  const keys: [number, number][][] = [];
  let more = false;
  for (const read of reads) {
    const list: BatchEntry[] = [];
    const listKeys: [number, number][] = [];
    for (const [entryId, fields] of read.entries) {
      const key = idKey(entryId);
      if (bound !== null && lessThan(bound, key)) break;
      list.push({ topic: read.topic, entryId, fields });
      listKeys.push(key);
    }
    if (list.length > 0) taken.set(read.topic, { last: list.at(-1)!.entryId, count: list.length });
    if (read.full || list.length < read.entries.length) more = true;
    lists.push(list);
    keys.push(listKeys);
  }
  return { entries: lists.length === 1 ? lists[0]! : mergeSorted(lists, keys), taken, more };
}

/** k-way merge of lists each already in entry id order (k is the topic count: small). */
function mergeSorted(lists: BatchEntry[][], keys: [number, number][][]): BatchEntry[] {
  const out: BatchEntry[] = [];
  const heads = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let i = 0; i < lists.length; i++) {
      if (heads[i]! >= lists[i]!.length) continue;
      if (best === -1 || lessThan(keys[i]![heads[i]!]!, keys[best]![heads[best]!]!)) best = i;
    }
    if (best === -1) return out;
    out.push(lists[best]![heads[best]!]!);
    heads[best]! += 1;
  }
}

/** An entry id as two numbers (ms, seq): exact for every id a Redis clock produces. */
function idKey(entryId: string): [number, number] {
  const dash = entryId.indexOf('-');
  return [Number(entryId.slice(0, dash)), Number(entryId.slice(dash + 1))];
}

const lessThan = (a: [number, number], b: [number, number]): boolean =>
  a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

/** The millisecond part of an entry id: the seen ids' score, so that the oldest are trimmed first. */
export function entryMs(entryId: string): number {
  const dash = entryId.indexOf('-');
  return Number(dash === -1 ? entryId : entryId.slice(0, dash));
}
