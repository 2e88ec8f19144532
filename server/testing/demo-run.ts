/**
 * The demo run that server/demo/demo.test.ts asserts on: startDemo on real Redis under a prefix of its
 * own, left to run for a while before the file's tests and stopped after them, with readers of what it
 * left there and a count of the handles that keep the process alive (to check that stop leaves none).
 * The run is the slow part (seconds of traffic), so one run serves a whole file; keeping its setup and
 * readers here leaves the test file to what the demo should do.
 */
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { createKeys, type Keys } from '@/server/bus';
import type { Envelope } from '@/server/contracts/envelope';
import { startDemo, type Demo, type DemoOptions } from '@/server/demo/demo';
import { deletePrefix, testRedis, uniquePrefix } from './redis';

export interface DemoRun {
  redis: Redis;
  keys: Keys;
  demo: Demo;
  /** countResources() before the demo started. */
  baseline: Map<string, number>;
  /** The envelopes on a topic's stream, without the undecodable entries the demo writes on purpose. */
  events(topic: string): Promise<Envelope[]>;
  /** XINFO GROUPS of a topic's stream, by group name. */
  groups(topic: string): Promise<Map<string, Record<string, unknown>>>;
  /** The dead letters of a topic, each as its stored fields. */
  deadLetters(topic: string): Promise<Record<string, unknown>[]>;
}

/** Runs the demo with `options` for `runMs` before the describe block's tests; stops it after them. */
export function useDemoRun(options: Omit<DemoOptions, 'redis' | 'prefix'>, runMs: number): DemoRun {
  let prefix = '';
  // redis, keys, demo and baseline are filled in by beforeAll, which runs before any test reads them
  const run = {
    events: async (topic: string): Promise<Envelope[]> =>
      (await run.redis.xrange(run.keys.stream(topic), '-', '+')).flatMap(([, fields]) => {
        const i = fields.indexOf('event');
        try {
          return i >= 0 ? [JSON.parse(fields[i + 1]!) as Envelope] : [];
        } catch {
          return []; // the undecodable entries the demo writes on purpose
        }
      }),
    groups: async (topic: string): Promise<Map<string, Record<string, unknown>>> => {
      const reply = (await run.redis.xinfo('GROUPS', run.keys.stream(topic))) as unknown[][];
      return new Map(reply.map((flat) => [String(flat[1]), pairs(flat)]));
    },
    deadLetters: async (topic: string): Promise<Record<string, unknown>[]> =>
      (await run.redis.xrange(run.keys.deadLetters(topic), '-', '+')).map(([, flat]) => pairs(flat)),
  } as DemoRun;

  beforeAll(async () => {
    run.redis = await testRedis();
    prefix = uniquePrefix('demo');
    run.keys = createKeys(prefix);
    run.baseline = countResources();
    run.demo = startDemo({ redis: run.redis, prefix, ...options });
    await run.demo.ready;
    await new Promise((resolve) => setTimeout(resolve, runMs));
  });

  afterAll(async () => {
    await run.demo?.stop();
    await deletePrefix(run.redis, prefix);
    run.redis.disconnect();
  });

  return run;
}

/** Handles that keep a process alive (unref'd timers are not listed). */
export function countResources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

function pairs(flat: readonly unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = flat[i + 1];
  return out;
}
