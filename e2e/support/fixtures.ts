/**
 * Playwright fixtures that seed, through the bus SDK, exactly what a spec asserts, under the prefix the
 * e2e server records (`E2E_PREFIX`, set once in playwright.config.ts for the server and the workers).
 * The server runs without demo traffic: a spec that needs events publishes them at the top of its test.
 *
 *   import { expect, test } from './support/fixtures';
 *   test('…', async ({ page, seed, request }) => {
 *     const chain = await seed.chain(['signal.validated', 'signal.enriched', 'signal.analyzed']);
 *     await seed.recorded(request, chain.correlationId, 3);
 *   });
 *
 * `seed` is per test; every name it makes carries the test's own scope, so tests never see each
 * other's data:
 * - `seed.topic('signals')`, `seed.name('validate')`: scoped topic (`<scope>.signals`) and
 *   group/service (`<scope>-validate`) names.
 * - `seed.bus(service)`: an SDK bus under the e2e prefix (closed after the test).
 * - `seed.publish(topic, count, input?)`: `count` events of one type, in one batch.
 * - `seed.history(topic, options?)`: events spread over the last minute and a half, so rates and
 *   charts have closed buckets at once (call it before anything else publishes on the topic).
 * - `seed.chain(types, options?)`: one correlation chain, each event caused by the one before.
 * - `seed.group(topic, group, options?)`: a consumer group that acks what it reads, or with
 *   `stalled: true` holds every delivery until the test ends (pending entries, then lag).
 * - `seed.traffic(topic, options?)`: a publisher loop for assertions on moving data; stopped at
 *   test end (or by its `stop()`). Start it before opening the live tail: a tail opened before its
 *   topic existed received nothing in this suite.
 * - `seed.pipeline()`: a small scoped service graph with live rates, a slow group and dead letters.
 * - `seed.recorded(request, correlationId, count)`: waits until the recorder has stored them.
 *
 * After each test the loops stop, the buses close (their heartbeats go) and the scope's streams and
 * topic registrations are deleted; what the recorder stored stays in the run's database.
 */
import { randomBytes } from 'node:crypto';
import { expect, test as base, type APIRequestContext } from '@playwright/test';
import type { Redis } from 'ioredis';
import {
  buildEnvelope,
  createBus,
  createKeys,
  EVENT_FIELD,
  type Bus,
  type PublishInput,
  type Published,
  type Subscription,
} from '@/server/bus';
import { encodeEnvelope } from '@/server/bus/codec';
import type { EventPage } from '@/server/contracts/events';
import { testRedis } from '@/server/testing/redis';
import { startPipeline, type Pipeline } from './pipeline';

export { expect };

/** The prefix the e2e server uses; playwright.config.ts sets it before anything starts. */
export function e2ePrefix(): string {
  const prefix = process.env.E2E_PREFIX;
  if (!prefix) throw new Error('E2E_PREFIX is not set: run the specs through playwright.config.ts');
  return prefix;
}

export interface GroupOptions {
  /** The consuming service (consumer names start with it). Default: the group's name, scoped. */
  service?: string;
  /** Hold every delivery until the test ends: entries stay pending, the rest waits as lag. */
  stalled?: boolean;
  concurrency?: number;
  /** Where a new group starts. Default 'start': entries seeded before it count. */
  from?: 'start' | 'new';
}

export interface TrafficOptions {
  service?: string;
  type?: string;
  /** Events per tick (one batch). Default 2. */
  batch?: number;
  /** Default 100 ms. */
  everyMs?: number;
  data?: (n: number) => unknown;
}

export interface Traffic {
  /** Events published so far. */
  readonly published: number;
  stop(): Promise<void>;
}

export interface Chain {
  correlationId: string;
  events: Published[];
}

export class Seed {
  private readonly buses = new Map<string, Bus>();
  private readonly loops = new Set<Traffic>();
  private readonly holds: (() => void)[] = [];

  constructor(
    private readonly redis: Redis,
    readonly prefix: string,
    /** Unique to the test: in every topic, group and service name seeded. */
    readonly scope: string,
  ) {}

  topic(name: string): string {
    return `${this.scope}.${name}`;
  }

  name(name: string): string {
    return `${this.scope}-${name}`;
  }

  bus(service: string): Bus {
    let bus = this.buses.get(service);
    if (!bus) {
      bus = createBus({ redis: this.redis, service, prefix: this.prefix });
      this.buses.set(service, bus);
    }
    return bus;
  }

  publish(
    topic: string,
    count: number,
    input: Partial<PublishInput> & { service?: string } = {},
  ): Promise<Published[]> {
    const { service = this.name('publisher'), ...rest } = input;
    const events = Array.from({ length: count }, (_, n) => ({
      type: 'seed.event',
      subject: `s-${n}`,
      data: { n },
      ...rest,
    }));
    return this.bus(service).publishBatch(topic, events);
  }

  /**
   * Events over the last `seconds` on a topic nothing has published on yet. The SDK stamps an entry
   * with the time it reaches the stream, and rates and rollups bucket by that time: only entries
   * written with past ids (the SDK's own envelope, encoded as it would) give a view closed buckets
   * without waiting for them to close.
   */
  async history(
    topic: string,
    options: { seconds?: number; perSecond?: number; type?: string; service?: string } = {},
  ): Promise<void> {
    const { seconds = 90, perSecond = 2, type = 'seed.event' } = options;
    const bus = this.bus(options.service ?? this.name('publisher'));
    await bus.defineTopic(topic, { maxLen: 100_000 });
    const stream = createKeys(this.prefix).stream(topic);
    const start = Date.now() - seconds * 1000;
    const writes = this.redis.pipeline();
    for (let n = 0; n < seconds * perSecond; n++) {
      const ms = Math.floor(start + (n * 1000) / perSecond);
      const envelope = buildEnvelope(
        bus.source,
        { type, subject: `s-${n % 50}`, time: new Date(ms), data: { n } },
        undefined,
      );
      writes.xadd(stream, `${ms}-${n}`, EVENT_FIELD, encodeEnvelope(envelope));
    }
    const results = (await writes.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw new Error(`history on ${topic}: ${String(failed[0])}`);
  }

  /** One correlation chain on one topic; event n+1 is caused by event n, each from its own service. */
  async chain(
    types: readonly string[],
    options: { topic?: string; services?: readonly string[]; data?: (type: string) => unknown } = {},
  ): Promise<Chain> {
    const topic = options.topic ?? this.topic('chain');
    const chainId = `${this.scope}-${randomBytes(4).toString('hex')}`;
    const correlationId = `corr-${chainId}`;
    const events: Published[] = [];
    for (const [index, type] of types.entries()) {
      const service = options.services?.[index] ?? this.name('chain');
      const published = await this.bus(service).publish(topic, {
        type,
        subject: `subject-${chainId}`,
        correlationId,
        ...(events.at(-1) ? { causationId: events.at(-1)!.id } : {}),
        data: options.data ? options.data(type) : { step: index },
      });
      events.push(published);
    }
    return { correlationId, events };
  }

  async group(topic: string, group: string, options: GroupOptions = {}): Promise<Subscription> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    if (options.stalled) this.holds.push(release);
    const subscription = this.bus(options.service ?? this.name(group)).subscribe(
      group,
      topic,
      async () => {
        if (options.stalled) await held;
      },
      {
        from: options.from ?? 'start',
        concurrency: options.concurrency ?? (options.stalled ? 2 : 32),
        // a held delivery must stay pending on its consumer for the whole test
        handlerTimeoutMs: 600_000,
        claimIdleMs: 600_000,
      },
    );
    await subscription.ready;
    return subscription;
  }

  traffic(topic: string, options: TrafficOptions = {}): Traffic {
    const bus = this.bus(options.service ?? this.name('publisher'));
    const { batch = 2, everyMs = 100, type = 'seed.tick', data = (n: number) => ({ n }) } = options;
    let published = 0;
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        const events = Array.from({ length: batch }, (_, i) => ({
          type,
          subject: `s-${(published + i) % 50}`,
          data: data(published + i),
        }));
        await bus.publishBatch(topic, events);
        published += batch;
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    })();
    const traffic: Traffic = {
      get published() {
        return published;
      },
      stop: async () => {
        stopped = true;
        await loop;
        this.loops.delete(traffic);
      },
    };
    this.loops.add(traffic);
    return traffic;
  }

  pipeline(): Promise<Pipeline> {
    return startPipeline(this);
  }

  /** Waits until the recorder has stored `count` events of the correlation (discovery runs every few seconds). */
  async recorded(request: APIRequestContext, correlationId: string, count: number): Promise<void> {
    await expect(async () => {
      const page = (await (
        await request.get(`/api/events?correlationId=${encodeURIComponent(correlationId)}&limit=${count}`)
      ).json()) as EventPage;
      expect(page.items.length, `recorded events of ${correlationId}`).toBe(count);
    }).toPass({ timeout: 30_000 });
  }

  /** Registered for the test's teardown: another fixture's stoppable part (a pipeline's loops). */
  onCleanup(stop: () => Promise<void>): void {
    this.loops.add({ published: 0, stop });
  }

  async cleanup(): Promise<void> {
    await Promise.all([...this.loops].map((loop) => loop.stop()));
    for (const release of this.holds) release();
    await Promise.all([...this.buses.values()].map((bus) => bus.close({ timeoutMs: 5_000 })));
    // registry first: the server then stops inspecting the streams before they go
    const registered = await this.redis.hkeys(`${this.prefix}:topics`);
    const mine = registered.filter((topic) => topic.startsWith(`${this.scope}.`));
    if (mine.length > 0) await this.redis.hdel(`${this.prefix}:topics`, ...mine);
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        `${this.prefix}:{${this.scope}.*`,
        'COUNT',
        1000,
      );
      if (keys.length > 0) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }
}

export const test = base.extend<{ seed: Seed }, { redis: Redis }>({
  redis: [
    async ({}, use) => {
      const redis = await testRedis(process.env.REDIS_URL);
      await use(redis);
      redis.disconnect();
    },
    { scope: 'worker' },
  ],
  seed: async ({ redis }, use) => {
    const seed = new Seed(redis, e2ePrefix(), `t${randomBytes(3).toString('hex')}`);
    try {
      await use(seed);
    } finally {
      await seed.cleanup();
    }
  },
});
