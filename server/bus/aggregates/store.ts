import type { Redis } from 'ioredis';
import type { PublishInput } from '../envelope';
import { unavailableOr } from '../errors';
import type { Keys } from '../keys';
import type { Publisher } from '../publisher';
import { trimArgs, type TopicRegistry } from '../topics';
import { ConcurrencyError } from './errors';
import { registerAggregateScripts, type RawEntries } from './scripts';
import type { Appended } from './types';

export interface StoreDeps {
  redis: Redis;
  keys: Keys;
  topics: TopicRegistry;
  /** Builds, schema-checks and encodes the events exactly as `bus.publish` would. */
  publisher: Publisher;
  onPublished?: (topic: string) => void;
}

/** Envelope extensions every appended event carries (CloudEvents: lower-case alphanumerics). */
export const AGGREGATE_TYPE_ATTR = 'aggregatetype';
export const AGGREGATE_VERSION_ATTR = 'aggregateversion';

/** The Redis side of one aggregate type: versioned appends, reads, snapshots. No domain logic. */
export class EventStore {
  private readonly redis: Redis;

  constructor(
    private readonly deps: StoreDeps,
    readonly type: string,
    readonly topic: string,
  ) {
    this.redis = registerAggregateScripts(deps.redis);
  }

  /**
   * Appends at `expectedVersion` or refuses with ConcurrencyError (one script: nothing half-written).
   * Each envelope has subject = aggregate id and the extensions `aggregatetype` and `aggregateversion`.
   */
  async append(id: string, inputs: readonly PublishInput[], expectedVersion: number): Promise<Appended> {
    const { keys, topics, publisher } = this.deps;
    try {
      const { envelopes, encoded } = await publisher.prepare(inputs, (envelope, i) => {
        envelope.subject = id;
        envelope[AGGREGATE_TYPE_ATTR] = this.type;
        envelope[AGGREGATE_VERSION_ATTR] = expectedVersion + i + 1;
      });
      const retention = await topics.ensure(this.topic);
      this.deps.onPublished?.(this.topic);
      const reply = await this.redis.elAggAppend(
        keys.aggregateEvents(this.topic, this.type, id),
        keys.stream(this.topic),
        keys.aggregateIds(this.topic, this.type),
        String(expectedVersion),
        id,
        ...trimArgs(retention),
        ...encoded,
      );
      if (reply[0] === 0) throw new ConcurrencyError(this.type, id, expectedVersion, reply[1]);
      const entryIds = reply.slice(1) as string[];
      return {
        version: expectedVersion + envelopes.length,
        events: envelopes.map((envelope, i) => ({
          version: expectedVersion + i + 1,
          entryId: entryIds[i]!,
          envelope,
        })),
      };
    } catch (error) {
      throw unavailableOr(error, this.redis);
    }
  }

  /** The snapshot of format `format` ('' for none) and the first page of events after it. */
  async first(
    id: string,
    format: string,
    pageSize: number,
  ): Promise<{ snapshotVersion: number; snapshot: string | null; entries: RawEntries }> {
    try {
      const [version, state, entries] = await this.redis.elAggLoad(
        this.deps.keys.aggregateSnapshot(this.topic, this.type, id),
        this.deps.keys.aggregateEvents(this.topic, this.type, id),
        format,
        String(pageSize),
      );
      return { snapshotVersion: version, snapshot: version > 0 ? state : null, entries };
    } catch (error) {
      throw unavailableOr(error, this.redis);
    }
  }

  /** Up to `count` events after `version`. */
  async after(id: string, version: number, count: number): Promise<RawEntries> {
    try {
      const key = this.deps.keys.aggregateEvents(this.topic, this.type, id);
      return (await this.redis.xrange(key, `${version + 1}-0`, '+', 'COUNT', count)) as RawEntries;
    } catch (error) {
      throw unavailableOr(error, this.redis);
    }
  }

  /** The aggregate's version now: its last event's (0: no events). */
  async latestVersion(id: string): Promise<number> {
    try {
      const key = this.deps.keys.aggregateEvents(this.topic, this.type, id);
      const last = (await this.redis.xrevrange(key, '+', '-', 'COUNT', 1)) as RawEntries;
      return last[0] ? Number.parseInt(last[0][0], 10) : 0;
    } catch (error) {
      throw unavailableOr(error, this.redis);
    }
  }

  /** Resolves true when written, false when a newer snapshot of the same format was there. */
  async snapshot(
    id: string,
    version: number,
    format: string,
    state: string,
    replace: boolean,
  ): Promise<boolean> {
    try {
      const written = await this.redis.elAggSnapshot(
        this.deps.keys.aggregateSnapshot(this.topic, this.type, id),
        String(version),
        format,
        state,
        replace ? '1' : '0',
      );
      return written === 1;
    } catch (error) {
      throw unavailableOr(error, this.redis);
    }
  }

  /** One SSCAN step over the type's aggregate ids. */
  async scanIds(cursor: string, count: number): Promise<[string, string[]]> {
    try {
      return await this.redis.sscan(
        this.deps.keys.aggregateIds(this.topic, this.type),
        cursor,
        'COUNT',
        count,
      );
    } catch (error) {
      throw unavailableOr(error, this.redis);
    }
  }
}
