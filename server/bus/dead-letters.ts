import type { Redis } from 'ioredis';
import { DeadLetter } from '@/server/contracts/dead-letter';
import type { DeadLetterCategory, Envelope } from '@/server/contracts/envelope';
import { fieldsToObject } from './codec';
import { DeadLetterNotFoundError, InvalidGroupError, InvalidTargetError, unavailableOr } from './errors';
import type { Keys } from './keys';
import { registerScripts } from './scripts';
import { assertTopic, DEFAULT_RETENTION } from './topics';

/** Dead-letter streams are capped; the recorder keeps the full history in the store. */
export const DEAD_LETTER_MAXLEN = 100_000;

export interface Failure {
  attempts: number;
  firstFailureAt: number;
  lastFailureAt: number;
  error: Error;
  category: DeadLetterCategory;
}

/** The field/value pairs of a dead-letter entry. */
export function deadLetterFields(input: {
  topic: string;
  stream: string;
  entryId: string;
  group: string;
  consumer: string;
  fields: Record<string, string>;
  envelope: Envelope | null;
  failure: Failure;
}): string[] {
  const { failure } = input;
  return [
    'raw',
    JSON.stringify(input.fields),
    'topic',
    input.topic,
    'stream',
    input.stream,
    'entryId',
    input.entryId,
    'group',
    input.group,
    'consumer',
    input.consumer,
    'attempts',
    String(failure.attempts),
    'firstFailureAt',
    String(failure.firstFailureAt),
    'lastFailureAt',
    String(failure.lastFailureAt),
    'errorName',
    failure.error.name,
    'errorMessage',
    failure.error.message.slice(0, 4_000),
    'errorStack',
    (failure.error.stack ?? '').slice(0, 8_000),
    'category',
    failure.category,
    'eventId',
    input.envelope?.id ?? '',
    'eventType',
    input.envelope?.type ?? '',
    'correlationId',
    input.envelope?.correlationid ?? '',
  ];
}

/** Parses one dead-letter stream entry; null when it is not one (hand-written junk). */
export function parseDeadLetter(topic: string, entryId: string, flat: readonly string[]): DeadLetter | null {
  const f = fieldsToObject(flat);
  let raw: Record<string, string> = {};
  try {
    raw = JSON.parse(f.raw ?? '{}') as Record<string, string>;
  } catch {
    raw = {};
  }
  const parsed = DeadLetter.safeParse({
    id: `${topic}/${entryId}`,
    topic,
    stream: f.stream ?? '',
    entryId: f.entryId ?? '',
    group: f.group ?? '',
    consumer: f.consumer ?? '',
    attempts: Number(f.attempts ?? 0),
    firstFailureAt: Number(f.firstFailureAt ?? 0),
    lastFailureAt: Number(f.lastFailureAt ?? 0),
    errorName: f.errorName ?? '',
    errorMessage: f.errorMessage ?? '',
    errorStack: f.errorStack ?? '',
    category: f.category,
    eventId: f.eventId || null,
    eventType: f.eventType || null,
    correlationId: f.correlationId || null,
    raw,
  });
  return parsed.success ? parsed.data : null;
}

export function splitDeadLetterId(id: string): { topic: string; entryId: string } {
  const slash = id.lastIndexOf('/');
  if (slash <= 0) throw new DeadLetterNotFoundError(id);
  return { topic: id.slice(0, slash), entryId: id.slice(slash + 1) };
}

/** Where `replayTo` sends a dead letter; every field optional (default: back to its topic, all groups). */
export interface ReplayTarget {
  /** Only this consumer group (its redelivery stream of the topic). */
  group?: string;
  /**
   * Each letter only to the group that dead-lettered it (that group's redelivery stream), when a set of
   * letters spans several groups. Not with `group` or `topic`.
   */
  failedGroup?: boolean;
  /** Another topic instead of the letter's own. */
  topic?: string;
  /** Replacement of the entry's `event` field (an edited envelope, JSON). */
  event?: string;
}

/** What `replayEach` did with one letter: its new entry id (null: the dead letter was gone), or Redis' refusal. */
export type ReplayOutcome = { entryId: string | null } | { error: Error };

/** Consumer group names a redelivery stream may be built for: no control characters, at most 200. */
const GROUP_NAME = /^[^\x00-\x1f\x7f]{1,200}$/;

export interface ListOptions {
  topics: readonly string[];
  /** Per topic, newest first. Default 50. */
  count?: number;
  category?: DeadLetterCategory;
}

/** The most entries `list` reads per topic looking for letters of a category. */
const MAX_LIST_SCAN = 100_000;

/** Reading and acting on dead letters: list, show, replay (atomically back to the topic), discard. */
export class DeadLetters {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {
    registerScripts(redis);
  }

  /**
   * Per topic the newest `count` letters that match: the category is applied while reading, page by
   * page (so `count` counts matching letters, not entries read), up to MAX_LIST_SCAN entries a topic.
   */
  async list(options: ListOptions): Promise<DeadLetter[]> {
    const count = options.count ?? 50;
    const page = Math.max(count, 200);
    const out: DeadLetter[] = [];
    for (const topic of options.topics) {
      let found = 0;
      let scanned = 0;
      let end = '+';
      while (found < count && scanned < MAX_LIST_SCAN) {
        const entries = await this.redis.xrevrange(this.keys.deadLetters(topic), end, '-', 'COUNT', page);
        scanned += entries.length;
        for (const [entryId, flat] of entries) {
          const letter = parseDeadLetter(topic, entryId, flat);
          if (!letter || (options.category && letter.category !== options.category)) continue;
          out.push(letter);
          if (++found >= count) break;
        }
        const last = entries[entries.length - 1];
        if (!last || entries.length < page) break;
        end = `(${last[0]}`; // exclusive: the next page starts below the last entry read
      }
    }
    return out.sort((a, b) => b.lastFailureAt - a.lastFailureAt);
  }

  async count(topics: readonly string[]): Promise<number> {
    if (topics.length === 0) return 0;
    const pipeline = this.redis.pipeline();
    for (const topic of topics) pipeline.xlen(this.keys.deadLetters(topic));
    const results = (await pipeline.exec()) ?? [];
    return results.reduce((sum, [, n]) => sum + Number(n ?? 0), 0);
  }

  async show(id: string): Promise<DeadLetter> {
    const { topic, entryId } = splitDeadLetterId(id);
    const [entry] = await this.redis.xrange(this.keys.deadLetters(topic), entryId, entryId);
    const letter = entry ? parseDeadLetter(topic, entry[0], entry[1]) : null;
    if (!letter) throw new DeadLetterNotFoundError(id);
    return letter;
  }

  /**
   * Appends the original entry to its topic again and removes the dead letter, atomically.
   * `event` replaces the `event` field (an edited envelope). Returns the new stream entry id.
   */
  async replay(id: string, event?: string): Promise<string> {
    return this.replayTo(id, event === undefined ? {} : { event });
  }

  /**
   * Replays a dead letter to a chosen target, atomically moving it out of the dead letters:
   * - default: its topic's stream, seen by every group of the topic (like `replay`);
   * - `group`: that group's redelivery stream of the topic, read by its subscriptions beside the topic
   *   stream and seen by no other group; a re-failure is a dead letter of the same topic and group;
   * - `topic`: another topic's stream (with `group`: that group's redelivery stream of it). The move
   *   touches two topics' keys, so on a Redis Cluster it needs both topics in one slot.
   * `event` replaces the `event` field (an edited envelope). Returns the new stream entry id.
   */
  async replayTo(id: string, target: ReplayTarget = {}): Promise<string> {
    const [outcome] = await this.replayEach([id], target);
    if (outcome && 'error' in outcome) throw outcome.error;
    if (!outcome?.entryId) throw new DeadLetterNotFoundError(id);
    return outcome.entryId;
  }

  /**
   * `replayTo` for several letters in one round trip: one script call per dead-letter stream and target
   * (a paced replay's send is usually one call), each letter still moved atomically on its own. A call
   * per letter cost the sender and Redis a command each. One outcome per id, in order. A target the SDK
   * refuses throws before anything is sent; Redis away rejects.
   */
  async replayEach(ids: readonly string[], target: ReplayTarget = {}): Promise<ReplayOutcome[]> {
    if (target.group !== undefined && !GROUP_NAME.test(target.group))
      throw new InvalidGroupError(target.group);
    if (target.failedGroup && (target.group !== undefined || target.topic !== undefined))
      throw new InvalidTargetError("failedGroup goes to each letter's own group: not with group or topic");
    const outcomes: ReplayOutcome[] = ids.map(() => ({ entryId: null }));
    const failedGroups = target.failedGroup ? await this.failedGroups(ids) : null;
    const calls = new Map<string, { from: string; stream: string; at: number[]; entryIds: string[] }>();
    let elsewhere = false;
    ids.forEach((id, i) => {
      const split = trySplitDeadLetterId(id);
      if (!split) return; // not a dead letter id: there is nothing to move
      const to = target.topic ?? split.topic;
      assertTopic(to);
      elsewhere ||= to !== split.topic;
      const from = this.keys.deadLetters(split.topic);
      const group = failedGroups ? failedGroups[i] : target.group;
      if (group === null) return; // the letter is gone: replayed or discarded meanwhile
      // a letter's own group is checked here; `target.group` was checked once above
      if (failedGroups && group !== undefined && !GROUP_NAME.test(group)) {
        outcomes[i] = {
          error:
            group === ''
              ? new InvalidTargetError(`letter ${id} names no consumer group to go back to`)
              : new InvalidGroupError(group),
        };
        return;
      }
      const stream = group === undefined ? this.keys.stream(to) : this.keys.redelivery(to, group);
      const key = `${from}\u0000${stream}`;
      const call = calls.get(key) ?? { from, stream, at: [], entryIds: [] };
      calls.set(key, call);
      call.at.push(i);
      call.entryIds.push(split.entryId);
    });
    if (target.topic !== undefined && elsewhere) {
      // so that wildcard subscribers find a topic that only ever received replays
      await this.redis
        .hsetnx(this.keys.topics(), target.topic, JSON.stringify(DEFAULT_RETENTION))
        .catch(rethrowUnavailable);
    }
    if (calls.size === 0) return outcomes;
    // a redelivery stream is capped like a dead-letter stream; a topic keeps its own retention
    const maxLen = target.group === undefined && !target.failedGroup ? '' : String(DEAD_LETTER_MAXLEN);
    const pipeline = this.redis.pipeline();
    for (const call of calls.values())
      pipeline.elReplayMany(call.from, call.stream, target.event ?? '', maxLen, ...call.entryIds);
    const replies = (await pipeline.exec().catch(rethrowUnavailable)) ?? [];
    [...calls.values()].forEach((call, c) => {
      const [error, reply] = replies[c] ?? [new Error('no reply from Redis'), null];
      call.at.forEach((i, k) => {
        const one: unknown = error ?? (Array.isArray(reply) ? reply[k] : new Error('no reply from Redis'));
        outcomes[i] =
          one instanceof Error
            ? { error: unavailableOr(one) as Error }
            : { entryId: typeof one === 'string' && one !== '' ? one : null };
      });
    });
    return outcomes;
  }

  /**
   * Each letter's entry fields, in one round trip: null where the entry is gone, undefined where the id
   * names no dead letter at all.
   */
  async entries(ids: readonly string[]): Promise<(Record<string, string> | null | undefined)[]> {
    const pipeline = this.redis.pipeline();
    const asked: number[] = [];
    ids.forEach((id, i) => {
      const split = trySplitDeadLetterId(id);
      if (!split) return;
      pipeline.xrange(this.keys.deadLetters(split.topic), split.entryId, split.entryId);
      asked.push(i);
    });
    const replies = asked.length > 0 ? ((await pipeline.exec().catch(rethrowUnavailable)) ?? []) : [];
    const found: (Record<string, string> | null | undefined)[] = ids.map(() => undefined);
    asked.forEach((i, k) => {
      const [error, reply] = replies[k] ?? [new Error('no reply from Redis'), null];
      if (error) throw unavailableOr(error);
      const entry = (reply as [string, string[]][])[0];
      found[i] = entry ? fieldsToObject(entry[1]) : null;
    });
    return found;
  }

  /**
   * The group that dead-lettered each letter, read from its entry; null where the entry is gone. A letter
   * that names no group gets '' (refused by the name check: it has no group to go to).
   */
  private async failedGroups(ids: readonly string[]): Promise<(string | null | undefined)[]> {
    return (await this.entries(ids)).map((fields) => (fields ? (fields.group ?? '') : fields));
  }

  async discard(id: string): Promise<void> {
    const { topic, entryId } = splitDeadLetterId(id);
    const removed = await this.redis.xdel(this.keys.deadLetters(topic), entryId).catch(rethrowUnavailable);
    if (removed === 0) throw new DeadLetterNotFoundError(id);
  }
}

function trySplitDeadLetterId(id: string): { topic: string; entryId: string } | null {
  try {
    return splitDeadLetterId(id);
  } catch {
    return null;
  }
}

function rethrowUnavailable(error: unknown): never {
  throw unavailableOr(error);
}
