/**
 * What the kill -9 tests of the SDK share per test: a key prefix of their own, a bus on it in this
 * process (it publishes and reads; the child processes do the work), and the children a test starts.
 * After each test every child still running is killed (resumed first, in case the test stopped it),
 * the bus closed and the prefix deleted.
 */
import type { ChildProcess } from 'node:child_process';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach } from 'vitest';
import { createBus, type Bus } from '@/server/bus/bus';
import { startChild, waitForExit } from './child';
import { deletePrefix, testRedis, uniquePrefix } from './redis';

export interface CrashHarness {
  redis: Redis;
  prefix: string;
  bus: Bus;
  /** Starts `module` in a child process (child.ts) and waits for its `ready`; killed after the test. */
  start(module: string, env: Record<string, string>): Promise<ChildProcess>;
}

/** Registers the per-test setup and cleanup in the calling describe block. */
export function useCrashHarness(label: string, service: string): CrashHarness {
  const children: ChildProcess[] = [];
  // redis, prefix and bus are set by beforeEach, before any test reads them
  const harness = {
    async start(module: string, env: Record<string, string>) {
      const child = await startChild(module, env);
      children.push(child);
      return child;
    },
  } as CrashHarness;

  beforeEach(async () => {
    harness.redis = await testRedis();
    harness.prefix = uniquePrefix(label);
    harness.bus = createBus({ redis: harness.redis, service, prefix: harness.prefix, telemetry: false });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
        await waitForExit(child);
      }
    }
    await harness.bus.close({ timeoutMs: 1_000 });
    await deletePrefix(harness.redis, harness.prefix);
    harness.redis.disconnect();
  });
  return harness;
}
