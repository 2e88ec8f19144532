/**
 * The health probe: Redis and the store, each within a deadline. It probes clients rather than reading
 * a model, so it sits at the composition root beside them (server/queries may import db and contracts
 * only, and the deadline helper is the bus's).
 */
import { withDeadline } from '@/server/bus/deadline';
import type { Health, StoreKind } from '@/server/contracts/health';

/** The slice of an ioredis client the probe needs (structural, so a test can hand in a stub). */
export interface RedisProbeTarget {
  ping(): Promise<string>;
  info(section: 'server'): Promise<string>;
}

/** Where a dependency is and what to check when it does not answer, shown beside its error. */
export interface ProbeWhere {
  target: string;
  check: string;
}

export interface StoreProbeTarget {
  kind: StoreKind;
  /** Proves the store answers and accepts writes. */
  check(timeoutMs: number): Promise<void>;
}

/** Turns a probe's failure into the line a person reads (the real cause, not a wrapper's message). */
export type Explain = (error: unknown) => string;

export type RecorderHealth = NonNullable<Health['recorder']>;

export interface HealthDeps {
  redis: RedisProbeTarget;
  store: StoreProbeTarget;
  /** The in-process recorder's state, when this process runs one. */
  recorder?: () => RecorderHealth;
  startedAt: number;
  timeoutMs?: number;
  explain?: { redis?: Explain; store?: Explain };
  where?: { redis?: ProbeWhere; store?: ProbeWhere };
}

/** Probes Redis and the store concurrently, each bounded by `timeoutMs`. Never throws. */
export async function probeHealth(deps: HealthDeps): Promise<Health> {
  const timeoutMs = deps.timeoutMs ?? 1_000;
  const [redis, store] = await Promise.all([
    timed(
      async () => {
        await deps.redis.ping();
        return parseRedisVersion(await deps.redis.info('server'));
      },
      timeoutMs,
      deps.explain?.redis,
    ),
    timed(() => deps.store.check(timeoutMs), timeoutMs, deps.explain?.store),
  ]);
  const recorder = deps.recorder?.() ?? null;
  // a recorder that cannot write makes the console stale, not unusable: degraded, still 200
  const status = !(redis.ok && store.ok)
    ? 'unhealthy'
    : recorder?.state === 'degraded'
      ? 'degraded'
      : 'healthy';
  return {
    status,
    redis: {
      ok: redis.ok,
      latencyMs: redis.latencyMs,
      version: redis.ok ? (redis.value ?? null) : null,
      ...(redis.error ? { error: redis.error } : {}),
      ...deps.where?.redis,
    },
    store: {
      ok: store.ok,
      kind: deps.store.kind,
      latencyMs: store.latencyMs,
      ...(store.error ? { error: store.error } : {}),
      ...deps.where?.store,
    },
    recorder,
    uptimeS: Math.round((Date.now() - deps.startedAt) / 1000),
    checkedAt: new Date().toISOString(),
  };
}

export function parseRedisVersion(info: string): string | null {
  return /^redis_version:(\S+)/m.exec(info)?.[1] ?? null;
}

interface Timed<T> {
  ok: boolean;
  latencyMs: number | null;
  value?: T;
  error?: string;
}

const message: Explain = (error) => (error instanceof Error ? error.message : String(error));

async function timed<T>(
  work: () => Promise<T>,
  timeoutMs: number,
  explain: Explain = message,
): Promise<Timed<T>> {
  const started = performance.now();
  try {
    const value = await withDeadline(work(), timeoutMs, () => {
      throw new Error(`no answer within ${timeoutMs} ms`);
    });
    return { ok: true, latencyMs: round(performance.now() - started), value };
  } catch (error) {
    return { ok: false, latencyMs: null, error: explain(error) };
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;
