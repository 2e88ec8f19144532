/**
 * Bytes stored per event, on one store: the demo's traffic (its real fan-out: every event handled by its
 * groups, each delivery reported on the telemetry stream) recorded into a fresh store, then every table
 * of the schema measured with pg_relation_size (heap, TOAST, each index; partitions folded into their
 * table). Bytes per event = (size after - size of the freshly migrated store) / events recorded.
 * On PGlite the data directory is measured too, after a CHECKPOINT, as the disk sees it: its growth
 * without pg_wal per event, and pg_wal on its own (bounded by max_wal_size, not by the events).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import type { Store } from '@/db/client';
import { createKeys } from '@/server/bus';
import { startDemo } from '@/server/demo/demo';
import { seededRandom } from '@/server/demo/random';
import { startRecorder, type RecorderSettings } from '@/server/recorder';
import { sqlStore } from '@/server/recorder/sql-session';
import { deletePrefix, sleep, until } from './support';

export interface RelationSize {
  /** The table (a partition counts as its parent). */
  table: string;
  /** `heap`, `toast`, or the index's name (a partition's index counts as its parent index). */
  part: string;
  bytes: number;
}

export interface Footprint {
  events: number;
  deliveries: number;
  /** Net bytes of the recorder's tables (rows, TOAST, indexes) per recorded event. */
  bytesPerEvent: number;
  /**
   * Net bytes of deliveries (and their consumers) per delivery: the fan-out in a short window depends
   * on how far the demo's services keep up on a busy machine, so this says what one more costs.
   */
  bytesPerDelivery: number;
  /** Net bytes by table and part, largest first, per event. */
  perEvent: { table: string; part: string; bytes: number }[];
  /** PGlite only: growth of the data directory after a checkpoint, per event, pg_wal aside. */
  diskBytesPerEvent: number | null;
  /** PGlite only: the size of pg_wal at the end. */
  walBytes: number | null;
  /** Average stored size of each column of an events row (pg_column_size), largest first. */
  eventColumns: { column: string; bytes: number }[];
}

/** Every table of the public schema, by part; partitions and their indexes under their parents' names. */
const SIZES_SQL = `
  with rels as (
    select c.oid, c.relkind, coalesce(p.relname, c.relname) as tbl
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    left join pg_inherits i on i.inhrelid = c.oid
    left join pg_class p on p.oid = i.inhparent
    where c.relkind = 'r'
  )
  select tbl as "table", 'heap' as part, sum(pg_relation_size(oid))::bigint as bytes from rels group by tbl
  union all
  select tbl, 'toast', sum(pg_table_size(oid) - pg_relation_size(oid))::bigint from rels group by tbl
  union all
  select r.tbl, coalesce(pi.relname, ic.relname), sum(pg_relation_size(ic.oid))::bigint
  from rels r
  join pg_index x on x.indrelid = r.oid
  join pg_class ic on ic.oid = x.indexrelid
  left join pg_inherits ii on ii.inhrelid = ic.oid
  left join pg_class pi on pi.oid = ii.inhparent
  group by r.tbl, coalesce(pi.relname, ic.relname)`;

export async function relationSizes(store: Store): Promise<RelationSize[]> {
  const rows = await sqlStore(store).query<{ table: string; part: string; bytes: string | number }>(
    SIZES_SQL,
  );
  return rows.map((r) => ({ table: r.table, part: r.part, bytes: Number(r.bytes) }));
}

/** Bytes under a directory (apparent file sizes), leaving out the subdirectories named in `skip`. */
export function directoryBytes(dir: string, skip: readonly string[] = []): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? directoryBytes(path, skip) : statSync(path).size;
  }
  return total;
}

const WAL = 'pg_wal';
const DELIVERY_TABLES = ['deliveries', 'delivery_consumers'];

const partKey = (r: RelationSize): string => `${r.table}\u0001${r.part}`;

/**
 * pg_column_size of every column of `events`, averaged over every row (a null counts 0: it takes a
 * bit of the row's null bitmap): where the heap's bytes go, row by row. Averaged over the non-null
 * values alone, a column only a few malformed or foreign entries fill ranked among the widest.
 */
async function eventColumnSizes(store: Store): Promise<{ column: string; bytes: number }[]> {
  const sql = sqlStore(store);
  const columns = await sql.query<{ name: string }>(
    `select attname as name from pg_attribute where attrelid = 'events'::regclass and attnum > 0
     and not attisdropped order by attnum`,
  );
  if (columns.length === 0) return [];
  const select = columns
    .map((c, i) => `coalesce(sum(pg_column_size("${c.name}")), 0)::float8 / greatest(count(*), 1) as c${i}`)
    .join(', ');
  const [row] = await sql.query<Record<string, number>>(`select ${select} from events`);
  return columns
    .map((c, i) => ({ column: c.name, bytes: Number(row?.[`c${i}`] ?? 0) }))
    .sort((a, b) => b.bytes - a.bytes);
}

async function count(store: Store, table: string): Promise<number> {
  const rows = await sqlStore(store).query<{ n: string | number }>(`select count(*) as n from ${table}`);
  return Number(rows[0]?.n ?? 0);
}

export interface FootprintOptions {
  redis: Redis;
  store: Store;
  /** A fresh key prefix for the demo's streams (removed at the end). */
  prefix: string;
  /** The PGlite data directory, to measure it on disk. */
  pgliteDir?: string;
  /** Demo source events per second (the demo's default is 50) and how long to run it. */
  ratePerSec: number;
  seconds: number;
  recorder?: RecorderSettings;
}

/** Runs the demo into a freshly migrated store with a recorder, and measures what it stored. */
export async function measureFootprint(options: FootprintOptions): Promise<Footprint> {
  const { redis, store, prefix } = options;
  const pglite = store.kind === 'pglite' ? sqlStore(store) : null;
  if (pglite) await pglite.query('checkpoint');
  const empty = new Map((await relationSizes(store)).map((r) => [partKey(r), r.bytes]));
  const emptyDisk = options.pgliteDir ? directoryBytes(options.pgliteDir, [WAL]) : null;

  const keys = createKeys(prefix);
  const demo = startDemo({ redis, prefix, ratePerSec: options.ratePerSec, random: seededRandom(20_261_203) });
  const recorder = startRecorder({
    redis,
    store,
    keys,
    options: {
      streams: `${prefix}*`,
      statusEveryMs: 250,
      discoverEveryMs: 1_000,
      maintenanceEveryMs: 3_600_000,
      ...options.recorder,
    },
  });
  try {
    await demo.ready;
    await recorder.ready;
    await sleep(options.seconds * 1_000);
    await demo.stop();
    // caught up: nothing left to record for a few status samples in a row
    let last = -1;
    let still = 0;
    await until(
      () => {
        const { totals } = recorder.status();
        const now = totals.events + totals.deliveries;
        still = now === last ? still + 1 : 0;
        last = now;
        return still >= 8;
      },
      'the recorder to record the demo',
      120_000,
      250,
    );
  } finally {
    await demo.stop();
    await recorder.stop();
    await deletePrefix(redis, prefix);
  }

  if (pglite) await pglite.query('checkpoint');
  const events = await count(store, 'events');
  const deliveries = await count(store, 'deliveries');
  const after = await relationSizes(store);
  const net = after
    .map((r) => ({ table: r.table, part: r.part, bytes: r.bytes - (empty.get(partKey(r)) ?? 0) }))
    .filter((r) => r.bytes !== 0);
  const total = net.reduce((sum, r) => sum + r.bytes, 0);
  const perEvent = events > 0 ? 1 / events : 0;
  const deliveryBytes = net
    .filter((r) => DELIVERY_TABLES.includes(r.table))
    .reduce((sum, r) => sum + r.bytes, 0);
  return {
    events,
    deliveries,
    bytesPerEvent: total * perEvent,
    bytesPerDelivery: deliveries > 0 ? deliveryBytes / deliveries : 0,
    perEvent: net
      .sort((a, b) => b.bytes - a.bytes)
      .map((r) => ({ table: r.table, part: r.part, bytes: r.bytes * perEvent })),
    diskBytesPerEvent:
      options.pgliteDir && emptyDisk !== null
        ? (directoryBytes(options.pgliteDir, [WAL]) - emptyDisk) * perEvent
        : null,
    walBytes: options.pgliteDir ? directoryBytes(join(options.pgliteDir, WAL)) : null,
    eventColumns: await eventColumnSizes(store),
  };
}
