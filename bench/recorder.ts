/**
 * `npm run bench:recorder`: the recorder from stream to committed rows, on Postgres and on PGlite, in one
 * run on one machine, beside a raw postgres.js COPY of the same rows.
 *
 * 1. Postgres capacity: a backlog of BENCH_PG_BACKLOG SDK events in 5 topic streams, drained by a recorder
 *    into a fresh database (events/s); the same rows COPYed by raw postgres.js into another fresh
 *    database (events/s; building the COPY text is not timed). Ratio = recorder / COPY.
 * 2. Postgres sustained: a producer in its own process offers BENCH_PG_RATE events/s (default: the target,
 *    0.5 x COPY, plus 5 % so that meeting it is measurable) for BENCH_PG_SECONDS (60); committed events/s and the recorder's
 *    lag (`status().lagMs`: age of the oldest entry not yet recorded, sampled every 250 ms).
 * 3. PGlite (file-backed, as the server uses it): backlog drain, then BENCH_LITE_RATE (16,000: the 15,000
 *    target plus some) events/s for BENCH_LITE_SECONDS (60); the longest event-loop stall (perf_hooks monitorEventLoopDelay).
 * 4. Lookup: 1,000,000 events bulk-loaded with COPY over 6 days of partitions; p99 of the query
 *    `GET /api/events?correlationId=` runs (by correlation id, newest first, limit 100), via postgres.js.
 * 5. Footprint: the demo's traffic (its fan-out to groups and their delivery telemetry) for
 *    BENCH_FOOTPRINT_SECONDS (30) at BENCH_FOOTPRINT_RATE (50, the demo's default) into a fresh Postgres
 *    and a fresh file-backed PGlite; bytes stored per event (rows, TOAST, indexes of every table, see
 *    recorder-footprint.ts), and on PGlite the data directory's growth.
 *
 * Prints a table and writes bench/results/recorder.json. Databases, keys and files are removed at the end.
 * Knobs (env): BENCH_PHASES (pg,lite,lookup,footprint), BENCH_PG_BACKLOG (300000), BENCH_PG_SECONDS, BENCH_PG_RATE,
 * BENCH_LITE_BACKLOG (100000), BENCH_LITE_SECONDS, BENCH_LITE_RATE, BENCH_LOOKUP_ROWS (1000000),
 * BENCH_OUT, REDIS_URL, TEST_DATABASE_ADMIN_URL.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Redis } from 'ioredis';
import { createStore, type Store } from '@/db/client';
import { migrateStore } from '@/db/migrate';
import { createTestDatabase, type TestDatabase } from '@/db/testing/test-database';
import { createKeys, createRedis, type Keys } from '@/server/bus';
import { waitForReady } from '@/server/bus/connection';
import {
  DEFAULT_MAINTENANCE,
  runMaintenance,
  startRecorder,
  type Recorder,
  type RecorderSettings,
} from '@/server/recorder';
import { projectEntry, type EventRow } from '@/server/recorder/project';
import { sqlStore } from '@/server/recorder/sql-session';
import { jsonbText } from '@/server/recorder/storable';
import { startChild, waitForExit } from '@/server/testing/child';
import { orderPayload } from './fixtures';
import { measureFootprint, type Footprint } from './recorder-footprint';
import { deletePrefix, formatNumber, out, percentile, round, sleep, table, until } from './support';

// ---------------------------------------------------------------------------------------------- config

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ALL_PHASES = ['pg', 'lite', 'lookup', 'footprint'];
const PHASES = new Set((process.env.BENCH_PHASES ?? ALL_PHASES.join(',')).split(',').map((p) => p.trim()));
const FULL_RUN = ALL_PHASES.every((p) => PHASES.has(p));
const OUT_FILE =
  process.env.BENCH_OUT ?? (FULL_RUN ? 'bench/results/recorder.json' : 'bench/results/recorder-partial.json');
const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const PG_BACKLOG = num('BENCH_PG_BACKLOG', 300_000);
const PG_SECONDS = num('BENCH_PG_SECONDS', 60);
const LITE_BACKLOG = num('BENCH_LITE_BACKLOG', 100_000);
const LITE_SECONDS = num('BENCH_LITE_SECONDS', 60);
const LITE_RATE = num('BENCH_LITE_RATE', 16_000);
const LOOKUP_ROWS = num('BENCH_LOOKUP_ROWS', 1_000_000);
const LOOKUPS = 1_000;
const FOOTPRINT_SECONDS = num('BENCH_FOOTPRINT_SECONDS', 30);
const FOOTPRINT_RATE = num('BENCH_FOOTPRINT_RATE', 50);
const TOPICS = ['orders', 'payments', 'shipping', 'billing', 'audit'];
const SAMPLE_MS = 250;
const PRODUCER = 'bench/recorder-producer.ts';

const TARGETS = {
  copyRatio: 0.5,
  maxLagMs: 2_000,
  pgliteEventsPerSec: 15_000,
  maxStallMs: 50,
  lookupP99Ms: 10,
  /** 1.5 KB, rows + indexes + deliveries + rollups, at the demo's fan-out. */
  maxBytesPerEvent: 1_536,
};

// ---------------------------------------------------------------------------------------------- helpers

const run = randomBytes(3).toString('hex');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
const children = new Set<ChildProcess>();

/** Recorder settings to try without editing its defaults: BENCH_<PG|LITE>_<WRITERS|BATCH|READ|STATISTICS_MS>. */
function tuning(store: 'PG' | 'LITE'): RecorderSettings {
  const knob = (name: string) => process.env[`BENCH_${store}_${name}`];
  return {
    ...(knob('WRITERS') ? { writers: Number(knob('WRITERS')) } : {}),
    ...(knob('BATCH') ? { batchSize: Number(knob('BATCH')) } : {}),
    ...(knob('READ') ? { readCount: Number(knob('READ')), maxReadEntries: 5 * Number(knob('READ')) } : {}),
    ...(knob('STATISTICS_MS') ? { statisticsEveryMs: Number(knob('STATISTICS_MS')) } : {}),
  };
}

async function freshDatabase(label: string): Promise<{ db: TestDatabase; store: Store }> {
  const db = await createTestDatabase(`bench_${label}`);
  const store = await createStore({ url: db.url, max: 6 });
  cleanups.push(async () => {
    await store.close();
    await db.drop();
  });
  await migrateStore(store, db.url);
  await runMaintenance(sqlStore(store)); // today's partitions, as a running recorder keeps them
  return { db, store };
}

/** Appends `count` SDK events round-robin over the topics, from the producer process (this one's heap stays clean). */
async function prefill(keys: Keys, topics: readonly string[], count: number, offset = 0): Promise<void> {
  const child = await startChild(PRODUCER, {
    REDIS_URL,
    PREFIX: keys.prefix,
    TOPICS: topics.join(','),
    COUNT: String(count),
    OFFSET: String(offset),
  });
  children.add(child);
  await waitForExit(child);
  children.delete(child);
}

/** The rows the recorder would write for every entry of the streams, as COPY text chunks. */
async function copyChunks(
  redis: Redis,
  keys: Keys,
  topics: readonly string[],
  rowsPerChunk: number,
): Promise<string[]> {
  const chunks: string[] = [];
  let lines: string[] = [];
  for (const topic of topics) {
    const stream = { key: keys.stream(topic), kind: 'topic' as const, topic };
    let start = '-';
    for (;;) {
      const entries = await redis.xrange(stream.key, start, '+', 'COUNT', 5_000);
      for (const [id, flat] of entries) {
        const p = projectEntry(stream, id, flat);
        if (p.kind === 'event') lines.push(copyLine(p.row));
        if (lines.length >= rowsPerChunk) {
          chunks.push(`${lines.join('\n')}\n`);
          lines = [];
        }
      }
      if (entries.length < 5_000) break;
      start = `(${entries[entries.length - 1]![0]}`;
    }
  }
  if (lines.length > 0) chunks.push(`${lines.join('\n')}\n`);
  return chunks;
}

const COPY_COLUMNS = [
  'source',
  'event_id',
  'time',
  'topic',
  'stream',
  'entry_id',
  'type',
  'subject',
  'correlation_id',
  'causation_id',
  'traceparent',
  'tenant_id',
  'data_version',
  'sensitivity',
  'data',
  'raw_fields',
  'foreign',
  'decode_error',
  'size_bytes',
];
const COPY_SPECIAL = /[\\\t\n\r]/;
const copyText = (v: string | null | undefined): string =>
  v === null || v === undefined
    ? '\\N'
    : COPY_SPECIAL.test(v)
      ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
      : v;

function copyLine(r: EventRow): string {
  return [
    copyText(r.source),
    copyText(r.eventId),
    r.time,
    copyText(r.topic),
    copyText(r.stream),
    r.entryId,
    copyText(r.type),
    copyText(r.subject),
    copyText(r.correlationId),
    copyText(r.causationId),
    copyText(r.traceparent),
    copyText(r.tenantId),
    r.dataVersion === null ? '\\N' : String(r.dataVersion),
    copyText(r.sensitivity),
    copyText(r.dataJson),
    copyText(r.rawFields === null ? null : jsonbText(r.rawFields)),
    r.foreign ? 't' : 'f',
    copyText(r.decodeError),
    String(r.sizeBytes),
  ].join('\t');
}

async function copyInto(store: Store, chunks: readonly string[]): Promise<void> {
  const sql = store.pg!;
  for (const chunk of chunks) {
    const writable = await sql`copy events (${sql(COPY_COLUMNS)}) from stdin`.writable();
    await new Promise<void>((resolve, reject) => {
      writable.on('error', reject);
      writable.end(chunk, () => resolve());
    });
  }
}

async function countEvents(store: Store): Promise<number> {
  if (store.pg) return Number((await store.pg`select count(*)::bigint as n from events`)[0]!.n);
  return Number(
    (await store.pglite!.query<{ n: number }>('select count(*)::int as n from events')).rows[0]!.n,
  );
}

async function drain(recorder: Recorder, total: number): Promise<number> {
  const started = performance.now();
  await until(() => recorder.status().totals.events >= total, 'the backlog to be recorded', 300_000, 20);
  return (total / (performance.now() - started)) * 1_000;
}

interface Sustained {
  offered: number;
  sent: number;
  achieved: number;
  maxLagMs: number;
  steadyMaxLagMs: number;
  p99LagMs: number;
  catchUpMs: number;
  stored: number;
  expected: number;
}

/** Runs the producer at `rate` for `seconds` on fresh topics while sampling the recorder. */
async function sustain(
  keys: Keys,
  recorder: Recorder,
  store: Store,
  rate: number,
  seconds: number,
  offset: number,
): Promise<Sustained> {
  const topics = TOPICS.map((t) => `${t}-live`);
  // the streams exist (and are being read) before the load starts
  await prefill(keys, topics, topics.length, offset);
  const before = recorder.status().totals.events + topics.length;
  await until(
    () => topics.every((t) => recorder.status().streams.some((s) => s.topic === t)),
    'the recorder to find the new streams',
    30_000,
    50,
  );
  await until(() => recorder.status().totals.events >= before, 'the warm-up events', 30_000, 20);

  const child = await startChild(PRODUCER, {
    REDIS_URL,
    PREFIX: keys.prefix,
    TOPICS: topics.join(','),
    RATE: String(rate),
    SECONDS: String(seconds),
    OFFSET: String(offset + topics.length),
  });
  children.add(child);
  let sent = -1;
  child.stdout!.on('data', (chunk: Buffer) => {
    const match = /\{"sent":(\d+)\}/.exec(chunk.toString());
    if (match) sent = Number(match[1]);
  });
  const started = performance.now();
  const samples: { t: number; events: number; lagMs: number }[] = [];
  const exited = waitForExit(child).then(() => children.delete(child));
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    const s = recorder.status();
    samples.push({ t: performance.now() - started, events: s.totals.events, lagMs: s.lagMs });
    await sleep(SAMPLE_MS);
  }
  const ended = performance.now() - started;
  if (sent < 0) throw new Error('the producer did not report what it sent');
  const expected = before + sent;
  const catchUpStart = performance.now();
  await until(() => recorder.status().totals.events >= expected, 'the recorder to catch up', 60_000, 20);
  const catchUpMs = performance.now() - catchUpStart;

  // steady window: after the first 5 s
  const steady = samples.filter((s) => s.t >= 5_000);
  const first = steady[0] ?? samples[0]!;
  const last = samples[samples.length - 1]!;
  const achieved = ((last.events - first.events) / (last.t - first.t)) * 1_000;
  const lags = samples.map((s) => s.lagMs).sort((a, b) => a - b);
  return {
    offered: rate,
    sent,
    achieved,
    maxLagMs: Math.max(...samples.map((s) => s.lagMs)),
    steadyMaxLagMs: Math.max(0, ...steady.map((s) => s.lagMs)),
    p99LagMs: percentile(lags, 99),
    catchUpMs: Math.max(0, catchUpMs - Math.max(0, ended - seconds * 1_000)),
    stored: await countEvents(store),
    expected,
  };
}

// ---------------------------------------------------------------------------------------------- phases

interface PgResult {
  copyPerSec: number;
  capacityPerSec: number;
  sustained: Sustained;
}

async function postgresPhase(redis: Redis): Promise<PgResult> {
  const keys = createKeys(`bench-rec-pg-${run}`);
  cleanups.push(() => deletePrefix(redis, keys.prefix));
  out(`postgres: ${formatNumber(PG_BACKLOG)} events into 5 topic streams…`);
  await prefill(keys, TOPICS, PG_BACKLOG);

  // raw COPY of the same rows into a fresh database (text built first, not timed)
  const chunks = await copyChunks(redis, keys, TOPICS, 50_000);
  const copyDb = await freshDatabase('copy');
  const copyStarted = performance.now();
  await copyInto(copyDb.store, chunks);
  const copyPerSec = (PG_BACKLOG / (performance.now() - copyStarted)) * 1_000;
  chunks.length = 0;
  out(`  raw COPY: ${formatNumber(copyPerSec)} events/s`);

  const { store } = await freshDatabase('recorder');
  const recorder = startRecorder({
    redis,
    store,
    keys,
    options: {
      streams: `${keys.prefix}*`,
      statusEveryMs: SAMPLE_MS,
      discoverEveryMs: 1_000,
      maintenanceEveryMs: 3_600_000,
      ...tuning('PG'),
    },
  });
  cleanups.push(() => recorder.stop());
  await recorder.ready;
  const capacityPerSec = await drain(recorder, PG_BACKLOG);
  out(`  recorder, backlog drain: ${formatNumber(capacityPerSec)} events/s`);

  const rate = num('BENCH_PG_RATE', Math.ceil((1.05 * TARGETS.copyRatio * copyPerSec) / 1_000) * 1_000);
  out(`  sustained: ${formatNumber(rate)} events/s offered for ${PG_SECONDS} s…`);
  const sustained = await sustain(keys, recorder, store, rate, PG_SECONDS, PG_BACKLOG);
  out(
    `  recorded ${formatNumber(sustained.achieved)} events/s, max lag ${formatNumber(sustained.maxLagMs)} ms, ` +
      `stored ${formatNumber(sustained.stored)} of ${formatNumber(sustained.expected)}`,
  );
  await recorder.stop();
  return { copyPerSec, capacityPerSec, sustained };
}

interface LiteResult {
  capacityPerSec: number;
  drainStallMs: number;
  sustained: Sustained;
  sustainedStallMs: number;
  stallP99Ms: number;
  /** The recorder's longest single PGlite statement, and its batch size at the end (it adapts). */
  longestStatementMs: number;
  batchRows: number;
}

async function pglitePhase(redis: Redis): Promise<LiteResult> {
  const keys = createKeys(`bench-rec-lite-${run}`);
  cleanups.push(() => deletePrefix(redis, keys.prefix));
  const dir = mkdtempSync(join(tmpdir(), 'eventlens-bench-pglite-'));
  const store = await createStore({ pgliteDir: dir });
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrateStore(store);
  out(`pglite (${dir}): ${formatNumber(LITE_BACKLOG)} events into 5 topic streams…`);
  await prefill(keys, TOPICS, LITE_BACKLOG);

  const loop = monitorEventLoopDelay({ resolution: 10 });
  const recorder = startRecorder({
    redis,
    store,
    keys,
    options: {
      streams: `${keys.prefix}*`,
      statusEveryMs: SAMPLE_MS,
      discoverEveryMs: 1_000,
      maintenanceEveryMs: 3_600_000,
      ...tuning('LITE'),
    },
  });
  cleanups.push(() => recorder.stop());
  await recorder.ready;
  loop.enable();
  const capacityPerSec = await drain(recorder, LITE_BACKLOG);
  const drainStallMs = loop.max / 1e6;
  out(
    `  recorder, backlog drain: ${formatNumber(capacityPerSec)} events/s, longest stall ${round(drainStallMs, 1)} ms`,
  );

  loop.reset();
  out(`  sustained: ${formatNumber(LITE_RATE)} events/s offered for ${LITE_SECONDS} s…`);
  const sustained = await sustain(keys, recorder, store, LITE_RATE, LITE_SECONDS, LITE_BACKLOG);
  const sustainedStallMs = loop.max / 1e6;
  const stallP99Ms = loop.percentile(99) / 1e6;
  loop.disable();
  const { longestStatementMs, batchRows } = recorder.status();
  out(
    `  recorded ${formatNumber(sustained.achieved)} events/s, max lag ${formatNumber(sustained.maxLagMs)} ms, ` +
      `longest stall ${round(sustainedStallMs, 1)} ms (longest statement ${longestStatementMs} ms, ${batchRows} rows/batch), stored ${formatNumber(sustained.stored)} of ${formatNumber(sustained.expected)}`,
  );
  await recorder.stop();
  return {
    capacityPerSec,
    drainStallMs,
    sustained,
    sustainedStallMs,
    stallP99Ms,
    longestStatementMs,
    batchRows,
  };
}

interface LookupResult {
  rows: number;
  loadPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanRows: number;
}

/** The query GET /api/events?correlationId= runs (server/queries/events.ts: list columns, newest first). */
const LOOKUP_SQL = `select event_id as id, source, time, topic, stream, entry_id, type, subject, correlation_id,
  causation_id, "foreign", (decode_error is not null) as decode_failed, size_bytes, left(data::text, 200) as preview
  from events where correlation_id = $1 order by time desc limit 100`;

async function lookupPhase(): Promise<LookupResult> {
  const { store } = await freshDatabase('lookup');
  const now = Date.now();
  const day = 86_400_000;
  for (const back of [6, 3, 0]) await runMaintenance(sqlStore(store), DEFAULT_MAINTENANCE, now - back * day);
  const correlations = Math.max(1, Math.floor(LOOKUP_ROWS / 10));
  out(
    `lookup: COPY ${formatNumber(LOOKUP_ROWS)} events (${formatNumber(correlations)} correlation ids) over 6 days…`,
  );
  const types = Array.from({ length: 20 }, (_, i) => `domain${i % 5}.event${i}`);
  let loadMs = 0;
  for (let start = 0; start < LOOKUP_ROWS; start += 100_000) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(LOOKUP_ROWS, start + 100_000); i++) {
      const ms = now - Math.floor((((i * 7_919) % 1_000_003) / 1_000_003) * 6 * day);
      const correlation = `corr-${(i * 104_729) % correlations}`;
      const topic = TOPICS[i % TOPICS.length]!;
      lines.push(
        [
          `/services/svc${i % 10}`,
          `evt-${i}`,
          new Date(ms).toISOString(),
          topic,
          `el:{${topic}}:stream`,
          `${ms}-${i % 100}`,
          types[i % types.length]!,
          '\\N',
          correlation,
          i % 10 === 0 ? '\\N' : `evt-${i - 1}`,
          '\\N',
          '\\N',
          '\\N',
          '\\N',
          JSON.stringify(orderPayload(i)),
          '\\N',
          'f',
          '\\N',
          '240',
        ].join('\t'),
      );
    }
    const started = performance.now();
    await copyInto(store, [`${lines.join('\n')}\n`]);
    loadMs += performance.now() - started;
  }
  await store.pg!.unsafe('analyze events');
  const sql = store.pg!;
  const ids = Array.from({ length: LOOKUPS }, (_, i) => `corr-${(i * 7_727 + 13) % correlations}`);
  for (const id of ids.slice(0, 100)) await sql.unsafe(LOOKUP_SQL, [id], { prepare: true }); // warm-up
  const times: number[] = [];
  let rows = 0;
  for (const id of ids) {
    const started = performance.now();
    const result = await sql.unsafe(LOOKUP_SQL, [id], { prepare: true });
    times.push(performance.now() - started);
    rows += result.length;
  }
  times.sort((a, b) => a - b);
  return {
    rows: LOOKUP_ROWS,
    loadPerSec: (LOOKUP_ROWS / loadMs) * 1_000,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    maxMs: times[times.length - 1]!,
    meanRows: rows / ids.length,
  };
}

interface FootprintResult {
  postgres: Footprint;
  pglite: Footprint;
}

async function footprintPhase(redis: Redis): Promise<FootprintResult> {
  out(`footprint: the demo at ${FOOTPRINT_RATE}/s for ${FOOTPRINT_SECONDS} s into Postgres…`);
  const { store } = await freshDatabase('footprint');
  const postgres = await measureFootprint({
    redis,
    store,
    prefix: `bench-rec-bytes-pg-${run}`,
    ratePerSec: FOOTPRINT_RATE,
    seconds: FOOTPRINT_SECONDS,
    recorder: tuning('PG'),
  });
  out(`  ${formatNumber(postgres.bytesPerEvent)} bytes per event (${formatNumber(postgres.events)} events)`);

  out(`footprint: the same into PGlite…`);
  const dir = mkdtempSync(join(tmpdir(), 'eventlens-bench-pglite-'));
  const lite = await createStore({ pgliteDir: dir });
  cleanups.push(async () => {
    await lite.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrateStore(lite);
  await runMaintenance(sqlStore(lite));
  const pglite = await measureFootprint({
    redis,
    store: lite,
    prefix: `bench-rec-bytes-lite-${run}`,
    pgliteDir: dir,
    ratePerSec: FOOTPRINT_RATE,
    seconds: FOOTPRINT_SECONDS,
    recorder: tuning('LITE'),
  });
  out(`  ${formatNumber(pglite.bytesPerEvent)} bytes per event (${formatNumber(pglite.events)} events)`);
  return { postgres, pglite };
}

/** The largest parts of a footprint, as `table/part bytes` (bytes per event). */
const largestParts = (f: Footprint, n = 4): string =>
  f.perEvent
    .slice(0, n)
    .map((p) => `${p.table}/${p.part} ${formatNumber(p.bytes)}`)
    .join(', ');

/** The widest columns of an events row, as `column bytes` (average stored size). */
const widestColumns = (f: Footprint, n = 6): string =>
  f.eventColumns
    .slice(0, n)
    .map((c) => `${c.column} ${formatNumber(c.bytes)}`)
    .join(', ');

// ---------------------------------------------------------------------------------------------- main

const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');

async function main(): Promise<void> {
  const startedAt = Date.now();
  const redis = createRedis(REDIS_URL, { name: 'eventlens:bench:recorder' });
  await waitForReady(redis, 5_000);
  out(
    `bench:recorder on ${cpus()[0]?.model ?? 'unknown CPU'} x${availableParallelism()}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  let pg: PgResult | null = null;
  let lite: LiteResult | null = null;
  let lookup: LookupResult | null = null;
  let footprint: FootprintResult | null = null;
  try {
    if (PHASES.has('pg')) pg = await postgresPhase(redis);
    if (PHASES.has('lite')) lite = await pglitePhase(redis);
    if (PHASES.has('lookup')) lookup = await lookupPhase();
    if (PHASES.has('footprint')) footprint = await footprintPhase(redis);
  } finally {
    for (const child of children) child.kill('SIGKILL');
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup();
      } catch (error) {
        out(`cleanup failed: ${(error as Error).message}`);
      }
    }
    redis.disconnect();
  }

  const rows: string[][] = [];
  const checks: Record<string, boolean> = {};
  if (pg) {
    const ratio = pg.capacityPerSec / pg.copyPerSec;
    const s = pg.sustained;
    checks.postgresVsCopy = ratio >= TARGETS.copyRatio;
    checks.postgresSustained =
      s.achieved >= TARGETS.copyRatio * pg.copyPerSec &&
      s.maxLagMs < TARGETS.maxLagMs &&
      s.stored === s.expected;
    rows.push(
      ['Postgres: raw postgres.js COPY, same rows', `${formatNumber(pg.copyPerSec)} ev/s`, '', ''],
      [
        'Postgres: recorder, backlog drain',
        `${formatNumber(pg.capacityPerSec)} ev/s`,
        `>= ${TARGETS.copyRatio} x COPY`,
        `${round(ratio, 2)} x  ${verdict(checks.postgresVsCopy)}`,
      ],
      [
        `Postgres: sustained ${PG_SECONDS} s (offered ${formatNumber(s.offered)})`,
        `${formatNumber(s.achieved)} ev/s`,
        `>= ${formatNumber(TARGETS.copyRatio * pg.copyPerSec)} ev/s`,
        verdict(s.achieved >= TARGETS.copyRatio * pg.copyPerSec),
      ],
      [
        'Postgres: max lag while sustained',
        `${formatNumber(s.maxLagMs)} ms (p99 ${formatNumber(s.p99LagMs)})`,
        `< ${formatNumber(TARGETS.maxLagMs)} ms`,
        verdict(s.maxLagMs < TARGETS.maxLagMs),
      ],
      [
        'Postgres: stored exactly once',
        `${formatNumber(s.stored)} / ${formatNumber(s.expected)}`,
        'all',
        verdict(s.stored === s.expected),
      ],
    );
  }
  if (lite) {
    const s = lite.sustained;
    const stall = Math.max(lite.drainStallMs, lite.sustainedStallMs);
    checks.pgliteEventsPerSec = s.achieved >= TARGETS.pgliteEventsPerSec * 0.98 && s.stored === s.expected;
    checks.pgliteStall = stall <= TARGETS.maxStallMs;
    rows.push(
      ['PGlite: recorder, backlog drain', `${formatNumber(lite.capacityPerSec)} ev/s`, '', ''],
      [
        `PGlite: sustained ${LITE_SECONDS} s (offered ${formatNumber(s.offered)})`,
        `${formatNumber(s.achieved)} ev/s`,
        `>= ${formatNumber(TARGETS.pgliteEventsPerSec)} ev/s`,
        verdict(checks.pgliteEventsPerSec),
      ],
      ['PGlite: max lag while sustained', `${formatNumber(s.maxLagMs)} ms`, '', ''],
      [
        'PGlite: longest event-loop stall',
        `${round(stall, 1)} ms (p99 ${round(lite.stallP99Ms, 1)})`,
        `<= ${TARGETS.maxStallMs} ms`,
        verdict(checks.pgliteStall),
      ],
      [
        'PGlite: stored exactly once',
        `${formatNumber(s.stored)} / ${formatNumber(s.expected)}`,
        'all',
        verdict(s.stored === s.expected),
      ],
    );
  }
  if (lookup) {
    checks.lookupP99 = lookup.p99Ms <= TARGETS.lookupP99Ms;
    rows.push(
      [
        `Lookup: COPY load of ${formatNumber(lookup.rows)} events`,
        `${formatNumber(lookup.loadPerSec)} ev/s`,
        '',
        '',
      ],
      [
        'Lookup: by correlation id, p99',
        `${round(lookup.p99Ms, 2)} ms (p50 ${round(lookup.p50Ms, 2)}, max ${round(lookup.maxMs, 1)})`,
        `<= ${TARGETS.lookupP99Ms} ms`,
        verdict(checks.lookupP99),
      ],
    );
  }
  if (footprint) {
    for (const [name, f] of [
      ['Postgres', footprint.postgres],
      ['PGlite', footprint.pglite],
    ] as const) {
      const ok = f.bytesPerEvent <= TARGETS.maxBytesPerEvent;
      checks[`bytesPerEvent${name}`] = ok;
      rows.push([
        `${name}: bytes stored per event (demo, ${formatNumber(f.deliveries / Math.max(1, f.events), 2)} deliveries/event)`,
        `${formatNumber(f.bytesPerEvent)} B (${formatNumber(f.bytesPerDelivery)} B per delivery)`,
        `<= ${formatNumber(TARGETS.maxBytesPerEvent)} B`,
        verdict(ok),
      ]);
      rows.push([`${name}: largest parts, bytes per event`, largestParts(f), '', '']);
      rows.push([`${name}: widest event columns, bytes per row`, widestColumns(f), '', '']);
    }
    const lite = footprint.pglite;
    if (lite.diskBytesPerEvent !== null && lite.walBytes !== null)
      rows.push([
        'PGlite: data directory growth per event (pg_wal aside)',
        `${formatNumber(lite.diskBytesPerEvent)} B (pg_wal ${formatNumber(lite.walBytes / 1_048_576)} MB)`,
        '',
        '',
      ]);
  }
  out();
  out(table(['measure', 'value', 'target', 'result'], rows));
  const seconds = (Date.now() - startedAt) / 1_000;
  out(
    `\n${Object.values(checks).filter(Boolean).length}/${Object.keys(checks).length} targets met in ${round(seconds, 0)} s`,
  );

  const result = {
    when: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model ?? null, cores: availableParallelism(), load: loadavg() },
    seconds: round(seconds, 1),
    ratios: {
      /** Recorder draining a backlog vs raw COPY of the same rows, both into a fresh database. */
      postgresVsCopy: pg ? round(pg.capacityPerSec / pg.copyPerSec, 3) : null,
      /** What the recorder sustained for the whole window (lag bounded or not) vs the same COPY. */
      sustainedVsCopy: pg ? round(pg.sustained.achieved / pg.copyPerSec, 3) : null,
    },
    eventsPerSec: {
      postgres: pg ? Math.round(pg.sustained.achieved) : null,
      pglite: lite ? Math.round(lite.sustained.achieved) : null,
      postgresBacklogDrain: pg ? Math.round(pg.capacityPerSec) : null,
      pgliteBacklogDrain: lite ? Math.round(lite.capacityPerSec) : null,
      postgresCopy: pg ? Math.round(pg.copyPerSec) : null,
    },
    maxLagMs: pg ? Math.round(pg.sustained.maxLagMs) : null,
    lookupP99Ms: lookup ? round(lookup.p99Ms, 3) : null,
    bytesPerEvent: {
      postgres: footprint ? Math.round(footprint.postgres.bytesPerEvent) : null,
      pglite: footprint ? Math.round(footprint.pglite.bytesPerEvent) : null,
      pgliteDisk:
        footprint?.pglite.diskBytesPerEvent != null ? Math.round(footprint.pglite.diskBytesPerEvent) : null,
    },
    postgres: pg && { ...pg, sustained: roundAll(pg.sustained) },
    pglite: lite && {
      ...roundAll({ ...lite, sustained: undefined }),
      sustained: roundAll(lite.sustained),
      maxStallMs: round(Math.max(lite.drainStallMs, lite.sustainedStallMs), 1),
    },
    lookup: lookup && roundAll(lookup),
    footprint: footprint && {
      postgres: { ...roundAll(footprint.postgres), perEvent: roundParts(footprint.postgres) },
      pglite: { ...roundAll(footprint.pglite), perEvent: roundParts(footprint.pglite) },
    },
    targets: TARGETS,
    checks,
  };
  mkdirSync(dirname(OUT_FILE), { recursive: true });
  writeFileSync(OUT_FILE, `${JSON.stringify(result, null, 2)}\n`);
  out(`wrote ${OUT_FILE}`);
}

const roundParts = (f: Footprint) => f.perEvent.map((p) => ({ ...p, bytes: round(p.bytes, 1) }));

function roundAll<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === 'number' ? round(v, 1) : v]),
  ) as T;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:recorder failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
