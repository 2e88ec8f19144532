import type { Redis } from 'ioredis';
import type { Keys } from '../keys';

/**
 * The read side of a projection: plain Redis reads on the keys of the generation that was active when
 * `bus.projections.read(name)` resolved. A swap retires that generation; it stays readable for
 * `retiredGraceMs` (default 5 s), so take a new view per request rather than keeping one.
 */
export class ProjectionView {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    readonly name: string,
    readonly generation: number,
  ) {}

  /** The Redis key of a read-model key (for commands this view does not wrap). */
  key(key: string): string {
    return this.keys.projectionModel(this.name, this.generation, key);
  }

  get(key: string): Promise<string | null> {
    return this.redis.get(this.key(key));
  }

  hget(key: string, field: string): Promise<string | null> {
    return this.redis.hget(this.key(key), field);
  }

  hgetall(key: string): Promise<Record<string, string>> {
    return this.redis.hgetall(this.key(key));
  }

  zscore(key: string, member: string): Promise<string | null> {
    return this.redis.zscore(this.key(key), member);
  }

  /** Members with their scores by rank, highest first when `rev`. */
  async zrange(
    key: string,
    start: number,
    stop: number,
    options: { rev?: boolean } = {},
  ): Promise<{ member: string; score: number }[]> {
    const flat = options.rev
      ? await this.redis.zrange(this.key(key), start, stop, 'REV', 'WITHSCORES')
      : await this.redis.zrange(this.key(key), start, stop, 'WITHSCORES');
    const out: { member: string; score: number }[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ member: flat[i]!, score: Number(flat[i + 1]) });
    return out;
  }

  smembers(key: string): Promise<string[]> {
    return this.redis.smembers(this.key(key));
  }
}
