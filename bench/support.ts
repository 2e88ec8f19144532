/** Small helpers shared by the benchmarks: output, statistics, Redis bookkeeping. No SDK imports. */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Redis } from 'ioredis';

export function out(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every `everyMs` until it is true; rejects after `timeoutMs` with `what`. */
export async function until(
  check: () => boolean,
  what: string,
  timeoutMs = 120_000,
  everyMs = 1,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return percentile(sorted, 50);
}

export const round = (value: number, digits = 3): number => Math.round(value * 10 ** digits) / 10 ** digits;

/** Deletes every key under `prefix:` (SCAN, never KEYS); returns how many it deleted. */
export async function deletePrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) deleted += await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
  return deleted;
}

export async function countPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = '0';
  let count = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    count += keys.length;
    cursor = next;
  } while (cursor !== '0');
  return count;
}

/** Server-side cost: Redis main-thread CPU and per-command totals (INFO is server-wide: other clients count too). */
export interface ServerSnapshot {
  cpuMs: number;
  commands: Map<string, { calls: number; usec: number }>;
}

export async function serverSnapshot(redis: Redis): Promise<ServerSnapshot> {
  const [cpu, stats] = await Promise.all([redis.info('cpu'), redis.info('commandstats')]);
  const field = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(cpu)?.[1] ?? 0);
  const main = field('used_cpu_sys_main_thread') + field('used_cpu_user_main_thread');
  const commands = new Map<string, { calls: number; usec: number }>();
  for (const match of stats.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
    commands.set(match[1]!, { calls: Number(match[2]), usec: Number(match[3]) });
  }
  return { cpuMs: (main || field('used_cpu_sys') + field('used_cpu_user')) * 1000, commands };
}

export interface ServerDelta {
  cpuMs: number;
  /** Top commands by server time: name -> calls, total ms. */
  top: Record<string, { calls: number; ms: number }>;
}

export function serverDelta(before: ServerSnapshot, after: ServerSnapshot, top = 6): ServerDelta {
  const rows: [string, { calls: number; ms: number }][] = [];
  for (const [name, now] of after.commands) {
    const was = before.commands.get(name) ?? { calls: 0, usec: 0 };
    if (now.calls > was.calls)
      rows.push([name, { calls: now.calls - was.calls, ms: round((now.usec - was.usec) / 1000, 1) }]);
  }
  rows.sort((a, b) => b[1].ms - a[1].ms);
  return { cpuMs: round(after.cpuMs - before.cpuMs, 1), top: Object.fromEntries(rows.slice(0, top)) };
}

/** Client (this process) CPU in ms since `since`. */
export function clientCpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return round((used.user + used.system) / 1000, 1);
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Builds the production server when there is no build yet; the seconds it took (0 when there was one). */
export function ensureProductionBuild(): number {
  if (existsSync('.next/BUILD_ID')) return 0;
  out('no production build (.next/BUILD_ID): running `npm run build` first…');
  const started = performance.now();
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
  return (performance.now() - started) / 1_000;
}
