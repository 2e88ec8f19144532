import type { Redis } from 'ioredis';
import type { Keys } from '../keys';
import { loopBackoff } from '../retry';
import { sleep } from '../sleep';
import type { Subscription } from '../subscription';
import type { BusLogger } from '../types';
import { ProcessorAnnouncer } from './registry';
import type { Terminal } from './terminal';
import type { ProcessorStats, StreamEvent } from './types';

/** One stage of a pipeline: the event changed, or null to drop it. */
export type Stage = (event: StreamEvent) => StreamEvent | null | Promise<StreamEvent | null>;

export interface ProcessorParts {
  name: string;
  redis: Redis;
  keys: Keys;
  log: BusLogger;
  pollMs: number;
  service: string;
  /** The topic results go to. */
  output: string;
  /** The processor's `description` option, announced as it is. */
  description: string | undefined;
  terminal: Terminal;
  /** Subscribes the processor's handler (consumer group `streams.<name>`, ordered by subject). */
  subscribe: (handler: (event: StreamEvent) => Promise<void>) => Subscription;
  onStop: () => void;
}

/**
 * A running processor: a subscription whose handler runs the stages and the terminal, a poller for
 * due absence deadlines and outbox entries left by a crash, and its heartbeat in `stream-processors`.
 * The poller ends with the subscription (also when `bus.close()` stops it) and removes the heartbeat.
 */
export class Processor {
  readonly name: string;
  readonly subscription: Subscription;
  /** Resolves once the consumer group reads. */
  readonly ready: Promise<void>;
  private readonly stop$ = new AbortController();
  private readonly polling: Promise<void>;
  private reading = false;
  private readonly announcer: ProcessorAnnouncer;

  constructor(
    private readonly parts: ProcessorParts,
    stages: readonly Stage[],
  ) {
    this.name = parts.name;
    const run = async (input: StreamEvent): Promise<void> => {
      let event: StreamEvent | null = input;
      for (const stage of stages) {
        event = await stage(event);
        if (event === null) return;
      }
      await parts.terminal.apply(event);
    };
    this.subscription = parts.subscribe(async (input) => {
      await run(input);
      this.announcer.meter.add(1);
    });
    this.announcer = new ProcessorAnnouncer({
      redis: parts.redis,
      keys: parts.keys,
      log: parts.log,
      name: parts.name,
      kind: parts.terminal.kind,
      service: parts.service,
      output: parts.output,
      outputType: parts.terminal.outputType,
      rule: parts.terminal.rule,
      description: parts.description,
      subscription: this.subscription,
      stats: () => this.stats(),
    });
    this.ready = this.subscription.ready;
    void this.ready.then(() => {
      this.reading = true;
      void this.announcer.beat();
    });
    this.polling = this.poll();
  }

  /** Counters from Redis, summed over every process running this processor. */
  async stats(): Promise<ProcessorStats> {
    return readStats(this.parts.redis, this.parts.keys, this.name);
  }

  async stop(): Promise<void> {
    this.stop$.abort();
    await this.subscription.stop();
    await this.polling;
    this.parts.onStop();
  }

  private stopped(): boolean {
    return this.stop$.signal.aborted || this.subscription.state === 'stopping';
  }

  private async poll(): Promise<void> {
    const { terminal, log, pollMs } = this.parts;
    const backoff = loopBackoff(pollMs, 5_000);
    while (!this.stopped()) {
      try {
        // not before the group reads (a subscription stopped while starting never does: no await on ready)
        if (!this.reading) {
          await sleep(pollMs, this.stop$.signal);
          continue;
        }
        await terminal.due?.(Date.now());
        await terminal.outbox?.flushStale();
        backoff.reset();
        await sleep(pollMs, this.stop$.signal);
      } catch (error) {
        if (this.stopped()) break;
        log.warn({ processor: this.name, err: (error as Error).message }, 'stream processor poll failed');
        await sleep(backoff.next(), this.stop$.signal);
      }
    }
    await this.announcer.close();
  }
}

export async function readStats(redis: Redis, keys: Keys, name: string): Promise<ProcessorStats> {
  const meta = await redis.hgetall(keys.streamState(name, 'meta'));
  const n = (field: string): number => Number(meta[field] ?? 0);
  return {
    applied: n('applied'),
    emitted: n('emitted'),
    corrected: n('corrected'),
    dropped: n('dropped'),
    fired: n('fired'),
    matched: n('matched'),
    watermark: meta.wm === undefined ? null : Number(meta.wm),
  };
}
