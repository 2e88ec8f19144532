/**
 * CPU spent per request, which a busy machine does not inflate the way it inflates wall time: this
 * process's (the route handlers and their Postgres client) from `process.cpuUsage`, and the route's
 * Postgres backends' from /proc/<pid>/stat (user + system ticks; Linux only, else null). The backends
 * are found by the client's application_name.
 */
import { readFileSync } from 'node:fs';
import type postgres from 'postgres';

export const ROUTE_APPLICATION = 'eventlens-bench-trace-route';

export interface CpuSnapshot {
  node: NodeJS.CpuUsage;
  /** Ticks by backend pid; null when /proc cannot be read. */
  backends: Map<number, number> | null;
}

export const TICK_MS = 10; // CLK_TCK is 100 on Linux

/** A process's user + system ticks from /proc; null where /proc cannot be read. */
export function ticksOf(pid: number): number | null {
  try {
    // fields after the command name, which sits in parentheses and may hold spaces
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

export async function cpuSnapshot(sql: postgres.Sql): Promise<CpuSnapshot> {
  const rows = await sql<{ pid: number }[]>`
    select pid from pg_stat_activity where application_name = ${ROUTE_APPLICATION}`;
  const backends = new Map<number, number>();
  for (const { pid } of rows) {
    const ticks = ticksOf(pid);
    if (ticks === null) return { node: process.cpuUsage(), backends: null };
    backends.set(pid, ticks);
  }
  return { node: process.cpuUsage(), backends };
}

export interface CpuPerRequest {
  /** ms of this process's CPU per request (handlers, masking, JSON, the Postgres client's decoding). */
  nodeMs: number;
  /** ms of Postgres backend CPU per request (10 ms ticks summed over the run), null when unknown. */
  postgresMs: number | null;
}

export function cpuPerRequest(before: CpuSnapshot, after: CpuSnapshot, requests: number): CpuPerRequest {
  const nodeMicros = after.node.user - before.node.user + (after.node.system - before.node.system);
  let postgresMs: number | null = null;
  if (before.backends && after.backends) {
    let ticks = 0;
    for (const [pid, now] of after.backends) ticks += now - (before.backends.get(pid) ?? 0);
    postgresMs = (ticks * TICK_MS) / requests;
  }
  return { nodeMs: nodeMicros / 1000 / requests, postgresMs };
}
