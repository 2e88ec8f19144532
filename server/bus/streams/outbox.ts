import type { Redis } from 'ioredis';
import type { PublishInput } from '../envelope';
import type { Published } from '../publisher';

/** An outbox entry as a script wrote it: field and JSON value (with `at`, the writer's clock). */
export type OutboxEntry = readonly [field: string, json: string];

const SCAN_COUNT = 200;

/**
 * Publishes the results a processor's scripts wrote into its outbox hash, then deletes them. The
 * script that changes the state writes its results in the same step, so a process that dies before
 * publishing loses nothing: `flushStale` (polled) publishes entries older than `staleMs`, with the
 * same ids (derived from the field), so a result published twice is one event to a deduping consumer.
 */
export class ResultOutbox {
  private cursor = '0';

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly topic: string,
    private readonly toInput: (field: string, value: Record<string, unknown>) => PublishInput,
    private readonly publishBatch: (topic: string, inputs: readonly PublishInput[]) => Promise<Published[]>,
    private readonly staleMs: number,
  ) {}

  async publish(entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const inputs = entries.map(([field, json]) =>
      this.toInput(field, JSON.parse(json) as Record<string, unknown>),
    );
    await this.publishBatch(this.topic, inputs);
    await this.redis.hdel(this.key, ...entries.map(([field]) => field));
  }

  /** One page of the outbox per call: entries a crashed (or failed) writer left behind. */
  async flushStale(now = Date.now()): Promise<number> {
    const [next, flat] = await this.redis.hscan(this.key, this.cursor, 'COUNT', SCAN_COUNT);
    this.cursor = next;
    const stale: OutboxEntry[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      const at = Number((JSON.parse(flat[i + 1]!) as { at?: unknown }).at);
      if (!(at > now - this.staleMs)) stale.push([flat[i]!, flat[i + 1]!]);
    }
    await this.publish(stale);
    return stale.length;
  }
}

/** Splits a script's reply of field/value pairs (after `skip` leading items) into outbox entries. */
export function entriesOf(reply: readonly string[], skip: number): OutboxEntry[] {
  const entries: OutboxEntry[] = [];
  for (let i = skip; i + 1 < reply.length; i += 2) entries.push([reply[i]!, reply[i + 1]!]);
  return entries;
}
