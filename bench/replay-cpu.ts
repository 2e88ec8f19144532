/**
 * Where a replay's CPU goes, for `bench:replay`: every SAMPLE_MS the CPU time so far of the bench
 * process (the replay runner and its store client), the live service's process, Redis (INFO cpu) and
 * every Postgres process (/proc, Linux only). Integrated over the spans in which the job sent and
 * those in which it was paused, the difference per replayed letter is the replay's cost. Unlike a
 * p99 it does not depend on a few rare stalls, so it shows a change in the runner's cost run to run.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { TICK_MS, ticksOf } from './trace-cpu';

const SAMPLE_MS = 250;

export const CPU_PARTS = ['runner', 'live service', 'redis', 'postgres'] as const;
export type CpuPart = (typeof CPU_PARTS)[number];

/** Milliseconds of CPU so far, per part (null where it cannot be read). */
interface Sample {
  at: number;
  ms: Record<CpuPart, number | null>;
}

export interface CpuSampler {
  stop(): Promise<Sample[]>;
}

export function sampleCpu(redis: Redis, livePid: number | undefined): CpuSampler {
  const samples: Sample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      samples.push(await sample(redis, livePid));
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

async function sample(redis: Redis, livePid: number | undefined): Promise<Sample> {
  const own = process.cpuUsage();
  const info = await redis.info('cpu');
  const used = (name: string): number => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  const redisMs = (used('used_cpu_sys') + used('used_cpu_user')) * 1000;
  const live = livePid === undefined ? null : ticksOf(livePid);
  return {
    at: Date.now(),
    ms: {
      runner: (own.user + own.system) / 1000,
      'live service': live === null ? null : live * TICK_MS,
      redis: Number.isFinite(redisMs) ? redisMs : null,
      postgres: postgresTicks(),
    },
  };
}

/** Postgres' processes, looked up again after PIDS_FOR_MS: reading every /proc entry each sample cost more. */
const PIDS_FOR_MS = 5_000;
let postgresPids: { at: number; pids: number[] } | null = null;

/** Every Postgres process's CPU (ms) so far: the runner's backends come and go with its pool. */
const seen = new Map<number, number>();
let postgresMs = 0;

/**
 * CPU (ms) of the Postgres processes since sampling began, counted per process between two samples
 * (a backend that exits drops out without taking its past with it).
 */
function postgresTicks(): number | null {
  if (!postgresPids || Date.now() - postgresPids.at > PIDS_FOR_MS) {
    const pids = findPostgres();
    if (pids === null) return null;
    postgresPids = { at: Date.now(), pids };
  }
  for (const pid of postgresPids.pids) {
    const ticks = ticksOf(pid);
    if (ticks === null) continue;
    const before = seen.get(pid);
    if (before !== undefined) postgresMs += (ticks - before) * TICK_MS;
    seen.set(pid, ticks);
  }
  return postgresMs;
}

function findPostgres(): number[] | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith('postgres')) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU ms per second of each part within the spans (between consecutive samples that both fall inside one). */
export function cpuRate(samples: readonly Sample[], spans: readonly (readonly [number, number])[]) {
  const rate = {} as Record<CpuPart, number | null>;
  for (const part of CPU_PARTS) {
    let ms = 0;
    let wall = 0;
    let readable = true;
    for (let i = 1; i < samples.length; i++) {
      const a = samples[i - 1]!;
      const b = samples[i]!;
      if (!spans.some(([from, to]) => a.at >= from && b.at <= to)) continue;
      const before = a.ms[part];
      const after = b.ms[part];
      if (before === null || after === null) readable = false;
      else ms += after - before;
      wall += b.at - a.at;
    }
    rate[part] = readable && wall > 0 ? (ms * 1000) / wall : null;
  }
  return rate;
}
