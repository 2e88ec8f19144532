/**
 * Planner statistics for the store's tables. Autovacuum keeps them on a Postgres tuned as shipped, but
 * the embedded store runs without it, a Postgres may run with it off, and no autovacuum ever analyzes a
 * partitioned table as a whole. A table without statistics is planned as a few hundred rows of guessed
 * values: a day of events gets sorted to find its newest thousand, a search summarises traces through
 * plans meant for empty tables.
 *
 * The rule works on both stores alike (PGlite keeps no activity counters): a table is analyzed when its
 * file has grown by a fifth since its statistics were taken (`relpages` is what the last ANALYZE or
 * VACUUM saw), or when it holds rows and has never had any. A partition of `events` that is due
 * analyzes `events` itself, which samples the whole table and then each partition.
 */
import type { SqlSession, SqlStore } from './sql-session';

/** Smaller tables are read whole whatever the plan: their statistics matter little. */
const MIN_PAGES = 16;
/**
 * PGlite answers every statement on one thread, so an ANALYZE there holds up the recorder's writes
 * while it samples: it samples a tenth of the default (3,000 rows a table), plenty for the plans the
 * console needs. Postgres analyzes beside the writes and keeps the default.
 */
const PGLITE_STATISTICS_TARGET = 10;
const GROWTH = 1.2;
/** Arbitrary but fixed, beside maintenance.ts's 727_002: one recorder at a time analyzes. */
const STATISTICS_LOCK_ID = 727_003;
const PARTITIONED = 'events';

interface TableState {
  name: string;
  partition: boolean;
  pages: number;
  relpages: number;
  analyzed: boolean;
}

async function tableStates(s: SqlSession): Promise<TableState[]> {
  const rows = await s.query<{
    name: string;
    partition: boolean;
    pages: string | number;
    relpages: number;
    analyzed: boolean;
  }>(
    `select c.relname as name, c.relispartition as partition, c.relpages,
            pg_relation_size(c.oid) / current_setting('block_size')::int as pages,
            exists (select 1 from pg_stats st where st.schemaname = n.nspname and st.tablename = c.relname)
              as analyzed
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = current_schema() and c.relkind in ('r', 'p')`,
  );
  return rows.map((row) => ({ ...row, pages: Number(row.pages), relpages: Math.max(0, row.relpages) }));
}

function due(table: TableState): boolean {
  if (table.pages < MIN_PAGES) return false;
  return !table.analyzed || table.pages > table.relpages * GROWTH;
}

/** Analyzes the tables that are due; returns their names (`events` standing for its partitions). */
export async function refreshStatistics(store: SqlStore): Promise<string[]> {
  return store.session(async (s) => {
    if (store.kind === 'postgres') {
      const [row] = await s.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [
        String(STATISTICS_LOCK_ID),
      ]);
      if (!row?.locked) return [];
    }
    try {
      const tables = await tableStates(s);
      const partitionDue = tables.some((t) => t.partition && due(t));
      const parentNeverAnalyzed = tables.some((t) => t.name === PARTITIONED && !t.analyzed);
      const partitionsHoldRows = tables.some((t) => t.partition && t.pages >= MIN_PAGES);
      const names = tables.filter((t) => !t.partition && t.name !== PARTITIONED && due(t)).map((t) => t.name);
      if (partitionDue || (parentNeverAnalyzed && partitionsHoldRows)) names.unshift(PARTITIONED);
      if (names.length > 0 && store.kind === 'pglite') {
        await s.query(`set default_statistics_target = ${PGLITE_STATISTICS_TARGET}`);
      }
      // one statement per table: a table dropped meanwhile (a partition past retention) fails alone
      for (const name of names) await s.query(`analyze "${name}"`);
      return names;
    } finally {
      if (store.kind === 'pglite') await s.query('reset default_statistics_target');
      if (store.kind === 'postgres') {
        await s.query('select pg_advisory_unlock($1::bigint)', [String(STATISTICS_LOCK_ID)]);
      }
    }
  });
}
