/**
 * `npm run bench:trace`: how fast `GET /api/traces/{correlationId}` opens a trace on a store of ten
 * million events, through the real route handler over HTTP, and what the trace's statements cost.
 *
 * The store (trace-store.ts) is generated once by streaming COPY (trace-generate.ts: ordinary traces
 * of 2 to 20 events over three days of day partitions with their deliveries, retries, dead letters and
 * replays, plus a 50-hop chain and a 10,000-event trace) and kept between runs: `eventlens_bench_trace`
 * (EVENTS=n: `eventlens_bench_trace_<n>`), REGENERATE=1 makes it again. Its schema is checked against
 * a freshly migrated database on every run (trace-schema.ts).
 *
 * The route handlers run in this process (server/testing/route-server.ts) over the app context
 * bench:api uses; the requests come from a client process of their own (api-client-main.ts), as an
 * analyst with an API token (masking on), sequential on one keep-alive socket, after a warm-up. Per
 * trace: p50/p95/p99/max client-side and inside the handler, against the targets (chain p95 ≤ 20 ms,
 * 10,000 events p95 ≤ 300 ms); then every statement the route sent for it under EXPLAIN (ANALYZE,
 * BUFFERS), printed compactly (trace-explain.ts), and where the time goes in-process (trace-phases.ts).
 *
 * Prints tables and writes bench/results/trace.json. Redis keys and connections are removed at the
 * end, also on failure or Ctrl-C; the store stays (drop it with `dropdb -h 127.0.0.1 -U postgres <name>`).
 * Knobs (env): EVENTS (10000000), REGENERATE, CHAIN_REQUESTS (300), LARGE_REQUESTS (60), BENCH_OUT,
 * REDIS_URL, TEST_DATABASE_ADMIN_URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { STORE_SESSION, type Db, type Store } from '@/db/client';
import * as schema from '@/db/schema';
import { createRedis, waitForReady } from '@/server/bus';
import { createKeys } from '@/server/bus/keys';
import { TraceDetail } from '@/server/contracts/traces';
import { startRouteServer, type RouteServer } from '@/server/testing/route-server';
import { runClientProcess } from './api-client';
import { stats, type Stats } from './api-measure';
import { registerBenchContext } from './api-setup';
import { cpuPerRequest, cpuSnapshot, ROUTE_APPLICATION, type CpuPerRequest } from './trace-cpu';
import { explainCaptured, planLines, StatementCapture, type ExplainedStatement } from './trace-explain';
import { tracePhases, type Phases } from './trace-phases';
import { schemaDifferences } from './trace-schema';
import { DEFAULT_EVENTS, dropDatabase, MARKER_TABLE, openTraceStore, type TraceStore } from './trace-store';
import { deletePrefix, formatNumber, out, round, table } from './support';

const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const EVENTS = num('EVENTS', DEFAULT_EVENTS);
const REGENERATE = process.env.REGENERATE === '1';
const CHAIN_REQUESTS = Math.max(200, num('CHAIN_REQUESTS', 300));
const LARGE_REQUESTS = Math.max(50, num('LARGE_REQUESTS', 60));
const OUT_FILE = process.env.BENCH_OUT ?? 'bench/results/trace.json';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGETS = { chainP95Ms: 20, largeTraceP95Ms: 300 } as const;

interface Measured {
  name: string;
  correlationId: string;
  events: number;
  /** What one answer held: the first page's rows, the tree's rows, deliveries on the page, bytes. */
  answer: {
    nodes: number;
    totalNodes: number;
    deliveries: number;
    deadLetters: number;
    replays: number;
    bytes: number;
  };
  client: Stats;
  handler: Stats;
  failures: number;
  targetP95Ms: number;
  pass: boolean;
  /** CPU per measured request: this process (handlers) and the route's Postgres backends. */
  cpu: CpuPerRequest;
  /** The same trace in-process: store reads, assembly, the query function, masking + JSON. */
  phases: Phases;
  plans: ExplainedStatement[];
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const prefix = `benchtrace${randomBytes(3).toString('hex')}`;
  const keys = createKeys(prefix);
  const redis = createRedis(REDIS_URL, { name: 'eventlens:bench-trace' });
  const capture = new StatementCapture();
  let generating: string | null = null;
  let client: postgres.Sql | null = null;
  let server: RouteServer | null = null;
  let cleaned: Promise<void> | null = null;
  // once, from the end of the run or from Ctrl-C / SIGTERM, whichever comes first
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      await server?.close();
      await client?.end({ timeout: 1 });
      // a half-made store is of no use to a later run
      if (generating !== null) {
        out(`dropping the unfinished ${generating}`);
        await dropDatabase(generating).catch(() => {});
      }
      await deletePrefix(redis, prefix).catch(() => 0);
      redis.disconnect();
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    // on, not once: Ctrl-C reaches this process twice (from the terminal and relayed by tsx), and an
    // unhandled second SIGINT would kill it before the cleanup has dropped a half-made store
    process.on(signal, () => void cleanup().finally(() => process.exit(130)));
  try {
    await waitForReady(redis, 5_000);
    const store = await openTraceStore({
      events: EVENTS,
      regenerate: REGENERATE,
      say: out,
      generating: (name) => (generating = name),
    });
    generating = null;
    sayStore(store);
    const differences = await schemaDifferences(store.url, [MARKER_TABLE]);
    if (differences.length > 0)
      throw new Error(`the store's schema differs from the migrations':\n${differences.join('\n')}`);
    out(
      'schema: the same tables, columns, indexes and constraints as the migrations make; every index valid',
    );

    // the route's client, with the hook that captures its statements for EXPLAIN
    client = postgres(store.url, {
      max: 10,
      onnotice: () => {},
      debug: capture.hook,
      connection: { ...STORE_SESSION, application_name: ROUTE_APPLICATION },
    });
    const bench: Store = {
      db: drizzle(client, { schema }) as unknown as Db,
      kind: 'postgres',
      pg: client,
      pglite: null,
      close: () => client!.end({ timeout: 2 }),
    };
    server = await startRouteServer();
    await registerBenchContext(bench, redis, keys, server.url);
    const headers = { authorization: `Bearer ${store.marker.token}` };

    const results: Measured[] = [];
    for (const [name, correlationId, requests, target] of [
      ['50-hop chain', store.marker.chainCorrelationId, CHAIN_REQUESTS, TARGETS.chainP95Ms],
      ['10,000-event trace', store.marker.largeCorrelationId, LARGE_REQUESTS, TARGETS.largeTraceP95Ms],
    ] as const) {
      const path = `/api/traces/${encodeURIComponent(correlationId)}`;
      capture.statements.length = 0;
      capture.on = true;
      const answer = await fetchTrace(server.url, path, headers);
      capture.on = false;
      out(
        `measuring ${name} (${formatNumber(answer.summary.events)} events): ${requests} requests after ${Math.ceil(requests / 10)} to warm up…`,
      );
      const cpuBefore = await cpuSnapshot(client);
      const run = await runClientProcess({
        variants: [{ name: 'analyst', url: server.url, headers }],
        warmup: Array.from({ length: Math.ceil(requests / 10) }, () => path),
        paths: Array.from({ length: requests }, () => path),
        rounds: 1,
        countItems: false,
      });
      const cpu = cpuPerRequest(cpuBefore, await cpuSnapshot(client), requests + Math.ceil(requests / 10));
      const clientStats = stats(run.times.analyst ?? []);
      results.push({
        name,
        correlationId,
        events: answer.summary.events,
        answer: {
          nodes: answer.nodes.length,
          totalNodes: answer.totalNodes,
          deliveries: answer.nodes.reduce((sum, n) => sum + n.deliveries.length, 0),
          deadLetters: answer.deadLetters.length,
          replays: answer.replays.length,
          bytes: answer.bytes,
        },
        client: clientStats,
        handler: stats(run.serverTimes.analyst ?? []),
        failures: run.failures.analyst ?? 0,
        targetP95Ms: target,
        pass: clientStats.p95 <= target && (run.failures.analyst ?? 0) === 0,
        cpu,
        phases: await tracePhases(bench.db, correlationId, Math.ceil(requests / 6)),
        plans: await explainCaptured(client, capture.statements),
      });
    }
    report(store, results, (performance.now() - startedAt) / 1000, await databaseSize(client));
  } finally {
    await cleanup();
  }
}

/** One answer, checked against the contract, with its size. */
async function fetchTrace(base: string, path: string, headers: Record<string, string>) {
  const response = await fetch(`${base}${path}`, { headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 300)}`);
  return { ...TraceDetail.parse(JSON.parse(text)), bytes: Buffer.byteLength(text) };
}

async function databaseSize(sql: postgres.Sql): Promise<number> {
  const [row] = await sql<{ bytes: string }[]>`select pg_database_size(current_database())::text as bytes`;
  return Number(row!.bytes);
}

function sayStore(store: TraceStore): void {
  const m = store.marker;
  const d = m.details;
  out(
    `${store.generated ? 'generated' : 'using the kept'} ${store.name}: ${formatNumber(d.events)} events in ` +
      `${formatNumber(d.traces)} traces, ${formatNumber(d.deliveries)} deliveries, ${formatNumber(d.deadLetters)} dead letters, ` +
      `${formatNumber(d.replayJobs)} replay jobs`,
  );
  out(
    `generation ${store.generated ? 'took' : 'had taken'} ${formatNumber(m.generationSeconds, 1)} s on ${m.generatedAt.slice(0, 10)} ` +
      `(COPY ${formatNumber(d.phases.copy, 1)} s, indexes ${formatNumber(d.phases.indexes, 1)} s, vacuum + analyze ` +
      `${formatNumber(d.phases.vacuum, 1)} s)${store.generated ? '' : '; REGENERATE=1 makes it again'}`,
  );
}

function report(
  store: TraceStore,
  results: readonly Measured[],
  totalSeconds: number,
  sizeBytes: number,
): void {
  out(
    `${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}; store ${formatNumber(sizeBytes / 1024 ** 3, 2)} GiB; ` +
      'times in ms, sequential requests on one keep-alive socket, as an analyst (masking on)',
  );
  out(
    table(
      ['trace', 'rows/page', 'KiB', 'n', 'p50', 'p95', 'p99', 'max', 'handler p95', 'target p95', 'verdict'],
      results.map((r) => [
        r.name,
        `${formatNumber(r.answer.nodes)} of ${formatNumber(r.answer.totalNodes)}`,
        formatNumber(r.answer.bytes / 1024, 0),
        formatNumber(r.client.requests),
        formatNumber(r.client.p50, 2),
        formatNumber(r.client.p95, 2),
        formatNumber(r.client.p99, 2),
        formatNumber(r.client.max, 1),
        formatNumber(r.handler.p95, 2),
        `≤ ${r.targetP95Ms}`,
        r.failures > 0 ? `MISS (${r.failures} not 200)` : r.pass ? 'PASS' : 'MISS',
      ]),
    ),
  );
  out('where the time goes, in-process on the same store (ms, p50 / p95), and CPU per request (ms):');
  out(
    table(
      ['trace', 'store reads', 'assembly', 'getTrace', 'mask + JSON', 'CPU node', 'CPU postgres'],
      results.map((r) => [
        r.name,
        ...[r.phases.storeReads, r.phases.assembly, r.phases.getTrace, r.phases.presentAndJson].map(
          (s) => `${formatNumber(s.p50, 1)} / ${formatNumber(s.p95, 1)}`,
        ),
        formatNumber(r.cpu.nodeMs, 1),
        r.cpu.postgresMs === null ? '?' : formatNumber(r.cpu.postgresMs, 1),
      ]),
    ),
  );
  for (const r of results) {
    out(`EXPLAIN (ANALYZE, BUFFERS) of the statements one request for the ${r.name} sends:`);
    for (const line of planLines(r.plans)) out(line);
  }
  const [chain, large] = results;
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(
    OUT_FILE,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, load1: loadavg()[0] },
        chainP95Ms: chain!.client.p95,
        largeTraceP95Ms: large!.client.p95,
        events: store.marker.details.events,
        generationSeconds: store.marker.generationSeconds,
        generatedThisRun: store.generated,
        targets: TARGETS,
        pass: results.every((r) => r.pass),
        store: {
          database: store.name,
          sizeBytes,
          generatedAt: store.marker.generatedAt,
          ...store.marker.details,
        },
        traces: results,
        totalSeconds: round(totalSeconds, 1),
      },
      null,
      2,
    )}\n`,
  );
  out(`wrote ${OUT_FILE}; ${formatNumber(totalSeconds, 0)} s in all; the store stays for the next run`);
}

await main();
