import type { Redis } from 'ioredis';
import type { Keys } from '../keys';
import { loopBackoff } from '../retry';
import { registerScripts } from '../scripts';
import { sleep } from '../sleep';
import { trimArgs, type TopicRegistry } from '../topics';
import type { BusLogger } from '../types';

interface Pending {
  entries: readonly (readonly [field: string, value: string])[];
  done: (fields: string[]) => void;
}

/** Events per append script call (as the publisher's batches). */
const CHUNK = 100;

/**
 * Publishes outbox entries after their transition committed. Entries of every instance in this
 * process are gathered for one event-loop turn and appended with one script call per topic (and per
 * hundred events), in the order they were added, one batch at a time: an instance's events reach the
 * stream in seq order, and the append costs one round trip shared by all the transitions of the turn.
 * The entries stay in the instance's hash until published, so a crash here loses nothing: whoever
 * takes the instance over publishes them again, with the same ids.
 */
export class OutboxWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
    private readonly topics: TopicRegistry,
    private readonly log: BusLogger,
    private readonly onPublished?: (topic: string) => void,
  ) {
    registerScripts(redis);
  }

  /** Resolves with the published fields once they are in their streams. */
  add(entries: readonly (readonly [string, string])[]): Promise<string[]> {
    if (entries.length === 0) return Promise.resolve([]);
    return new Promise((done) => {
      this.queue.push({ entries, done });
      this.schedule();
    });
  }

  /** Waits for what was added so far. */
  async drain(): Promise<void> {
    await this.chain;
    if (this.queue.length > 0) await this.chain;
  }

  async close(): Promise<void> {
    await this.drain();
    this.stopped = true;
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.chain = this.chain.then(async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.scheduled = false;
      const batch = this.queue.splice(0);
      if (batch.length > 0) await this.write(batch);
    });
  }

  private async write(batch: Pending[]): Promise<void> {
    const byTopic = new Map<string, string[]>();
    for (const pending of batch) {
      for (const [, value] of pending.entries) {
        const space = value.indexOf(' ');
        const topic = value.slice(0, space);
        let list = byTopic.get(topic);
        if (!list) byTopic.set(topic, (list = []));
        list.push(value.slice(space + 1));
      }
    }
    const backoff = loopBackoff(100, 5_000);
    for (;;) {
      try {
        const calls: Promise<string[]>[] = [];
        for (const [topic, events] of byTopic) {
          const trim = trimArgs(await this.topics.ensure(topic));
          for (let i = 0; i < events.length; i += CHUNK) {
            calls.push(this.redis.elAppend(this.keys.stream(topic), ...trim, ...events.slice(i, i + CHUNK)));
          }
          this.onPublished?.(topic);
        }
        await Promise.all(calls);
        break;
      } catch (error) {
        // the entries are safe in their instances' hashes; a takeover would publish them too
        this.log.warn({ err: (error as Error).message }, 'saga outbox append failed; retrying');
        if (this.stopped) return;
        await sleep(backoff.next());
      }
    }
    for (const pending of batch) pending.done(pending.entries.map(([field]) => field));
  }
}
