/**
 * The store's periodic upkeep, on Postgres and PGlite alike:
 * - daily partitions of `events` created ahead (UTC days today..+N, named events_pYYYYMMDD), except for
 *   days whose rows already sit in the default partition (Postgres would refuse the partition);
 * - retention from `retention_policies` (`*` is the default): partitions older than the longest
 *   retention are dropped whole; types with a shorter retention, and old rows of the default partition,
 *   are deleted in batches; deliveries follow the default retention; 10 s rollups keep 24 h, 1 min 30 d;
 * - dead letters recorded before fingerprints existed get theirs (fingerprint-backfill.ts);
 * - handled dead letters and expired replay previews are removed (dead-letter-retention.ts);
 * - ended saga instances and their steps are removed after their retention (saga-retention.ts).
 * On Postgres one recorder at a time runs it (advisory lock); DDL waits at most `lockTimeoutMs` for its
 * lock and otherwise tries again at the next run.
 */
import { enforceDeadLetterRetention } from './dead-letter-retention';
import { backfillFingerprints } from './fingerprint-backfill';
import { enforceSagaRetention } from './saga-retention';
import type { SqlSession, SqlStore } from './sql-session';

export interface MaintenanceOptions {
  /** Days of partitions created after today's. Default 2. */
  partitionsAhead: number;
  /** Retention of every type when `retention_policies` has no `*` row. Default 7 days. */
  defaultRetentionDays: number;
  /** Days a replayed or discarded dead letter is kept after its last action. Default 14. */
  handledDeadLetterDays: number;
  /** Days a completed, compensated or aborted saga instance is kept after its last change. Default 14. */
  endedSagaDays: number;
  /** Default 24 h. */
  rollup10sMaxAgeMs: number;
  /** Default 30 days. */
  rollup1mMaxAgeMs: number;
  /** Rows per delete statement. Default 5,000 on Postgres, 1,000 on PGlite (a short main-thread stall). */
  deleteBatch: number;
  /** How long partition DDL waits for its lock before giving up until the next run. Default 5 s. */
  lockTimeoutMs: number;
}

export const DEFAULT_MAINTENANCE: MaintenanceOptions = {
  partitionsAhead: 2,
  defaultRetentionDays: 7,
  handledDeadLetterDays: 14,
  endedSagaDays: 14,
  rollup10sMaxAgeMs: 24 * 3_600_000,
  rollup1mMaxAgeMs: 30 * 86_400_000,
  deleteBatch: 5_000,
  lockTimeoutMs: 5_000,
};

export interface MaintenanceReport {
  /** False when another recorder held the maintenance lock (nothing was done). */
  ran: boolean;
  created: string[];
  skipped: { partition: string; reason: string }[];
  dropped: string[];
  deleted: {
    events: number;
    deliveries: number;
    rollups: number;
    deadLetters: number;
    previews: number;
    sagas: number;
  };
  /** Dead letters recorded without a fingerprint that got one. */
  fingerprinted: number;
}

const DAY_MS = 86_400_000;
/** Arbitrary but fixed (db/migrate.ts uses 727_001). */
const MAINTENANCE_LOCK_ID = 727_002;
const PARTITION_NAME = /^events_p(\d{4})(\d{2})(\d{2})$/;

export function partitionName(dayStartMs: number): string {
  return `events_p${new Date(dayStartMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

export function partitionDay(name: string): number | null {
  const match = PARTITION_NAME.exec(name);
  return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
}

export async function runMaintenance(
  store: SqlStore,
  options: MaintenanceOptions = DEFAULT_MAINTENANCE,
  now = Date.now(),
  signal?: AbortSignal,
): Promise<MaintenanceReport> {
  const report: MaintenanceReport = {
    ran: false,
    created: [],
    skipped: [],
    dropped: [],
    deleted: { events: 0, deliveries: 0, rollups: 0, deadLetters: 0, previews: 0, sagas: 0 },
    fingerprinted: 0,
  };
  return store.session(async (s) => {
    if (store.kind === 'postgres') {
      const [row] = await s.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [
        String(MAINTENANCE_LOCK_ID),
      ]);
      if (!row?.locked) return report;
    }
    try {
      report.ran = true;
      await ensurePartitions(s, options, now, report);
      await enforceRetention(store, s, options, now, report, signal);
      report.fingerprinted = await backfillFingerprints(store, s, options.deleteBatch, signal);
      const handled = await enforceDeadLetterRetention(
        store,
        s,
        { handledDays: options.handledDeadLetterDays, batch: options.deleteBatch, now },
        signal,
      );
      report.deleted.deadLetters = handled.deadLetters;
      report.deleted.previews = handled.previews;
      report.deleted.sagas = await enforceSagaRetention(
        store,
        s,
        { endedDays: options.endedSagaDays, batch: options.deleteBatch, now },
        signal,
      );
      if (store.kind === 'pglite' && !signal?.aborted) await tidyEmbedded(s, report);
      return report;
    } finally {
      if (store.kind === 'postgres') {
        await s.query('select pg_advisory_unlock($1::bigint)', [String(MAINTENANCE_LOCK_ID)]);
      }
    }
  });
}

/** Tables whose rows are updated in place all day (counters): their dead rows need a vacuum to be reused. */
const UPSERTED_TABLES = ['metric_rollups', 'topology_edges', 'service_nodes'];

/**
 * The embedded store runs single-user: no autovacuum and no checkpointer. Without a vacuum the space of
 * deleted and updated rows is never reused, so the files only grow; without a checkpoint pg_wal keeps
 * up to max_wal_size.
 */
async function tidyEmbedded(s: SqlSession, report: MaintenanceReport): Promise<void> {
  const tables = [...UPSERTED_TABLES];
  if (report.deleted.deliveries > 0) tables.push('deliveries');
  if (report.deleted.events > 0) tables.push('events');
  await s.query(`vacuum ${tables.join(', ')}`);
  await s.query('checkpoint');
}

async function listPartitions(s: SqlSession): Promise<string[]> {
  const rows = await s.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     where i.inhparent = 'events'::regclass`,
  );
  return rows.map((r) => r.name);
}

/** Runs DDL with a bounded lock wait; a refusal is reported, not thrown. */
async function ddl(s: SqlSession, text: string, lockTimeoutMs: number): Promise<string | null> {
  await s.query(`set lock_timeout = ${Math.max(1, Math.round(lockTimeoutMs))}`);
  try {
    await s.query(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await s.query('reset lock_timeout');
  }
}

async function ensurePartitions(
  s: SqlSession,
  options: MaintenanceOptions,
  now: number,
  report: MaintenanceReport,
): Promise<void> {
  const existing = new Set(await listPartitions(s));
  const today = now - (now % DAY_MS);
  for (let day = 0; day <= options.partitionsAhead; day++) {
    const from = today + day * DAY_MS;
    const name = partitionName(from);
    if (existing.has(name)) continue;
    const fromIso = new Date(from).toISOString();
    const toIso = new Date(from + DAY_MS).toISOString();
    const inDefault = await s.query(
      'select 1 from events_default where time >= $1::timestamptz and time < $2::timestamptz limit 1',
      [fromIso, toIso],
    );
    if (inDefault.length > 0) {
      report.skipped.push({
        partition: name,
        reason: 'rows of that day already sit in the default partition',
      });
      continue;
    }
    const refused = await ddl(
      s,
      `create table if not exists "${name}" partition of events for values from ('${fromIso}') to ('${toIso}')`,
      options.lockTimeoutMs,
    );
    if (refused) report.skipped.push({ partition: name, reason: refused });
    else report.created.push(name);
  }
}

async function enforceRetention(
  store: SqlStore,
  s: SqlSession,
  options: MaintenanceOptions,
  now: number,
  report: MaintenanceReport,
  signal: AbortSignal | undefined,
): Promise<void> {
  const policies = new Map(
    (await s.query<{ type: string; days: number }>('select type, days from retention_policies')).map((r) => [
      r.type,
      Number(r.days),
    ]),
  );
  const defaultDays = policies.get('*') ?? options.defaultRetentionDays;
  policies.delete('*');
  const longest = Math.max(defaultDays, ...policies.values());
  const cutoff = (days: number) => new Date(now - days * DAY_MS).toISOString();

  // whole partitions older than the longest retention
  for (const name of await listPartitions(s)) {
    const day = partitionDay(name);
    if (day === null || day + DAY_MS > now - longest * DAY_MS) continue;
    const refused = await ddl(s, `drop table if exists "${name}"`, options.lockTimeoutMs);
    if (refused) report.skipped.push({ partition: name, reason: refused });
    else report.dropped.push(name);
  }

  const batch = String(options.deleteBatch);
  const repeat = async (text: string, params: string[]): Promise<number> => {
    let total = 0;
    for (;;) {
      if (signal?.aborted) return total;
      const [row] = await s.query<{ n: number }>(text, params);
      const n = Number(row?.n ?? 0);
      total += n;
      await store.pause();
      if (n < options.deleteBatch) return total;
    }
  };
  const deleteEvents = (where: string, params: string[]) =>
    repeat(
      `with d as (delete from events where (source, event_id, time) in (select source, event_id, time from events ` +
        `where ${where} limit $${params.length + 1}::integer) returning 1) select count(*)::integer as n from d`,
      [...params, batch],
    );

  // types whose retention is shorter than the longest
  for (const [type, days] of policies) {
    if (days < longest)
      report.deleted.events += await deleteEvents('type = $1 and time < $2::timestamptz', [
        type,
        cutoff(days),
      ]);
  }
  if (defaultDays < longest) {
    const keptLonger = [...policies].filter(([, days]) => days > defaultDays).map(([type]) => type);
    report.deleted.events += await deleteEvents('time < $1::timestamptz and not (type = any($2::text[]))', [
      cutoff(defaultDays),
      `{${keptLonger.map((t) => `"${t.replace(/["\\]/g, '\\$&')}"`).join(',')}}`,
    ]);
  }
  // the default partition is never dropped: its old rows go one batch at a time
  report.deleted.events += await repeat(
    `with d as (delete from events_default where (source, event_id, time) in (select source, event_id, time ` +
      `from events_default where time < $1::timestamptz limit $2::integer) returning 1) select count(*)::integer as n from d`,
    [cutoff(longest), batch],
  );

  const byCtid = (table: string, where: string) =>
    `with d as (delete from ${table} where ctid = any(array(select ctid from ${table} where ${where} ` +
    `limit $2::integer)) returning 1) select count(*)::integer as n from d`;
  report.deleted.deliveries += await repeat(byCtid('deliveries', 'at < $1::timestamptz'), [
    cutoff(defaultDays),
    batch,
  ]);
  report.deleted.rollups += await repeat(
    byCtid('metric_rollups', `resolution = '10s' and bucket_start < $1::timestamptz`),
    [new Date(now - options.rollup10sMaxAgeMs).toISOString(), batch],
  );
  report.deleted.rollups += await repeat(
    byCtid('metric_rollups', `resolution = '1m' and bucket_start < $1::timestamptz`),
    [new Date(now - options.rollup1mMaxAgeMs).toISOString(), batch],
  );
}
